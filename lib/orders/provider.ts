/**
 * What the order service asks of the ticket provider, in the portal's own types (lib/provider maps
 * the wire format). Business refusals become `ProviderRefusal`; transport failures stay ProviderError
 * so jobs retry them.
 */
import 'server-only';
import type { Order, OrderTicket } from '@/db/schema';
import { openPii } from '@/lib/crypto/pii';
import { fenToYuan } from '@/lib/domain/money';
import { env } from '@/lib/env';
import {
  formatWireDateTime,
  ProviderError,
  providerClientFromEnv,
  toOrderDetail,
  type OrderDetail,
  type ProviderClient,
} from '@/lib/provider';
import { isNotLoggedIn, orderCredentials, REBIND_MESSAGE, renewLogin } from '@/lib/train-account/store';
import { retryCustomerOrderNo } from './numbers';

let client: ProviderClient | undefined;
export function orderProviderClient(): ProviderClient {
  client ??= providerClientFromEnv();
  return client;
}

/** A provider refusal (success: false) with its message and msgCode. */
export class ProviderRefusal extends Error {
  constructor(
    message: string,
    readonly msgCode: number | null,
  ) {
    super(message);
  }
}

async function business<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ProviderError && e.kind === 'business') throw new ProviderRefusal(e.message, e.msgCode ?? null);
    throw e;
  }
}

export function portalPublicUrl(): string {
  const e = env();
  return (e.PORTAL_PUBLIC_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
}

/**
 * 创单. A child travelling on an adult's ID is sent with the adult's name, card type and number
 * (juhe-train-booking-faq.md §10: "儿童票...使用成人的证件信息购买"), ticketType 2.
 */
export async function createAtProvider(
  order: Order,
  tickets: OrderTicket[],
  opts: { retry?: boolean } = {},
): Promise<{ orderNo: string }> {
  // A second 创单 after a hold failed for "not logged in" needs a number the provider has not seen
  // ("单号值必须唯一,否则会被系统判定为重复下单进行拦截").
  if (opts.retry) order = { ...order, customerOrderNo: retryCustomerOrderNo(order.customerOrderNo) };
  const credentials = await orderCredentials(order);
  if (!credentials) throw new ProviderRefusal(REBIND_MESSAGE, null);
  try {
    return await createWith(order, tickets, credentials);
  } catch (e) {
    // "Not logged in" with the traveller's own account: log in again and try once more; a second
    // refusal (or a failed login) means the traveller must bind the account again.
    if (!(e instanceof ProviderRefusal) || !order.trainAccountId || !isNotLoggedIn(e.message)) throw e;
    if (!(await renewLogin(order.trainAccountId))) throw new ProviderRefusal(REBIND_MESSAGE, e.msgCode);
    const renewed = await orderCredentials(order);
    if (!renewed) throw new ProviderRefusal(REBIND_MESSAGE, e.msgCode);
    try {
      return await createWith(order, tickets, renewed);
    } catch (again) {
      if (again instanceof ProviderRefusal && isNotLoggedIn(again.message))
        throw new ProviderRefusal(REBIND_MESSAGE, again.msgCode);
      throw again;
    }
  }
}

export { retryCustomerOrderNo };

async function createWith(
  order: Order,
  tickets: OrderTicket[],
  credentials: { trainAccount: string; trainPassword: string },
): Promise<{ orderNo: string }> {
  const base = portalPublicUrl();
  const data = await business(
    orderProviderClient().createOrder({
      customerOrderNo: order.customerOrderNo,
      contactName: tickets[0]?.idName ?? tickets[0]?.passengerName ?? '旅客',
      contactMobile: order.contactMobile ?? '',
      trainCode: order.trainCode,
      fromStation: order.fromStation,
      toStation: order.toStation,
      fromDateTime: formatWireDateTime(order.departureAt),
      toDateTime: formatWireDateTime(order.arrivalAt ?? order.departureAt),
      trainAccount: credentials.trainAccount,
      trainPassword: credentials.trainPassword,
      isChooseSeats: !!order.chooseSeats,
      chooseSeats: order.chooseSeats,
      chooseSleeper: order.chooseSleeper ?? '',
      isAcceptStanding: order.acceptStanding,
      callBackUrl: `${base}/api/provider/callbacks/order`,
      refundTicketCallbackUrl: `${base}/api/provider/callbacks/refund`,
      passengers: tickets.map((t) => ({
        name: t.idName ?? t.passengerName,
        cardType: Number(t.idType),
        cardNo: openPii(t.idNo),
        mobile: order.contactMobile,
        ticketType: t.ticketType,
        seatType: order.seatType,
      })),
    }),
  );
  return { orderNo: data.orderNo };
}

export async function readDetail(orderNo: string): Promise<OrderDetail> {
  return toOrderDetail(await business(orderProviderClient().orderDetail(orderNo)));
}

export async function confirmAtProvider(orderNo: string, payAmountFen: number): Promise<void> {
  await business(orderProviderClient().confirmOrder(orderNo, fenToYuan(payAmountFen)));
}

export async function cancelAtProvider(orderNo: string): Promise<void> {
  await business(orderProviderClient().cancelOrder(orderNo));
}

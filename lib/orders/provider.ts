/**
 * What the order service asks of the ticket provider, in the portal's own types (lib/provider maps
 * the wire format). Business refusals become `ProviderRefusal`; transport failures stay ProviderError
 * so jobs retry them.
 */
import 'server-only';
import type { Order, OrderTicket } from '@/db/schema';
import { openPii } from '@/lib/crypto/pii';
import { env } from '@/lib/env';
import { ProviderError, type OrderDetail, type TicketProvider, type TrainCredentials } from '@/lib/provider';
import { providerFor } from '@/lib/provider/registry';
import { isNotLoggedIn, orderCredentials, REBIND_MESSAGE, renewLogin } from '@/lib/train-account/store';
import { holdDocuments } from './documents';
import { openContactMobile } from './contact-mobile';
import { retryCustomerOrderNo } from './numbers';

/** Which provider an order lives with, and its number there. */
export interface ProviderRef {
  provider: string;
  providerOrderNo: string;
}

/** The provider an order belongs to (every later step of an order goes to it). */
export function providerOf(order: Pick<Order, 'provider'>): TicketProvider {
  return providerFor(order.provider);
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
    if (e instanceof ProviderError && e.kind === 'business')
      throw new ProviderRefusal(e.message, e.catalogueCode ?? e.msgCode ?? null);
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
  // A provider that books with its own 12306 accounts (juhe-train-api.md: "no traveller 12306 login is
  // sent") takes no credentials.
  if (!providerOf(order).capabilities.trainAccount) return createWith(order, tickets, null);
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
  credentials: TrainCredentials | null,
): Promise<{ orderNo: string }> {
  // Stored sealed (issue 26 item 10): opened only here, for the provider's 创单.
  const contactMobile = openContactMobile(order.contactMobile);
  return business(
    providerOf(order).hold({
      customerOrderNo: order.customerOrderNo,
      contactName: tickets[0]?.idName ?? tickets[0]?.passengerName ?? '旅客',
      contactMobile,
      trainCode: order.trainCode,
      fromStation: order.fromStation,
      toStation: order.toStation,
      departAt: order.departureAt,
      arriveAt: order.arrivalAt ?? order.departureAt,
      seatType: order.seatType,
      acceptStanding: order.acceptStanding,
      chooseSeats: order.chooseSeats,
      chooseSleeper: order.chooseSleeper,
      credentials,
      callbackBase: portalPublicUrl(),
      passengers: tickets.map((t) => ({
        name: t.idName ?? t.passengerName,
        cardType: Number(t.idType),
        cardNo: openPii(t.idNo),
        ticketType: t.ticketType,
        seatType: order.seatType,
        priceFen: t.priceFen ?? null,
        // The ID's birthday/sex/countryCode (创单 l.103-106) and the passenger's own mobile, else the contact's.
        ...holdDocuments(t, contactMobile || null),
      })),
    }),
  );
}

/** 订单详情 from the order's provider. */
export async function readDetail(ref: ProviderRef): Promise<OrderDetail> {
  return business(providerFor(ref.provider).detail(ref.providerOrderNo));
}

/** 确认出票 / pay at the order's provider. */
export async function confirmAtProvider(ref: ProviderRef, payAmountFen: number): Promise<void> {
  await business(providerFor(ref.provider).confirm(ref.providerOrderNo, payAmountFen));
}

export async function cancelAtProvider(ref: ProviderRef): Promise<void> {
  await business(providerFor(ref.provider).cancel(ref.providerOrderNo));
}

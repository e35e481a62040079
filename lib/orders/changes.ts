/**
 * 改签 from the traveller. A change is its own order (change_orders, 30 → 31 → 33 → 34, or 32/35/37),
 * moved only by the order service from what 订单详情 says. Money follows the provider exactly:
 * the provider debits needPayAmount at 确认改签 and, after it, refunds refundAmount (the original fare
 * for a dearer change, chaRefundType 3; the difference less fees for a cheaper one, chaRefundType 2).
 * The traveller pays us the part that is theirs before we confirm — for a dearer change the new fare
 * plus the fee less the original fare the provider gives back, i.e. the difference plus the fee — and
 * gets back whatever the provider refunds beyond that.
 */
import 'server-only';
import { and, desc, eq, gt, inArray } from 'drizzle-orm';
import { db } from '@/db/client';
import {
  changeOrders,
  orders,
  orderTickets,
  payments,
  ticketRefunds,
  type ChangeOrder,
  type Order,
  type OrderTicket,
} from '@/db/schema';
import { changeSettlement, fareForTicketType, sumChangeSettlements } from '@/lib/domain/fees';
import { refusalText } from '@/lib/domain/refusals';
import { ruleAt } from '@/lib/domain/rules';
import { parseChooseSeats, parseChooseSleeper } from '@/lib/domain/seats';
import { canApplyForChange, CHANGE_ORDER_STATUS as C, TICKET_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { QUEUES } from '@/lib/jobs';
import { cityOfStation, stationsOfCity } from '@/lib/stations';
import {
  changeStationsVerdict,
  destinationChangeAllowed,
  destinationChangeDeadline,
} from '@/lib/domain/change-stations';
import { findOffer, SearchError, searchTrains } from '@/lib/search/search';
import { ProviderBusinessError, providerSearch } from '@/lib/search/provider';
import type { TrainOffer } from '@/lib/search/types';
import { ProviderError } from '@/lib/provider';
import { newPaymentNo } from './numbers';
import { openCashier, paymentGateway } from './cashier';
import { payChangeFromBalance } from './balance';
import { travellerCredit, travellerDue } from './change-due';
import { changeUnavailable } from './capabilities';
import { portalPublicUrl, providerOf, ProviderRefusal, readDetail } from './provider';
import { applyDetail, withOrder } from './service';

export const OPEN_CHANGE: number[] = [C.HOLDING, C.HELD, C.ISSUING];

async function tickets(orderId: string): Promise<OrderTicket[]> {
  return db().select().from(orderTickets).where(eq(orderTickets.orderId, orderId));
}

/** Tickets that may be changed now: issued, never the result of a change, no refund or change open. */
export async function changeableTickets(order: Order): Promise<OrderTicket[]> {
  const all = await tickets(order.id);
  const refunding = await db()
    .select({ ticketId: ticketRefunds.ticketId })
    .from(ticketRefunds)
    .where(and(eq(ticketRefunds.orderId, order.id), inArray(ticketRefunds.status, [20, 23])));
  const changing = await db()
    .select({ ticketIds: changeOrders.ticketIds })
    .from(changeOrders)
    .where(and(eq(changeOrders.orderId, order.id), inArray(changeOrders.status, OPEN_CHANGE)));
  const busy = new Set([...refunding.map((r) => r.ticketId), ...changing.flatMap((c) => c.ticketIds)]);
  return all.filter((t) => canApplyForChange(t) && !busy.has(t.id));
}

/**
 * The stations a change may go between (lib/domain/change-stations.ts): departures of the original
 * departure's city, arrivals of the original arrival's city, and — while 变更到站 is allowed
 * (changeDestinationHoursBefore before the original departure) — any station, until `destinationUntil`.
 */
export interface ChangeStationChoice {
  fromStations: string[];
  toStations: string[];
  fromCity: string;
  toCity: string;
  destinationChangeAllowed: boolean;
  destinationUntil: string;
  /** changeDestinationHoursBefore (rules table). */
  destinationHoursBefore: number;
}

function cityStations(station: string): { city: string; stations: string[] } {
  const city = cityOfStation(station) ?? station;
  const stations = stationsOfCity(city);
  // The original station first, then the others (an unknown original stands alone).
  return { city, stations: [station, ...stations.filter((s) => s !== station)] };
}

export function changeStationChoice(
  order: Pick<Order, 'fromStation' | 'toStation' | 'departureAt'>,
  now = new Date(),
): ChangeStationChoice {
  const from = cityStations(order.fromStation);
  const to = cityStations(order.toStation);
  return {
    fromStations: from.stations,
    toStations: to.stations,
    fromCity: from.city,
    toCity: to.city,
    destinationChangeAllowed: destinationChangeAllowed(order.departureAt, now),
    destinationUntil: destinationChangeDeadline(order.departureAt, now).toISOString(),
    destinationHoursBefore: ruleAt('changeDestinationHoursBefore', now),
  };
}

/** The chosen stations of a change checked against the rules: refused with plain words (4xx) otherwise. */
export function assertChangeStations(
  order: Pick<Order, 'fromStation' | 'toStation' | 'departureAt'>,
  next: { fromStation: string; toStation: string },
  changesDone = 0,
): void {
  const v = changeStationsVerdict({
    original: order,
    next,
    // The original stations are their own city when the bundled list does not know them.
    cityOf: (s) => cityOfStation(s) ?? (s === order.fromStation || s === order.toStation ? s : null),
    changesDone,
  });
  if (!v.ok) throw new AppError(v.status, v.message, { [v.field]: [v.message] });
}

export interface ChangeQuote {
  priceChangeType: 1 | 2 | 3;
  originalFen: number;
  newFen: number;
  changeFeeFen: number;
  diffRefundFeeFen: number;
  /** What the provider takes at 确认改签 and gives back after it. */
  needPayFen: number;
  providerRefundFen: number;
  /** What the traveller pays us before the confirm (0: nothing), and gets back after it. */
  travellerPaysFen: number;
  travellerGetsFen: number;
}

/** The settlement of changing `chosen` to a seat class of `offer` (lib/domain/fees, per ticket). */
export function quoteChange(
  chosen: OrderTicket[],
  offer: TrainOffer,
  seatType: number,
  originalDepartureAt: Date,
  now = new Date(),
): ChangeQuote {
  const seat = offer.seats.find((s) => s.seatType === seatType);
  if (!seat) throw new AppError('validation', '该车次没有所选席别。', { seatType: ['该车次没有所选席别。'] });
  const lines = chosen.map((t) =>
    changeSettlement({
      originalFen: t.priceFen,
      newFen: fareForTicketType(seat.priceFen, t.ticketType, seatType, now),
      originalDepartureAt,
      now,
    }),
  );
  const s = sumChangeSettlements(lines);
  // For a dearer change the provider gives the original fare back after it; the traveller is asked
  // only for the rest (travellerCredit), and gets back whatever the provider refunds beyond it.
  const credit = travellerCredit(s.priceChangeType, s.originalFen);
  return {
    priceChangeType: s.priceChangeType,
    originalFen: s.originalFen,
    newFen: s.newFen,
    changeFeeFen: s.changeFeeFen,
    diffRefundFeeFen: s.diffRefundFeeFen,
    needPayFen: s.needPayFen,
    providerRefundFen: s.refundFen,
    travellerPaysFen: Math.max(0, s.needPayFen - credit),
    travellerGetsFen: Math.max(0, s.refundFen - credit),
  };
}

export interface ChangeInput {
  ticketIds: string[];
  date: string;
  trainCode: string;
  /** The new departure station (default: the original one); another station of its city only. */
  fromStation?: string | undefined;
  toStation: string;
  seatType: number;
  chooseSeats?: string | undefined;
  chooseSleeper?: string | undefined;
}

/**
 * A provider without 改签 through its API (capabilities.change false): refused with its plain words on
 * where to change instead, before anything is searched or asked (the order page shows the same words).
 */
export function assertChangeable(order: Pick<Order, 'provider'>): void {
  const why = changeUnavailable(providerOf(order).capabilities);
  if (why) throw new AppError('conflict', why);
}

/**
 * Trains a ticket may be changed to between the chosen stations (default: the original ones), checked
 * against the station rules first: from the order's own provider (a 改签 goes to it), through the
 * shared search when that answered, else asked directly (the routed search failed over to another).
 * Only trains between exactly the chosen stations are listed (a station name also finds its
 * same-city namesakes at the provider: 昆山 → 昆山南).
 */
export async function changeSearch(
  order: Order,
  date: string,
  stations: { fromStation?: string | undefined; toStation?: string | undefined } = {},
): Promise<TrainOffer[]> {
  assertChangeable(order);
  const from = stations.fromStation ?? order.fromStation;
  const to = stations.toStation ?? order.toStation;
  assertChangeStations(order, { fromStation: from, toStation: to });
  const answer = await searchTrains(from, to, date);
  const all =
    answer.provider === order.provider
      ? answer.offers
      : await providerSearch(from, to, date, providerOf(order)).catch((e: unknown) => {
          throw new SearchError(e instanceof ProviderBusinessError ? e.message : '余票查询暂时不可用，请稍后再试。');
        });
  return all.filter((t) => t.fromStation === from && t.toStation === to);
}

/** 申请改签: the provider answers the chaNo; the hold's result comes by callback (change.hold). */
export async function applyForChange(order: Order, input: ChangeInput, actor: string): Promise<{ changeId: string }> {
  assertChangeable(order);
  if (!order.providerOrderNo) throw new AppError('conflict', '订单尚未出票。');
  const fromStation = input.fromStation ?? order.fromStation;
  // One change per ticket (changesPerTicket), then the stations (same cities; 变更到站 only ≥ 48 h).
  const asked = (await tickets(order.id)).filter((t) => input.ticketIds.includes(t.id));
  assertChangeStations(
    order,
    { fromStation, toStation: input.toStation },
    // A ticket from a change, or an original already changed (34), has had its one change.
    asked.some((t) => t.changeOrderId !== null || t.status === TICKET_STATUS.CHANGE_ISSUED) ? 1 : 0,
  );
  const ok = await changeableTickets(order);
  const chosen = ok.filter((t) => input.ticketIds.includes(t.id));
  if (!chosen.length || chosen.length !== input.ticketIds.length)
    throw new AppError('conflict', '所选车票不能改签（已改签过、正在退票或改签中的车票不能再改签）。');
  const offer = await findOffer(fromStation, input.toStation, input.date, input.trainCode, providerOf(order));
  if (!offer) throw new AppError('not_found', '该车次在所选日期不可预订，请重新查询。');
  const quote = quoteChange(chosen, offer, input.seatType, order.departureAt);
  // The same seat map / berth rules as booking (lib/domain/seats), for the number of changed tickets.
  let chooseSeats: string | null = null;
  if (input.chooseSeats) {
    if (!offer.canChooseSeats) throw new AppError('validation', '该车次不支持选座。');
    const parsed = parseChooseSeats(input.chooseSeats, input.seatType, chosen.length);
    if (!parsed.ok) throw new AppError('validation', parsed.error, { chooseSeats: [parsed.error] });
    chooseSeats = input.chooseSeats;
  }
  let chooseSleeper: string | null = null;
  if (input.chooseSleeper && input.chooseSleeper !== '000') {
    const parsed = parseChooseSleeper(input.chooseSleeper, input.seatType, chosen.length);
    if (!parsed.ok) throw new AppError('validation', parsed.error, { chooseSleeper: [parsed.error] });
    chooseSleeper = input.chooseSleeper;
  }
  let chaNo: string;
  try {
    ({ chaNo } = await providerOf(order).applyChange({
      orderNo: order.providerOrderNo,
      ticketNos: chosen.map((t) => t.ticketNo ?? ''),
      fromStation: offer.fromStation,
      toStation: offer.toStation,
      trainCode: offer.trainCode,
      seatType: input.seatType,
      departAt: offer.departAt,
      arriveAt: offer.arriveAt,
      chooseSeats,
      chooseSleeper,
      acceptStanding: false,
      remark: '旅客申请改签',
      callbackBase: portalPublicUrl(),
    }));
  } catch (e) {
    if (e instanceof ProviderError && e.kind === 'business')
      throw new AppError('conflict', refusalText('change', e.catalogueCode ?? e.msgCode ?? null, e.message));
    throw e;
  }
  return withOrder(order.id, 'user', actor, async (o) => {
    const [row] = await o.tx
      .insert(changeOrders)
      .values({
        orderId: o.order.id,
        providerChangeNo: chaNo,
        status: C.HOLDING,
        trainCode: offer.trainCode,
        fromStation: offer.fromStation,
        toStation: offer.toStation,
        departureAt: offer.departAt,
        arrivalAt: offer.arriveAt,
        seatType: input.seatType,
        priceChangeType: quote.priceChangeType,
        ticketIds: chosen.map((t) => t.id),
        requestedBy: actor,
      })
      .onConflictDoNothing()
      .returning({ id: changeOrders.id });
    const [existing] = row
      ? [row]
      : await o.tx.select({ id: changeOrders.id }).from(changeOrders).where(eq(changeOrders.providerChangeNo, chaNo));
    if (row) o.event('change', row.id, null, C.HOLDING, `申请改签至 ${offer.trainCode} ${input.date}（${chaNo}）`);
    o.changed = true;
    o.enqueue(QUEUES.sync, { orderId: o.order.id, attempt: 0 }, { startAfter: 3, singletonKey: o.order.id });
    return { changeId: existing!.id };
  });
}

async function loadChange(order: Order, changeId: string): Promise<ChangeOrder> {
  const [c] = await db()
    .select()
    .from(changeOrders)
    .where(and(eq(changeOrders.id, changeId), eq(changeOrders.orderId, order.id)));
  if (!c) throw new AppError('not_found', '改签单不存在。');
  return c;
}

/**
 * 确认改签 on the traveller's word: when they owe something, answers the gateway's cashier URL (the
 * payment's notification then confirms); otherwise the confirm job runs now.
 */
export async function confirmChangeByUser(
  order: Order,
  changeId: string,
  actor: string,
): Promise<{ cashierUrl: string | null }> {
  const change = await loadChange(order, changeId);
  if (change.status !== C.HELD) throw new AppError('conflict', '该改签单当前不能确认。');
  if (change.confirmDeadlineAt && change.confirmDeadlineAt.getTime() <= Date.now())
    throw new AppError('conflict', '已超过改签确认时限，改签将自动取消。');
  if (order.agencyId) {
    // An agency order: the traveller's part comes from the agency's prepaid balance, then confirms.
    await payChangeFromBalance(order.id, change.id, actor);
    return { cashierUrl: null };
  }
  const due = await travellerDue(change);
  if (due === 0) {
    await withOrder(order.id, 'user', actor, (o) => {
      o.event('change', change.id, change.status, change.status, '旅客确认改签');
      o.enqueue(QUEUES.changeConfirm, { changeId: change.id }, { singletonKey: change.id });
    });
    return { cashierUrl: null };
  }
  const expiresAt = change.confirmDeadlineAt ?? new Date(Date.now() + 10 * 60_000);
  const { payment } = await withOrder(order.id, 'user', actor, async (o) => {
    const [existing] = await o.tx
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.changeOrderId, change.id),
          eq(payments.status, 'pending'),
          eq(payments.amountFen, due),
          gt(payments.expiresAt, new Date()),
        ),
      )
      .orderBy(desc(payments.createdAt))
      .limit(1);
    if (existing) return { payment: existing };
    const [row] = await o.tx
      .insert(payments)
      .values({
        orderId: o.order.id,
        changeOrderId: change.id,
        paymentNo: newPaymentNo(),
        gateway: paymentGateway().name,
        amountFen: due,
        expiresAt,
      })
      .returning();
    o.event('payment', row!.id, null, o.order.status, `改签差价支付 ${due} 分`);
    return { payment: row! };
  });
  return openCashier(
    payment,
    `改签 ${change.trainCode} ${change.fromStation}→${change.toStation}`,
    `/trips/${order.id}`,
  );
}

/**
 * The change-confirm job: reads 订单详情 first (a confirm whose answer was lost may have gone through),
 * then 确认改签 with the needPayAmount. A refusal pays the traveller's difference back and cancels.
 */
export async function confirmChangeJob(changeId: string): Promise<void> {
  const [change] = await db().select().from(changeOrders).where(eq(changeOrders.id, changeId));
  if (!change || change.status !== C.HELD) return;
  const [o0] = await db().select().from(orders).where(eq(orders.id, change.orderId));
  if (!o0) return;
  if (!o0.providerOrderNo) return;
  if ((await travellerDue(change)) > 0) return; // not paid for yet
  const before = await readDetail({ provider: o0.provider, providerOrderNo: o0.providerOrderNo });
  const proceed = await withOrder(change.orderId, 'job', 'provider', async (o) => {
    await applyDetail(o, before);
    const c = before.changes.find((x) => x.chaNo === change.providerChangeNo);
    return c?.status === C.HELD;
  });
  if (proceed) {
    try {
      await providerOf(o0).confirmChange(o0.providerOrderNo, change.providerChangeNo, change.needPayFen ?? 0);
    } catch (e) {
      if (!(e instanceof ProviderError && e.kind === 'business')) throw e;
      const text = refusalText('change', e.catalogueCode ?? e.msgCode ?? null, e.message);
      await withOrder(change.orderId, 'job', 'provider', async (o) => {
        o.event('change', change.id, change.status, change.status, `确认改签被拒绝：${text}`);
        const paid = await o.tx
          .select({ id: payments.id, amountFen: payments.amountFen })
          .from(payments)
          .where(and(eq(payments.changeOrderId, change.id), eq(payments.status, 'paid')));
        for (const p of paid)
          await o.refundTraveller('change_confirm_refused', p.id, p.amountFen, `确认改签被拒绝，差价原路退回`, p.id);
      });
      await cancelAtProviderQuietly(o0, change.providerChangeNo);
    }
  }
  const after = await readDetail({ provider: o0.provider, providerOrderNo: o0.providerOrderNo });
  await withOrder(change.orderId, 'job', 'provider', async (o) => {
    await applyDetail(o, after);
    o.enqueue(QUEUES.sync, { orderId: o.order.id, attempt: 0 }, { startAfter: 3, singletonKey: o.order.id });
  });
}

async function cancelAtProviderQuietly(order: Pick<Order, 'provider'>, chaNo: string) {
  try {
    await providerOf(order).cancelChange(chaNo, '确认被拒绝，取消改签');
  } catch {
    // The hold expires at its limit anyway; the sync job reads the result.
  }
}

/** 取消改签 (only while held and not paid for): the original ticket stays valid. */
export async function cancelChangeByUser(order: Order, changeId: string, actor: string): Promise<void> {
  const change = await loadChange(order, changeId);
  if (change.status !== C.HOLDING && change.status !== C.HELD)
    throw new AppError('conflict', '只有改签占位中或改签占位成功的改签单可以取消。');
  if (change.paidFen > 0) throw new AppError('conflict', '改签差价已支付，正在确认改签，不能取消。');
  try {
    await providerOf(order).cancelChange(change.providerChangeNo, '旅客取消改签');
  } catch (e) {
    if (e instanceof ProviderRefusal || (e instanceof ProviderError && e.kind === 'business'))
      throw new AppError(
        'conflict',
        refusalText('change', (e as ProviderError).catalogueCode ?? (e as ProviderError).msgCode ?? null, e.message),
      );
    throw e;
  }
  const detail = await readDetail({ provider: order.provider, providerOrderNo: order.providerOrderNo! });
  await withOrder(order.id, 'user', actor, (o) => applyDetail(o, detail));
}

/**
 * The 抢票 engine on pg-boss jobs: a tick per grab (queue grab-tick, one waiting job per grab) reads
 * 余票 for its alternates from the shared search slots, tries 创单 on the first alternate (in the
 * traveller's order) that shows enough seats, and follows the attempt's order through the order
 * service's hooks (queue grab-order): a hold is paid from the prepayment and confirmed at once, an
 * issue makes the grab 抢票成功 and pays back the difference, a failed hold rests that train and the
 * grab goes on. "在抢票有效时间内会持续抢票,抢票成功后直接出票".
 * After success the result order is refunded or changed like any other; the order service enqueues
 * grab-order when one of its tickets is refunded (21/23) or changed (34), and the grab reports it as
 * T 已退票 / E 已改签 (lib/domain/grab.ts grabAfterSalesStatus decides, mixed outcomes included).
 */
import { ticketFares } from '@/lib/domain/ticket-types';
import 'server-only';
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import {
  grabAlternates,
  grabAttempts,
  grabOrders,
  grabSearchSlots,
  orderEvents,
  orders,
  orderTickets,
  paymentRefunds,
  payments,
  type GrabAlternate,
  type GrabOrder,
} from '@/db/schema';
import { sealPii } from '@/lib/crypto/pii';
import { shanghaiDate } from '@/lib/time';
import { grabAfterSalesStatus, tooCloseForGrab } from '@/lib/domain/grab';
import { GRAB_STATUS, ORDER_STATUS, TICKET_STATUS } from '@/lib/domain/states';
import { enqueue, QUEUES } from '@/lib/jobs';
import { logError } from '@/lib/log';
import { newCustomerOrderNo, trainOfOffer } from '@/lib/orders/create';
import { sealedContactMobile } from '@/lib/orders/contact-mobile';
import { searchOffers, SearchError } from '@/lib/search/search';
import type { TrainOffer } from '@/lib/search/types';
import { submitOrder } from '@/lib/orders/operations';
import { refundedFen } from '@/lib/orders/refund-rows';
import { passengersForBooking } from '@/lib/passengers/service';
import { requireBookableDocuments, ticketDocuments } from '@/lib/orders/documents';
import { boundAccountOf } from '@/lib/train-account/store';
import { primaryProvider, providerFor } from '@/lib/provider/registry';
import { GRAB_RETRY_SKIP_MS, GRAB_SEARCH_INTERVAL_MS } from './config';
import { notOnSale, saleOpensOn } from './offers';
import { withGrab, type GrabTx } from './service';

export interface GrabPassenger {
  passengerId: string;
  ticketType: number;
  name: string;
}

const LIVE = [GRAB_STATUS.BEFORE_SALE, GRAB_STATUS.GRABBING] as string[];
/** Success and what may follow it (the result order's tickets refunded or changed). */
const AFTER_SUCCESS = [GRAB_STATUS.SUCCEEDED, GRAB_STATUS.CHANGED] as string[];

// ---- the shared 余票 slots ------------------------------------------------------------------------

export interface RouteAnswer {
  /** Each with the provider whose search found it: an attempt's order goes to that provider. */
  offers: TrainOffer[] | null;
  /** The provider refused the date: not yet on pre-sale ("未到起售时间" / "不在预售期内"). */
  beforeSale: boolean;
  error: string | null;
}

/**
 * 余票 for a route and date, at most one provider search per interval across every grab and every
 * worker process: whoever moves the slot's claimed_at past the interval searches (through the
 * portal's search cache, so a traveller's search a moment ago is reused too) and leaves the answer
 * in the slot; everyone else reads it.
 */
export async function routeAnswer(from: string, to: string, date: string): Promise<RouteAnswer> {
  const key = `${from}|${to}|${date}`;
  const secs = GRAB_SEARCH_INTERVAL_MS / 1000;
  const claimed = await db().execute(sql`
    insert into grab_search_slots (route_key, claimed_at) values (${key}, now())
    on conflict (route_key) do update set claimed_at = now()
      where grab_search_slots.claimed_at < now() - make_interval(secs => ${secs})
    returning route_key`);
  if ([...claimed].length) {
    try {
      const offers = await searchOffers(from, to, date);
      await db()
        .update(grabSearchSlots)
        .set({ answer: offers, answeredAt: new Date(), error: null, searches: sql`${grabSearchSlots.searches} + 1` })
        .where(eq(grabSearchSlots.routeKey, key));
    } catch (e) {
      const msg = e instanceof SearchError ? e.message : '余票查询失败';
      await db()
        .update(grabSearchSlots)
        .set({ answer: null, answeredAt: new Date(), error: msg })
        .where(eq(grabSearchSlots.routeKey, key));
    }
  }
  const [row] = await db().select().from(grabSearchSlots).where(eq(grabSearchSlots.routeKey, key));
  const error = row?.error ?? null;
  return {
    offers: row?.answer ? (row.answer as StoredOffer[]).map(reviveOffer) : null,
    beforeSale: !!error && /预售期|起售/.test(error),
    error,
  };
}

/** A slot's offer as JSON; one stored before offers named their provider came from the primary. */
type StoredOffer = Omit<TrainOffer, 'provider'> & { provider?: TrainOffer['provider'] };

function reviveOffer(o: StoredOffer): TrainOffer {
  return {
    ...o,
    provider: o.provider ?? primaryProvider().id,
    departAt: new Date(o.departAt),
    arriveAt: new Date(o.arriveAt),
  };
}

function offerFor(answer: RouteAnswer, alt: GrabAlternate): TrainOffer | undefined {
  return answer.offers?.find(
    (t) => t.trainCode === alt.trainCode && t.fromStation === alt.fromStation && t.toStation === alt.toStation,
  );
}

/** Backoff after provider errors: the interval, doubled per error in a row, at most 5 minutes. */
export function nextTickMs(errorStreak: number): number {
  return Math.min(300_000, GRAB_SEARCH_INTERVAL_MS * 2 ** Math.min(errorStreak, 8));
}

function scheduleTick(g: GrabTx, afterMs: number) {
  g.enqueue(
    QUEUES.grabTick,
    { grabId: g.grab.id },
    { startAfter: Math.max(1, Math.ceil(afterMs / 1000)), singletonKey: g.grab.id },
  );
}

// ---- one engine step -------------------------------------------------------------------------------

export async function tickGrab(grabId: string, now = new Date()): Promise<void> {
  const [grab] = await db().select().from(grabOrders).where(eq(grabOrders.id, grabId));
  if (!grab || !LIVE.includes(grab.status)) return;
  if (now >= grab.deadlineAt) return expireGrab(grabId);
  if (grab.currentOrderId) return; // an attempt is in flight: its order's hooks wake the grab
  const alts = await db()
    .select()
    .from(grabAlternates)
    .where(eq(grabAlternates.grabOrderId, grabId))
    .orderBy(asc(grabAlternates.position));
  const usable = alts.filter((a) => !tooCloseForGrab(a.departureAt, now));
  const answers = new Map<string, RouteAnswer>();
  for (const a of usable) {
    const key = `${a.fromStation}|${a.toStation}|${a.travelDate}`;
    if (!answers.has(key)) answers.set(key, await routeAnswer(a.fromStation, a.toStation, a.travelDate));
  }
  const all = [...answers.values()];
  const answerOf = (a: GrabAlternate) => answers.get(`${a.fromStation}|${a.toStation}|${a.travelDate}`)!;
  // "B 未到开抢时间": the provider refuses the date (after the pre-sale window) or lists the train with
  // the note "HH:MM起售" (its first day, before the boarding station's sale time) and no seats.
  const waiting = (a: GrabAlternate) => notOnSale(answerOf(a), offerFor(answerOf(a), a));
  const passengers = (grab.passengers as GrabPassenger[]).length;
  const pick = usable.find((a) => {
    if (a.skipUntil && a.skipUntil > now) return false;
    if (waiting(a)) return false;
    const offer = offerFor(answerOf(a), a);
    return (offer?.seats.find((s) => s.seatType === a.seatType)?.left ?? 0) >= passengers;
  });
  const beforeSale = usable.length > 0 && usable.every(waiting);
  const failed = all.length > 0 && all.every((a) => a.error && !a.beforeSale);
  // The station's sale time, once an answer shows it: the earliest instant an alternate opens.
  const opens = usable.flatMap((a) => {
    const t = offerFor(answerOf(a), a)?.saleTime;
    return t ? [{ at: saleOpensOn(a.travelDate, t), alt: a, time: t }] : [];
  });
  const firstOpen = opens.sort((x, y) => x.at.getTime() - y.at.getTime())[0];

  const attempt = await withGrab(grabId, 'job', 'worker', async (g) => {
    if (!LIVE.includes(g.grab.status) || g.grab.currentOrderId) return null;
    // "B 未到开抢时间": the provider does not sell the date yet; the grab starts once it does, at the
    // boarding station's sale time. The provider's answer decides (its clock is the one that sells);
    // sale_opens_at shows the traveller when, precise once a note gave the station's time.
    if (beforeSale) {
      scheduleTick(g, GRAB_SEARCH_INTERVAL_MS);
      await g.patch({ lastTriedAt: now });
      if (firstOpen && g.grab.saleOpensAt?.getTime() !== firstOpen.at.getTime()) {
        await g.patch({ saleOpensAt: firstOpen.at });
        const { alt, time } = firstOpen;
        await g.event(
          'sale_time',
          g.grab.status,
          g.grab.status,
          `${alt.fromStation}站 ${alt.travelDate} 的车票 ${shanghaiDate(firstOpen.at)} ${time} 起售，到时自动开始抢票`,
        );
      }
      return null;
    }
    if (g.grab.status === GRAB_STATUS.BEFORE_SALE && !failed)
      await g.move(GRAB_STATUS.GRABBING, '已到开售时间，开始抢票');
    if (failed) {
      await g.patch({ errorStreak: g.grab.errorStreak + 1, lastTriedAt: now });
      scheduleTick(g, nextTickMs(g.grab.errorStreak));
      return null;
    }
    if (g.grab.errorStreak) await g.patch({ errorStreak: 0 });
    if (!pick || g.grab.status !== GRAB_STATUS.GRABBING) {
      await g.patch({ lastTriedAt: now });
      scheduleTick(g, GRAB_SEARCH_INTERVAL_MS);
      return null;
    }
    const offer = offerFor(answers.get(`${pick.fromStation}|${pick.toStation}|${pick.travelDate}`)!, pick)!;
    return startAttempt(g, pick, offer);
  });
  if (!attempt) return;
  // 创单 now; should the answer be lost (or this process die), the order service's job sends it again.
  await enqueue(QUEUES.submit, { orderId: attempt }, { startAfter: 20 });
  try {
    await submitOrder(attempt, 'job');
  } catch (e) {
    logError('grab 创单 failed; the worker retries', e, { grabId, orderId: attempt });
  }
}

/** Writes the attempt and its order (an ordinary order, grab_order_id set) under the grab's lock. */
async function startAttempt(g: GrabTx, alt: GrabAlternate, offer: TrainOffer): Promise<string | null> {
  const grab = g.grab;
  const people = grab.passengers as GrabPassenger[];
  let saved;
  try {
    saved = await passengersForBooking(
      grab.userId,
      people.map((p) => p.passengerId),
    );
    // Checked again: a passenger edited since the grab was made must still have what 创单 needs.
    requireBookableDocuments([providerFor(offer.provider)], saved);
  } catch (e) {
    // A passenger was deleted, lost their full ID number or lacks a detail 创单 needs: nothing is booked
    // until the traveller fixes it (the reason is on the grab).
    const why = e instanceof Error ? e.message : '乘客信息不可用';
    await g.patch({ failureReason: why, lastTriedAt: new Date() });
    await g.event('attempt', grab.status, grab.status, `无法下单：${why}`);
    scheduleTick(g, nextTickMs(3));
    return null;
  }
  const seat = offer.seats.find((s) => s.seatType === alt.seatType)!;
  // The order goes to the provider whose search found the seats; its capabilities decide the account.
  const provider = providerFor(offer.provider);
  const trainAccount = provider.capabilities.trainAccount ? await boundAccountOf(grab.userId) : null;
  // Child fares from the start, as a booking's (lib/domain/ticket-types); the hold's amounts replace them.
  const { fares, totalFen } = ticketFares(
    seat.priceFen,
    people.map((p) => p.ticketType),
    alt.seatType,
  );
  const [order] = await g.tx
    .insert(orders)
    .values({
      userId: grab.userId,
      customerOrderNo: newCustomerOrderNo(),
      provider: provider.id,
      status: ORDER_STATUS.HOLDING,
      ...trainOfOffer(offer),
      seatType: alt.seatType,
      totalFen,
      // The grab's sealed mobile, re-sealed for the order with its masked copy (issue 26 item 10).
      ...sealedContactMobile(grab.contactMobile),
      grabOrderId: grab.id,
      trainAccountId: trainAccount?.id ?? null,
      trainAccountMasked: trainAccount?.accountMasked ?? null,
    })
    .returning({ id: orders.id });
  await g.tx.insert(orderTickets).values(
    people.map((p, position) => {
      const s = saved[position]!;
      return {
        orderId: order!.id,
        position,
        passengerName: s.name,
        idName: s.name,
        idType: s.idType,
        idNo: sealPii(s.idNo),
        ...ticketDocuments(s, s),
        ticketType: p.ticketType,
        status: TICKET_STATUS.HOLDING,
        priceFen: fares[position]!,
      };
    }),
  );
  await g.tx.insert(orderEvents).values({
    orderId: order!.id,
    kind: 'order',
    refId: order!.id,
    toStatus: ORDER_STATUS.HOLDING,
    source: 'job',
    actor: 'worker',
    note: `抢票单 ${grab.id.slice(0, 8)} 发现余票，提交订单`,
  });
  await g.tx
    .insert(grabAttempts)
    .values({ grabOrderId: grab.id, alternateId: alt.id, orderId: order!.id, outcome: 'trying' });
  await g.patch({ currentOrderId: order!.id, lastTriedAt: new Date() });
  await g.event('attempt', grab.status, grab.status, `${alt.travelDate} ${alt.trainCode} 有余票，提交占座`);
  return order!.id;
}

// ---- following an attempt's order ------------------------------------------------------------------

/**
 * The attempt's order moved. Held: paid from the prepayment (the payment row is handed to the order)
 * and confirmed at once. Issued: 抢票成功, the difference goes back. Hold failed or cancelled before
 * payment: the train rests for a while and the grab goes on. Issue failed: 出票失败 (the order service
 * refunds the order's money, which is the whole prepayment).
 */
export async function onGrabOrder(grabId: string, orderId: string): Promise<void> {
  await withGrab(grabId, 'job', 'worker', async (g) => {
    const o = await g.lockOrder(orderId);
    if (!o || o.order.grabOrderId !== grabId) return;
    // After 抢票成功 the result order is refunded or changed like any other; the order service wakes
    // the grab when one of its tickets is refunded or changed, and the grab reports it (T / E).
    if (g.grab.resultOrderId === orderId && AFTER_SUCCESS.includes(g.grab.status)) {
      const to = grabAfterSalesStatus(await o.tickets());
      if (to) await g.move(to, to === GRAB_STATUS.REFUNDED ? '车票已全部退票' : '车票已改签');
      return;
    }
    const [attempt] = await g.tx.select().from(grabAttempts).where(eq(grabAttempts.orderId, orderId)).for('update');
    const s = o.order.status;
    const endAttempt = async (outcome: string, note: string | null) => {
      if (attempt && (attempt.outcome === 'trying' || attempt.outcome === 'held'))
        await g.tx
          .update(grabAttempts)
          .set({ outcome, note, endedAt: outcome === 'held' ? null : new Date() })
          .where(eq(grabAttempts.id, attempt.id));
    };

    if (s === ORDER_STATUS.HELD && o.order.paymentStatus === 'unpaid' && !o.order.cancelRequestedAt) {
      const wanted = g.grab.status === GRAB_STATUS.GRABBING && g.grab.currentOrderId === orderId;
      const [prepay] = await g.tx
        .select()
        .from(payments)
        .where(and(eq(payments.grabOrderId, grabId), isNull(payments.orderId), eq(payments.status, 'paid')))
        .orderBy(asc(payments.paidAt))
        .limit(1)
        .for('update');
      if (!wanted || !prepay || (await refundedFen(g.tx, prepay.id)) > 0 || o.order.totalFen > prepay.amountFen) {
        // Not ours to pay (the grab was cancelled or expired meanwhile, or the fare is above the
        // prepayment): the hold is given back at the provider now (the expire job; a payment arriving
        // meanwhile is refunded as unneeded), never left in the traveller's trips to be paid by hand.
        const why = wanted ? '票价高于预付款，抢票未使用此占座' : '抢票单已结束，占座未使用';
        await endAttempt('failed', why);
        await o.patchOrder({ cancelRequestedAt: new Date(), failureReason: why });
        o.changed = true;
        o.event('order', orderId, o.order.status, o.order.status, `${why}，取消占座`);
        o.enqueue(QUEUES.expire, { orderId });
        if (g.grab.currentOrderId === orderId) await g.patch({ currentOrderId: null });
        if (wanted) {
          // The dearer train rests like a failed hold: the grab goes on with the others.
          if (attempt)
            await g.tx
              .update(grabAlternates)
              .set({ skipUntil: new Date(Date.now() + GRAB_RETRY_SKIP_MS) })
              .where(eq(grabAlternates.id, attempt.alternateId));
          scheduleTick(g, 0);
        }
        return;
      }
      await g.tx.update(payments).set({ orderId, updatedAt: new Date() }).where(eq(payments.id, prepay.id));
      await g.patch({ handedOverFen: g.grab.handedOverFen + prepay.amountFen });
      await o.patchOrder({
        paidFen: o.order.paidFen + prepay.amountFen,
        paymentStatus: 'paid',
        paidAt: new Date(),
        paymentRef: prepay.gatewayTradeNo,
      });
      o.changed = true;
      o.event('payment', prepay.id, null, o.order.status, `抢票预付款 ${prepay.amountFen} 分转入本订单`);
      o.enqueue(QUEUES.confirm, { orderId }, { singletonKey: orderId });
      await endAttempt('held', '占座成功，已用预付款支付，出票中');
      await g.event('attempt', g.grab.status, g.grab.status, `${o.order.trainCode} 占座成功，出票中`);
      return;
    }

    if (s === ORDER_STATUS.ISSUED) {
      // 抢票成功 only for the grab's own attempt, issued on the grab's prepayment: an order the grab
      // gave up (and that was issued some other way) is not the grab's success and takes none of its money.
      const [handed] = await g.tx
        .select({ id: payments.id, amountFen: payments.amountFen })
        .from(payments)
        .where(and(eq(payments.grabOrderId, grabId), eq(payments.orderId, orderId), eq(payments.status, 'paid')));
      if (!handed) {
        await endAttempt('failed', '抢票未支付此订单');
        if (g.grab.currentOrderId === orderId) {
          await g.patch({ currentOrderId: null });
          if (LIVE.includes(g.grab.status)) scheduleTick(g, 0);
        }
        return;
      }
      await endAttempt('issued', null);
      if (
        await g.move(GRAB_STATUS.SUCCEEDED, `抢到 ${o.order.trainCode}，已出票`, {
          resultOrderId: orderId,
          currentOrderId: null,
        })
      ) {
        // "on success the difference is refunded": what was prepaid less what the tickets cost.
        const diff = handed.amountFen - o.order.totalFen;
        if (diff > 0) {
          await o.refundTraveller('grab_difference', grabId, diff, '抢票成功，预付款差额原路退回', handed.id);
          await g.tx
            .update(paymentRefunds)
            .set({ grabOrderId: grabId })
            .where(and(eq(paymentRefunds.cause, 'grab_difference'), eq(paymentRefunds.causeRef, grabId)));
        }
      }
      return;
    }

    if (s === ORDER_STATUS.ISSUE_FAILED || (s === ORDER_STATUS.CANCELLED && o.order.paidFen > 0)) {
      await endAttempt('failed', o.order.failureReason ?? '出票失败');
      // The money is the order's now; the order service pays all of it back (issue_failed / cancelled).
      await g.move(GRAB_STATUS.ISSUE_FAILED, o.order.failureReason ?? '出票失败，预付款原路退回', {
        currentOrderId: null,
        resultOrderId: orderId,
      });
      return;
    }

    if (s === ORDER_STATUS.HOLD_FAILED || s === ORDER_STATUS.CANCELLED) {
      await endAttempt('failed', o.order.failureReason ?? '占座失败');
      if (attempt)
        await g.tx
          .update(grabAlternates)
          .set({ skipUntil: new Date(Date.now() + GRAB_RETRY_SKIP_MS) })
          .where(eq(grabAlternates.id, attempt.alternateId));
      if (g.grab.currentOrderId === orderId) {
        await g.patch({ currentOrderId: null });
        await g.event('attempt', g.grab.status, g.grab.status, `${o.order.trainCode} 占座失败，继续抢票`);
        if (LIVE.includes(g.grab.status)) scheduleTick(g, 0);
      }
    }
  });
}

// ---- deadline, sweep -------------------------------------------------------------------------------

/**
 * "抢票有效时间内未抢到票,我们会主动推送抢票单过期信息": at the deadline a grab that has not got
 * seats expires and everything it holds goes back. An attempt already paid and issuing finishes first.
 */
export async function expireGrab(grabId: string, now = new Date()): Promise<void> {
  await withGrab(grabId, 'job', 'worker', async (g) => {
    const live = [GRAB_STATUS.CREATED, ...LIVE] as string[];
    if (!live.includes(g.grab.status) || now < g.grab.deadlineAt) return;
    if (g.grab.currentOrderId && g.grab.handedOverFen > 0) return; // issuing: success or 出票失败 follows
    if (await g.move(GRAB_STATUS.EXPIRED, '抢票有效时间内未抢到票，抢票单已过期', { currentOrderId: null })) {
      await g.refundHeld('grab_expired', '抢票单已过期，预付款原路退回');
    }
  });
}

export async function grabSweep(now = new Date()): Promise<{ ticked: number; expired: number }> {
  const quiet = new Date(now.getTime() - Math.max(60_000, 3 * GRAB_SEARCH_INTERVAL_MS));
  const due = await db()
    .select({ id: grabOrders.id })
    .from(grabOrders)
    .where(and(inArray(grabOrders.status, ['N', 'B', 'D']), lt(grabOrders.deadlineAt, now)));
  for (const g of due) await enqueue(QUEUES.grabExpire, { grabId: g.id });
  const stale = await db()
    .select({ id: grabOrders.id })
    .from(grabOrders)
    .where(and(inArray(grabOrders.status, LIVE), lt(grabOrders.updatedAt, quiet)));
  for (const g of stale) await enqueue(QUEUES.grabTick, { grabId: g.id }, { singletonKey: g.id });
  return { ticked: stale.length, expired: due.length };
}

export type { GrabOrder };

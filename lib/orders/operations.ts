/**
 * The order's lifecycle steps, each run by an action, a callback or a worker job. Provider calls
 * happen outside the row lock; what the provider answers is applied through `withOrder` (service.ts).
 * Every step is idempotent: a retried job, a repeated callback or a second worker changes nothing
 * the first did not.
 */
import 'server-only';
import { and, eq, gte, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { changeOrders, orderTickets, orders, paymentRefunds, ticketRefunds } from '@/db/schema';
import { openPii } from '@/lib/crypto/pii';
import { cancelLimit, ruleAt } from '@/lib/domain/rules';
import { HOLD_GIVE_UP_MINUTES } from '@/lib/domain/night-closure';
import { holdGivenUpAt, holdWaitsUntil } from './night';
import { startOfShanghaiDay } from '@/lib/time';
import { MSG } from '@/lib/provider/errors';
import { ORDER_STATUS, TICKET_STATUS } from '@/lib/domain/states';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { enqueue, QUEUES } from '@/lib/jobs';
import { failpoint } from '@/lib/failpoint';
import { logError } from '@/lib/log';
import { cancelAtProvider, confirmAtProvider, createAtProvider, ProviderRefusal, readDetail } from './provider';
import { REBIND_MESSAGE, renewLogin } from '@/lib/train-account/store';
import type { Tx } from '@/lib/aggregate';
import { applyDetail, reloginTried, syncDelaySeconds, withOrder, type Source } from './service';

/**
 * How long a hold may wait for the provider's first answer before it is given up (nothing paid), by
 * day; over 12306's night closure it waits until the morning (lib/domain/night-closure.ts holdGiveUpAt).
 */
export const HOLD_GIVE_UP_MS = HOLD_GIVE_UP_MINUTES * 60_000;
/** A traveller's cancel still unfinished this long after it was asked (answer lost, process killed): the worker finishes it. */
export const CANCEL_FINISH_SECONDS = 30;
/** When no callback came, the worker re-reads 订单详情 after this long (then with backoff). */
export const FIRST_SYNC_SECONDS = env().ORDER_SYNC_AFTER_MS / 1000;

async function loadOrder(orderId: string) {
  const [o] = await db().select().from(orders).where(eq(orders.id, orderId));
  if (!o) throw new AppError('not_found', '订单不存在。');
  return o;
}

/** 创单 (again). A refusal fails the hold; a transport failure throws so the job retries. */
export async function submitOrder(orderId: string, source: Source = 'job', relogin = false): Promise<void> {
  const order = await loadOrder(orderId);
  if (order.status !== ORDER_STATUS.HOLDING) return;
  if (order.providerOrderNo) return syncOrder(orderId, source);
  const tickets = await withOrder(orderId, source, 'worker', (o) => o.tickets());
  // The retry after a hold refused for "not logged in" logs the account in first, whichever job sends
  // it: the relogin job, or a sync that finds the order between attempts before that job ran (it did
  // once, in a clean-clone run: its 创单 without a login was refused again and the order failed).
  const retry = relogin || (await reloginTried(orderId));
  if (retry && order.trainAccountId && !(await renewLogin(order.trainAccountId))) {
    // The stored credentials no longer log in: the traveller has to bind the account again.
    await withOrder(orderId, source, 'worker', async (o) => {
      await o.moveOrder(ORDER_STATUS.HOLD_FAILED, REBIND_MESSAGE, { failureReason: REBIND_MESSAGE });
      for (const t of await o.tickets()) await o.moveTicket(t, TICKET_STATUS.HOLD_FAILED);
    });
    return;
  }
  try {
    const { orderNo } = await createAtProvider(order, tickets, { retry });
    await withOrder(orderId, source, 'provider', async (o) => {
      if (!o.order.providerOrderNo) {
        await o.patchOrder({ providerOrderNo: orderNo });
        o.event('order', o.order.id, o.order.status, o.order.status, `已提交 12306（出票渠道订单号 ${orderNo}）`);
      }
      // One queued look per order (the sync queue's `short` policy keeps one queued job per key): the
      // looks scheduled later (after 确认出票, after a callback) fold into this one while it waits.
      o.enqueue(
        QUEUES.sync,
        { orderId, attempt: 0 },
        { startAfter: Math.max(1, Math.round(FIRST_SYNC_SECONDS)), singletonKey: orderId },
      );
    });
  } catch (e) {
    if (!(e instanceof ProviderRefusal)) throw e;
    // panhe-train-api.md: a repeated customerOrderNo "会被系统判定为重复下单进行拦截". On a retry that
    // means our first 创单 got through and only its answer was lost: the order exists, its callback
    // (found by the customerOrderNo that 订单详情 carries) or the give-up deadline settles it.
    if (source !== 'user' && /重复/.test(e.message)) return;
    await withOrder(orderId, source, 'provider', async (o) => {
      if (o.order.providerOrderNo) return; // a callback told us the order exists after all
      await o.moveOrder(ORDER_STATUS.HOLD_FAILED, e.message, { failureReason: e.message });
      for (const t of await o.tickets()) await o.moveTicket(t, TICKET_STATUS.HOLD_FAILED);
    });
  }
}

/**
 * Re-reads 订单详情 and applies it. While the order (or a refund or change of it) is still moving,
 * schedules the next look with backoff. Without a provider order number: 创单 again, or give up an
 * old hold (nothing was paid for it) — after HOLD_GIVE_UP_MS, or, for a hold submitted in 12306's
 * night closure, that long after the morning opening (FAQ §3 l.101; holdGiveUpAt). `now`: the
 * portal's clock (tests move it).
 */
export async function syncOrder(
  orderId: string,
  source: Source = 'sync',
  attempt = 0,
  scheduledAt?: Date,
  now: Date = new Date(),
): Promise<void> {
  const order = await loadOrder(orderId);
  if (!order.providerOrderNo) {
    if (order.status !== ORDER_STATUS.HOLDING) return;
    if (now.getTime() > holdGivenUpAt(order.createdAt).getTime()) {
      await withOrder(orderId, source, 'worker', async (o) => {
        if (o.order.providerOrderNo) return;
        const why = '长时间未收到 12306 的占位结果，订单已关闭（未产生扣款）。';
        await o.moveOrder(ORDER_STATUS.HOLD_FAILED, why, { failureReason: why });
        for (const t of await o.tickets()) await o.moveTicket(t, TICKET_STATUS.HOLD_FAILED);
      });
      return;
    }
    return submitOrder(orderId, source);
  }
  // A look scheduled "in case no news comes": news that came after it was scheduled (a callback's
  // 订单详情, another job's) is what this read would have brought. The order is looked at again later
  // if it is still moving, with the same backoff step.
  const heard = !!(scheduledAt && order.lastSyncedAt && order.lastSyncedAt > scheduledAt);
  const detail = heard ? null : await readDetail({ provider: order.provider, providerOrderNo: order.providerOrderNo });
  await withOrder(orderId, source, 'provider', async (o) => {
    if (detail) await applyDetail(o, detail);
    if (await stillMoving(o.tx, o.order.id, o.order.status, o.order.paymentStatus)) {
      o.enqueue(
        QUEUES.sync,
        { orderId, attempt: detail ? attempt + 1 : attempt },
        { startAfter: nightSyncDelaySeconds(o.order.status, o.order.createdAt, attempt, now), singletonKey: orderId },
      );
    }
    // Paid while held: the confirm job issues it (it may have been lost with a crash).
    if (o.order.status === ORDER_STATUS.HELD && o.order.paymentStatus === 'paid' && !o.order.cancelRequestedAt)
      o.enqueue(QUEUES.confirm, { orderId }, { singletonKey: orderId });
  });
}

/**
 * The next look's delay: the usual backoff, but while a hold waits for 12306's morning opening (FAQ
 * §3) the backoff may grow to NIGHT_SYNC_MAX_SECONDS: the provider answers nothing before 06:00 and
 * its callback brings the answer then (the sweep looks every minute again from the opening on).
 */
function nightSyncDelaySeconds(status: number, createdAt: Date, attempt: number, now: Date): number {
  const until = status === ORDER_STATUS.HOLDING ? holdWaitsUntil(createdAt) : null;
  if (!until || until.getTime() <= now.getTime()) return syncDelaySeconds(attempt);
  return Math.min(NIGHT_SYNC_MAX_SECONDS, 5 * 2 ** Math.min(attempt, 8));
}
/** The longest wait between two looks at a hold kept over the night closure. */
export const NIGHT_SYNC_MAX_SECONDS = 900;
/** The sweep's looks at a hold kept over the night closure, before the opening: one per this long. */
export const NIGHT_SWEEP_QUIET_MS = 5 * 60_000;

/**
 * Reads on the caller's transaction: a second pool connection taken while the order's transaction
 * holds one deadlocks the pool once every connection is held by a job waiting for another.
 */
async function stillMoving(tx: Tx, orderId: string, status: number, paymentStatus: string): Promise<boolean> {
  if (status === ORDER_STATUS.HOLDING || status === ORDER_STATUS.ISSUING) return true;
  if (status === ORDER_STATUS.HELD) return paymentStatus !== 'unpaid';
  const [refunding] = await tx
    .select({ id: ticketRefunds.id })
    .from(ticketRefunds)
    .where(and(eq(ticketRefunds.orderId, orderId), inArray(ticketRefunds.status, [20, 23])))
    .limit(1);
  if (refunding) return true;
  const [changing] = await tx
    .select({ id: changeOrders.id })
    .from(changeOrders)
    .where(
      and(
        eq(changeOrders.orderId, orderId),
        or(
          inArray(changeOrders.status, [30, 31, 33]),
          // A cheaper change is issued before the provider reports its refund: keep looking until it does.
          and(eq(changeOrders.status, 34), eq(changeOrders.priceChangeType, 3), isNull(changeOrders.providerRefundFen)),
        ),
      ),
    )
    .limit(1);
  return !!changing;
}

/**
 * 确认出票 for a paid hold. Reads 订单详情 first, every time: a confirm whose answer was lost (timeout,
 * crash) may have gone through, and confirming twice must never happen. A refusal pays the traveller
 * back and releases the hold.
 */
export async function confirmPaidOrder(orderId: string): Promise<void> {
  const order = await loadOrder(orderId);
  if (order.paymentStatus !== 'paid' || order.status !== ORDER_STATUS.HELD || order.cancelRequestedAt) return;
  if (!order.providerOrderNo) throw new Error('paid order without provider order number');
  const before = await readDetail({ provider: order.provider, providerOrderNo: order.providerOrderNo });
  const proceed = await withOrder(orderId, 'job', 'provider', async (o) => {
    await applyDetail(o, before);
    return (
      o.order.status === ORDER_STATUS.HELD &&
      o.order.paymentStatus === 'paid' &&
      !o.order.cancelRequestedAt &&
      !before.paid
    );
  });
  if (proceed) {
    try {
      await confirmAtProvider({ provider: order.provider, providerOrderNo: order.providerOrderNo }, order.totalFen);
    } catch (e) {
      await confirmRefused(order, e);
      return;
    }
    // The chaos run may kill every process here: the provider is issuing, nothing of it is recorded.
    await failpoint('confirm-sent');
    // Accepted: the provider is issuing (its answer to our own signed request, not a callback body).
    // The issue's outcome comes by callback; the sync is the look should that be lost.
    await withOrder(orderId, 'job', 'provider', async (o) => {
      if (o.order.status === ORDER_STATUS.HELD && (await o.moveOrder(ORDER_STATUS.ISSUING, '确认出票已受理'))) {
        for (const t of await o.tickets())
          if (t.status === TICKET_STATUS.HELD) await o.moveTicket(t, TICKET_STATUS.ISSUING);
      }
      o.enqueue(QUEUES.sync, { orderId, attempt: 0 }, { startAfter: 5, singletonKey: orderId });
    });
    return;
  }
  // Not confirmed now (the detail read first shows it paid already, or the order moved on): what that
  // read said is applied; the sync looks again.
  await enqueue(QUEUES.sync, { orderId, attempt: 0 }, { startAfter: 5, singletonKey: orderId });
}

/**
 * 确认出票 refused. Refused because an earlier attempt whose answer was lost went through after all
 * ("只有占位成功状态下才允许确认出票,当前订单状态为:出票中"): the provider shows it paid, the debit is made
 * and the ticket is coming — nothing goes back to the traveller (found by the reconciliation
 * harness: a refund paid back in full on an order that was then issued). Otherwise the traveller is
 * paid back and the hold released. A transport failure or a read that fails retries the job.
 */
async function confirmRefused(order: Awaited<ReturnType<typeof loadOrder>>, e: unknown): Promise<void> {
  if (!(e instanceof ProviderRefusal)) throw e; // transport: retried, after another detail read
  const orderId = order.id;
  const providerOrderNo = order.providerOrderNo!;
  const now = await readDetail({ provider: order.provider, providerOrderNo });
  if (!now.paid) {
    await withOrder(orderId, 'job', 'provider', async (o) => {
      o.event('order', o.order.id, o.order.status, o.order.status, `确认出票被拒绝：${e.message}`);
      // Given up for good: no later sync or job may confirm it once the money is on its way back.
      await o.patchOrder({ cancelRequestedAt: new Date() });
      await o.refundAllPayments('confirm_refused', `出票请求被拒绝（${e.message}），票款原路退回`);
    });
    try {
      await cancelAtProvider({ provider: order.provider, providerOrderNo });
    } catch (c) {
      logError('cancel after refused confirm failed', c, { orderId });
    }
  }
  const after = now.paid ? now : await readDetail({ provider: order.provider, providerOrderNo });
  await withOrder(orderId, 'job', 'provider', async (o) => {
    await applyDetail(o, after);
    o.enqueue(QUEUES.sync, { orderId, attempt: 0 }, { startAfter: 5, singletonKey: orderId });
  });
}

/**
 * At payLimitTime: an unpaid hold is cancelled at the provider (which cancels it by itself too). A hold
 * whose cancel was already requested (a grab that will not pay it) is cancelled at once.
 */
export async function expireOrder(orderId: string): Promise<void> {
  const order = await loadOrder(orderId);
  if (order.status !== ORDER_STATUS.HELD || order.paymentStatus !== 'unpaid') return;
  const giveUp = !!order.cancelRequestedAt;
  if (!giveUp && order.payLimitAt && order.payLimitAt.getTime() > Date.now()) {
    await enqueue(QUEUES.expire, { orderId }, { startAfter: order.payLimitAt });
    return;
  }
  if (order.providerOrderNo) {
    try {
      await cancelAtProvider({ provider: order.provider, providerOrderNo: order.providerOrderNo });
    } catch (e) {
      if (!(e instanceof ProviderRefusal)) throw e; // already cancelled or moved on: the detail says
    }
    await syncOrder(orderId, 'job');
  }
  const now = await loadOrder(orderId);
  if (now.status === ORDER_STATUS.HELD && now.paymentStatus === 'unpaid') {
    await withOrder(orderId, 'job', 'worker', async (o) => {
      if (o.order.status !== ORDER_STATUS.HELD || o.order.paymentStatus !== 'unpaid') return;
      await o.moveOrder(ORDER_STATUS.CANCELLED, giveUp ? '占座未使用，订单已取消' : '超过支付时限，订单已取消');
      for (const t of await o.tickets()) await o.moveTicket(t, TICKET_STATUS.CANCELLED);
    });
  }
}

/** ticket-delivery-cancellation §四 "重复取消操作 | 提示'已处理'": what a repeated cancel answers. */
export const ALREADY_CANCELLED = '已处理：订单已取消。';

/**
 * How many other orders with a passenger of this one were cancelled at the traveller's (or a grab's)
 * request today, Shanghai calendar day (rules.ts `maxCancellationsPerDay`: counted per passenger).
 * Looked for among the orders of the same booker or the same bound 12306 account; ID numbers are
 * sealed, so they are compared opened.
 */
export async function passengerCancelsToday(
  orderId: string,
  now = new Date(),
  q: Tx | ReturnType<typeof db> = db(),
): Promise<number> {
  const order = await loadOrder(orderId);
  const key = (t: { idType: string; idNo: string }) => `${t.idType}:${openPii(t.idNo)}`;
  const mine = new Set((await q.select().from(orderTickets).where(eq(orderTickets.orderId, orderId))).map(key));
  const rows = await q
    .select({ orderId: orderTickets.orderId, idType: orderTickets.idType, idNo: orderTickets.idNo })
    .from(orderTickets)
    .innerJoin(orders, eq(orders.id, orderTickets.orderId))
    .where(
      and(
        ne(orders.id, orderId),
        // Cancelled today, or a cancel asked today and still on its way to the provider (a concurrent
        // cancel of another order counts before it lands).
        or(
          eq(orders.status, ORDER_STATUS.CANCELLED),
          and(eq(orders.status, ORDER_STATUS.HELD), eq(orders.paymentStatus, 'unpaid')),
        ),
        gte(orders.cancelRequestedAt, startOfShanghaiDay(now)),
        order.trainAccountId
          ? or(eq(orders.userId, order.userId), eq(orders.trainAccountId, order.trainAccountId))
          : eq(orders.userId, order.userId),
      ),
    );
  return new Set(rows.filter((r) => mine.has(key(r))).map((r) => r.orderId)).size;
}

/** What the traveller is told before cancelling this order (the last cancel of the day allowed), or null. */
export async function cancelWarning(orderId: string, now = new Date()): Promise<string | null> {
  return cancelLimit(await passengerCancelsToday(orderId, now), now).warn;
}

/** The traveller cancels a hold they have not paid for (the order's status after it). */
export async function cancelByUser(orderId: string, actor: string): Promise<number> {
  return (await cancelForTraveller(orderId, actor)).status;
}

/**
 * The traveller cancels a hold they have not paid for. A repeated cancel answers as done (note
 * '已处理'); the fourth cancel of the day with one of the passengers is refused before the provider is
 * asked; the third is made with a warning in the note.
 */
export async function cancelForTraveller(
  orderId: string,
  actor: string,
): Promise<{ status: number; note: string | null }> {
  const order = await loadOrder(orderId);
  if (order.status === ORDER_STATUS.CANCELLED) return { status: order.status, note: ALREADY_CANCELLED };
  if (order.status !== ORDER_STATUS.HELD && order.status !== ORDER_STATUS.HOLDING)
    throw new AppError('conflict', '只有占位中或占位成功的订单可以取消。');
  if (order.paymentStatus !== 'unpaid') throw new AppError('conflict', '订单已支付，请等待出票后办理退票。');
  // 12306 counts cancels of holds (seats given): the limit applies to a held order, checked here
  // before anything is asked of the provider (which would answer msgCode 206).
  const limit = order.status === ORDER_STATUS.HELD ? cancelLimit(await passengerCancelsToday(orderId)) : null;
  if (limit?.refuse) throw new AppError('conflict', limit.refuse);
  // Refuse new payments first, under the lock: a payment notification racing the cancel then either
  // sees the order cancelled (and is refunded) or wins before we get here (and we refuse).
  const proceed = await withOrder(orderId, 'user', actor, async (o) => {
    if (o.order.paymentStatus !== 'unpaid') return false;
    if (limit) {
      // Two cancels of different orders at once must not both pass the limit: one booker's (and one
      // 12306 account's) cancels take turns here, and the count is made again under that lock.
      await o.tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`cancel-limit:${o.order.userId}`}, 0))`);
      const again = cancelLimit(await passengerCancelsToday(orderId, new Date(), o.tx));
      if (again.refuse) throw new AppError('conflict', again.refuse);
    }
    await o.patchOrder({ cancelRequestedAt: new Date() });
    // Should this process die or the provider's answer be lost from here on, the worker finishes the
    // cancel (expireOrder): queued with the request itself, so no kill -9 can lose it.
    o.enqueue(QUEUES.expire, { orderId }, { startAfter: CANCEL_FINISH_SECONDS, singletonKey: orderId });
    return true;
  });
  if (!proceed) throw new AppError('conflict', '订单已支付，请等待出票后办理退票。');
  if (order.providerOrderNo) {
    try {
      await cancelAtProvider({ provider: order.provider, providerOrderNo: order.providerOrderNo });
    } catch (e) {
      if (!(e instanceof ProviderRefusal)) throw e;
      // The provider's daily cancel lock (206): nothing was cancelled, the hold stays the traveller's
      // to pay or to let lapse at its pay limit; the request is withdrawn so the worker does not end
      // the order here while the provider still holds it.
      if (e.msgCode === MSG.CANCEL_LOCKED)
        await withOrder(orderId, 'user', actor, async (o) => {
          if (o.order.status === ORDER_STATUS.HELD && o.order.paymentStatus === 'unpaid')
            await o.patchOrder({ cancelRequestedAt: null });
        });
      throw new AppError('conflict', cancelRefusalText(e));
    }
    // The chaos run may kill every process here: the provider cancelled, nothing of it is recorded.
    await failpoint('user-cancel-sent');
  }
  const status = await withOrder(orderId, 'user', actor, async (o) => {
    if (order.providerOrderNo) {
      try {
        await applyDetail(o, await readDetail({ provider: order.provider, providerOrderNo: order.providerOrderNo }));
      } catch (e) {
        logError('detail after cancel failed', e, { orderId });
      }
    }
    await o.moveOrder(ORDER_STATUS.CANCELLED, '用户取消');
    for (const t of await o.tickets()) await o.moveTicket(t, TICKET_STATUS.CANCELLED);
    if (o.order.paidFen > 0) await o.refundAllPayments('cancelled', '订单已取消，票款原路退回');
    return o.order.status;
  });
  return { status, note: limit?.warn ?? null };
}

/** A provider's refusal of a cancel in plain words (msgCode 206: the daily cancel limit). */
export function cancelRefusalText(e: ProviderRefusal): string {
  if (e.msgCode === MSG.CANCEL_LOCKED)
    return (
      `12306 拒绝取消：今天这位乘客取消订单的次数已达 12306 每天 ${ruleAt('maxCancellationsPerDay')} 次的上限，取消请求已锁定。` +
      '未支付的占座会在支付时限到后自动取消，不产生费用。'
    );
  return e.message;
}

/**
 * Every minute: orders, refunds and changes without news get a sync (unpaid holds too: the provider
 * may have ended one on its own clock, its callback lost); unpaid holds past their limit or asked to be
 * cancelled an expiry; paid holds a confirm; pending traveller refunds a retry. The safety net under callbacks
 * and the jobs those already scheduled.
 */
export async function sweep(now = new Date()): Promise<{ synced: number; expired: number; refunds: number }> {
  const quiet = new Date(now.getTime() - 30_000);
  const live = await db()
    .select({
      id: orders.id,
      status: orders.status,
      paymentStatus: orders.paymentStatus,
      payLimitAt: orders.payLimitAt,
      cancelRequestedAt: orders.cancelRequestedAt,
      createdAt: orders.createdAt,
      lastSyncedAt: orders.lastSyncedAt,
      providerOrderNo: orders.providerOrderNo,
    })
    .from(orders)
    .where(
      and(
        inArray(orders.status, [ORDER_STATUS.HOLDING, ORDER_STATUS.HELD, ORDER_STATUS.ISSUING]),
        lt(orders.updatedAt, quiet),
        or(isNull(orders.lastSyncedAt), lt(orders.lastSyncedAt, quiet)),
      ),
    )
    .limit(500);
  let synced = 0;
  let expired = 0;
  for (const o of live) {
    if (o.status === ORDER_STATUS.HELD && o.paymentStatus === 'unpaid') {
      // Past its pay-by on our clock: cancel it now.
      if (o.payLimitAt && o.payLimitAt <= now) {
        await enqueue(QUEUES.expire, { orderId: o.id }, { singletonKey: o.id });
        expired++;
        continue;
      }
      // A traveller's cancel not finished (its answer lost, or the process killed): finish it.
      if (o.cancelRequestedAt) await enqueue(QUEUES.expire, { orderId: o.id }, { singletonKey: o.id });
      // Waiting for its payment without news for a while: the provider may have ended it on its own
      // clock (which need not be ours) or cancelled it with the answer and the callback lost. One
      // 订单详情 read finds out (issue 24); the sync does not look again while the hold stays unpaid.
    }
    // A hold the provider keeps over 12306's night closure (FAQ §3) answers nothing before the
    // opening: looked at once every NIGHT_SWEEP_QUIET_MS (never given up, holdGiveUpAt), not every minute.
    const night = o.status === ORDER_STATUS.HOLDING && o.providerOrderNo ? holdWaitsUntil(o.createdAt) : null;
    if (night && night > now && o.lastSyncedAt && now.getTime() - o.lastSyncedAt.getTime() < NIGHT_SWEEP_QUIET_MS)
      continue;
    // Its own key: folded into a look queued before the news it is after (the first sync after 创单,
    // a backoff of minutes), this look would wait for it, or skip its read because news came since.
    await enqueue(QUEUES.sync, { orderId: o.id, attempt: 3 }, { singletonKey: `sweep:${o.id}` });
    synced++;
  }
  const afterSales = await db()
    .selectDistinct({ orderId: ticketRefunds.orderId })
    .from(ticketRefunds)
    .where(and(inArray(ticketRefunds.status, [20, 23]), lt(ticketRefunds.updatedAt, quiet)))
    .union(
      db()
        .selectDistinct({ orderId: changeOrders.orderId })
        .from(changeOrders)
        .where(and(inArray(changeOrders.status, [30, 31, 33]), lt(changeOrders.updatedAt, quiet))),
    )
    .limit(500);
  for (const r of afterSales) {
    await enqueue(QUEUES.sync, { orderId: r.orderId, attempt: 3 }, { singletonKey: `sweep:${r.orderId}` });
    synced++;
  }
  const pending = await db()
    .select({ id: paymentRefunds.id })
    .from(paymentRefunds)
    .where(and(eq(paymentRefunds.status, 'pending'), lt(paymentRefunds.updatedAt, new Date(now.getTime() - 60_000))))
    .limit(500);
  for (const r of pending) await enqueue(QUEUES.refund, { paymentRefundId: r.id }, { singletonKey: r.id });
  return { synced, expired, refunds: pending.length };
}

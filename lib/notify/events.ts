/**
 * The enqueue side of notifications: the order core's steps (and the grab, agency and account
 * services) call these inside their transaction, so a notification job exists exactly when the event
 * it announces committed. Each job carries the event's key; the job (deliver.ts) writes one row per
 * (key, channel, recipient) under a UNIQUE index, which is what makes it exactly-once. Nothing here
 * can fail an order step: it only queues a job row in the step's transaction.
 */
import { inArray } from 'drizzle-orm';
import { changeOrders } from '@/db/schema';
import type { StepJobs, Tx } from '@/lib/aggregate';
import { QUEUES, sendJobs, type JobData } from '@/lib/jobs';
import { addDays, shanghaiDate, shanghaiInstant } from '@/lib/time';
import type { NotifyKind } from './kinds';

export type NotifyJob = JobData[typeof QUEUES.notify];

/** The pay reminder goes out this long before the pay-by time (issue 28: "10 minutes left"). */
export const PAY_REMINDER_BEFORE_MS = 10 * 60_000;
/** The departure reminder the evening before: 20:00 Beijing time on the day before departure. */
export const EVE_REMINDER_HOUR = 20;
/** The second departure reminder: 2 hours before the train leaves. */
export const DEPARTURE_REMINDER_BEFORE_MS = 2 * 3600_000;

/** A notification job on a step (sent with its transaction); `at`: not before then (scheduled reminders). */
export function queueNotification(step: StepJobs, job: NotifyJob, at?: Date): void {
  step.enqueue(QUEUES.notify, job, at ? { startAfter: at } : undefined);
}

/** Outside a locked step (sign-in, password change): the job on its own, or in the caller's transaction. */
export async function sendNotification(job: NotifyJob, tx?: Parameters<typeof sendJobs>[1]): Promise<void> {
  await sendJobs([{ queue: QUEUES.notify, data: job }], tx);
}

/** 20:00 Beijing time on the day before `departure`. */
export function eveningBefore(departure: Date): Date {
  return shanghaiInstant(addDays(shanghaiDate(departure), -1), `${EVE_REMINDER_HOUR}:00`);
}

interface OrderFacts {
  id: string;
  userId: string;
  agencyId: string | null;
  grabOrderId: string | null;
  payLimitAt: Date | null;
  departureAt: Date;
}

interface EventFacts {
  kind?: string;
  refId?: string | null;
  toStatus: number;
}

const key = (...parts: (string | number)[]) => parts.join(':');

/** The two departure reminders for a departure (those still ahead of `now`), keyed under `prefix`. */
function departureReminders(
  step: StepJobs,
  job: (kind: NotifyKind, k: string) => NotifyJob,
  prefix: string,
  departureAt: Date,
  now: Date,
) {
  const eve = eveningBefore(departureAt);
  if (eve > now) queueNotification(step, job('departure_eve', `${prefix}:depart-eve`), eve);
  const twoHours = new Date(departureAt.getTime() - DEPARTURE_REMINDER_BEFORE_MS);
  if (twoHours > now) queueNotification(step, job('departure_2h', `${prefix}:depart-2h`), twoHours);
}

/**
 * The new departures of the changes this step's events complete (改签成功, 34): read in the step's
 * transaction so that their reminders are queued with it (notifyOrderEvents).
 */
export async function changeDepartures(tx: Tx, events: readonly EventFacts[]): Promise<Map<string, Date>> {
  const ids = events.filter((e) => e.kind === 'change' && e.toStatus === 34 && e.refId).map((e) => e.refId!);
  if (!ids.length) return new Map();
  const rows = await tx
    .select({ id: changeOrders.id, departureAt: changeOrders.departureAt })
    .from(changeOrders)
    .where(inArray(changeOrders.id, ids));
  return new Map(rows.map((r) => [r.id, r.departureAt]));
}

/**
 * The notifications an order step's events imply (called by OrderTx.finish, same transaction):
 * 占位成功 (+ the pay reminder 10 minutes before the pay-by time), 占位失败, 出票成功 (+ the departure
 * reminders), 出票失败, refund and 改签 results. A grab's orders are paid from the prepayment: the grab
 * announces its own result (no hold or pay reminder). An agency's order goes to the clerk as the
 * agency's customer order. A completed 改签 (34) gets the departure reminders of its new train
 * (`change:<id>:depart-…`, departure from `changed`); the original ticket's reminders re-check at
 * send time and skip tickets that were changed (render.ts).
 */
export function notifyOrderEvents(
  step: StepJobs,
  order: OrderFacts,
  events: readonly EventFacts[],
  now = new Date(),
  changed: ReadonlyMap<string, Date> = new Map(),
) {
  const job = (kind: NotifyKind, k: string, refId?: string | null): NotifyJob => ({
    kind,
    key: k,
    userId: order.userId,
    orderId: order.id,
    ...(refId ? { refId } : {}),
  });
  for (const e of events) {
    if (e.kind === 'order') {
      if (e.toStatus === 2 && !order.grabOrderId) {
        queueNotification(step, job('hold_succeeded', key('order', order.id, 'held')));
        const remindAt = order.payLimitAt ? new Date(order.payLimitAt.getTime() - PAY_REMINDER_BEFORE_MS) : null;
        if (remindAt && remindAt > now)
          queueNotification(step, job('pay_reminder', key('order', order.id, 'pay-reminder')), remindAt);
      } else if (e.toStatus === 3 && !order.grabOrderId) {
        queueNotification(step, job('hold_failed', key('order', order.id, 'hold-failed')));
      } else if (e.toStatus === 8) {
        queueNotification(
          step,
          job(order.agencyId ? 'agency_customer_order' : 'tickets_issued', key('order', order.id, 'issued')),
        );
        departureReminders(step, job, key('order', order.id), order.departureAt, now);
      } else if (e.toStatus === 9) {
        queueNotification(
          step,
          job(order.agencyId ? 'agency_customer_order' : 'issue_failed', key('order', order.id, 'issue-failed')),
        );
      }
    } else if (e.kind === 'refund' && e.refId && (e.toStatus === 21 || e.toStatus === 22)) {
      queueNotification(step, job('refund_result', key('refund', e.refId, e.toStatus), e.refId));
    } else if (e.kind === 'change' && e.refId && [32, 34, 35, 37].includes(e.toStatus)) {
      queueNotification(step, job('change_result', key('change', e.refId, e.toStatus), e.refId));
      const departure = e.toStatus === 34 ? changed.get(e.refId) : undefined;
      if (departure)
        departureReminders(step, (kind, k) => job(kind, k, e.refId), key('change', e.refId), departure, now);
    }
  }
}

/** 抢票 moves worth a notice: D started, F succeeded (tickets), O expired, C cancelled (prepayment back). */
const GRAB_NOTICES: Readonly<Record<string, string>> = { D: 'started', F: 'succeeded', O: 'expired', C: 'cancelled' };

/** Called by GrabTx.move (same transaction). */
export function notifyGrabMove(step: StepJobs, grab: { id: string; userId: string }, to: string): void {
  const what = GRAB_NOTICES[to];
  if (!what) return;
  queueNotification(step, {
    kind: 'grab_result',
    key: key('grab', grab.id, to),
    userId: grab.userId,
    grabId: grab.id,
    facts: { what },
  });
}

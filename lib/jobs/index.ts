/**
 * The durable job queue: pg-boss in the portal's own Postgres (schema `pgboss`, created and migrated
 * by pg-boss itself on start). Jobs are enqueued inside the order service's transaction (pg-boss's
 * `db` option runs the INSERT on that transaction's connection), so a state change and the work it
 * implies commit or roll back together. The worker process (scripts/worker.ts) runs the handlers;
 * every handler is idempotent, because pg-boss retries a job whose worker died.
 */
import { sql } from 'drizzle-orm';
import { fromDrizzle, PgBoss, type DrizzleTransactionLike, type SendOptions } from 'pg-boss';
import { db } from '@/db/client';
import { requireDatabaseUrl } from '@/lib/env';
import { withTraceData } from '@/lib/obs/hooks';
import { logError } from '@/lib/log';

export const QUEUES = {
  /** 创单 again when the first attempt's answer was lost (idempotent by customerOrderNo). */
  submit: 'order-submit',
  /** Re-read 订单详情 and apply it; reschedules itself with backoff while the order is moving. */
  sync: 'order-sync',
  /** 确认出票 after a verified payment; reads 订单详情 before every (re)try. */
  confirm: 'order-confirm',
  /** At payLimitTime: an unpaid hold is cancelled (the provider cancels it too). */
  expire: 'order-expire',
  /** 确认改签 once the traveller has paid their part; reads 订单详情 before every (re)try. */
  changeConfirm: 'change-confirm',
  /** Pay money back to the traveller through the payment gateway (idempotent by refund number). */
  refund: 'payment-refund',
  /** Every minute: finds orders, payments and refunds without news and enqueues their jobs. */
  sweep: 'sweep',
  /** 抢票: one engine step of a grab order (余票 from the shared slot, 创单 when seats show); singleton per grab. */
  grabTick: 'grab-tick',
  /** 抢票: an attempt's order moved (held → pay from the prepayment, issued → success, failed → go on). */
  grabOrder: 'grab-order',
  /** 抢票: at the traveller's deadline the grab expires and everything it holds is refunded. */
  grabExpire: 'grab-expire',
  /** 抢票: every minute, live grabs without a pending step get one (the safety net after a crash). */
  grabSweep: 'grab-sweep',
  /** Refund reconciliation (lib/reconcile): daily at 03:00 Beijing, one run at a time. */
  reconcile: 'recon-run',
  /** A trip's leg moved (lib/trips): the trip follows its legs (held, failed → give up the other leg, issued). */
  tripSync: 'trip-sync',
  /** A notification (lib/notify): render and send it on every channel, exactly once per (event, channel, recipient). */
  notify: 'notify',

  /** 送票 (lib/delivery): the fee is paid → create the shipment at the courier (idempotent by shipmentNo). */
  deliveryShip: 'delivery-ship',
  /** 送票: a cancel the courier could not be reached for, retried (charges nothing until done). */
  deliveryCancel: 'delivery-cancel',
  /** 送票: pay back the refunded part of the delivery fee through the gateway (idempotent by refund number). */
  deliveryRefund: 'delivery-refund',
  /** 送票: re-read the fee payment and the shipment (a lost notification or webhook). */
  deliverySync: 'delivery-sync',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Retry policy per queue: transport failures are retried with exponential backoff. Every queue has
 * `notify`: a job that is runnable when it is sent (or when its transaction commits) wakes the
 * worker at once through LISTEN/NOTIFY instead of waiting for the next poll; polling stays as the
 * backstop (and finds jobs whose start time or retry delay has come).
 */
const RETRY_POLICY: Record<QueueName, Parameters<PgBoss['createQueue']>[1]> = {
  [QUEUES.submit]: { retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.sync]: { policy: 'short', retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.confirm]: { retryLimit: 12, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.expire]: { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.changeConfirm]: { retryLimit: 12, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.refund]: { retryLimit: 20, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.sweep]: { policy: 'short', retryLimit: 0, expireInSeconds: 300 },
  [QUEUES.grabTick]: { policy: 'short', retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.grabOrder]: { retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.grabExpire]: { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.grabSweep]: { policy: 'short', retryLimit: 0, expireInSeconds: 300 },
  [QUEUES.tripSync]: { retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.notify]: { retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },

  [QUEUES.deliveryShip]: { retryLimit: 12, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.deliveryCancel]: { retryLimit: 20, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.deliveryRefund]: { retryLimit: 20, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.deliverySync]: { policy: 'short', retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.reconcile]: { policy: 'singleton', retryLimit: 2, retryDelay: 300, expireInSeconds: 3600 },
};
export const QUEUE_OPTIONS = Object.fromEntries(
  Object.entries(RETRY_POLICY).map(([name, o]) => [name, { ...o, notify: true }]),
) as typeof RETRY_POLICY;

export interface JobData {
  /** relogin: the hold failed for "not logged in": log the bound 12306 account in again, 创单 once more. */
  [QUEUES.submit]: { orderId: string; relogin?: boolean };
  [QUEUES.sync]: { orderId: string; attempt?: number };
  [QUEUES.confirm]: { orderId: string };
  [QUEUES.expire]: { orderId: string };
  [QUEUES.changeConfirm]: { changeId: string };
  [QUEUES.refund]: { paymentRefundId: string };
  [QUEUES.sweep]: Record<string, never>;
  [QUEUES.grabTick]: { grabId: string };
  [QUEUES.grabOrder]: { grabId: string; orderId: string };
  [QUEUES.grabExpire]: { grabId: string };
  [QUEUES.grabSweep]: Record<string, never>;
  [QUEUES.reconcile]: Record<string, never>;
  [QUEUES.tripSync]: { tripId: string };
  /**
   * kind: lib/notify/kinds.ts; key: the event's key (with channel and recipient the notification's
   * unique key); the facts are read again when the job runs (reminders re-check the state).
   */
  [QUEUES.notify]: {
    kind: string;
    key: string;
    userId: string;
    orderId?: string;
    refId?: string;
    grabId?: string;
    /** Facts that exist only at the event (a new device's address, an amount, an invitation link). */
    facts?: Record<string, string | number>;
  };

  [QUEUES.deliveryShip]: { deliveryId: string };
  [QUEUES.deliveryCancel]: { deliveryId: string };
  [QUEUES.deliveryRefund]: { deliveryId: string };
  [QUEUES.deliverySync]: { deliveryId: string };
}

/** A job the order service wants once its transaction commits. */
export interface JobRequest<Q extends QueueName = QueueName> {
  queue: Q;
  data: JobData[Q];
  options?: SendOptions;
}

const globalForBoss = globalThis as unknown as { portalBoss?: Promise<PgBoss> };

/**
 * This process's pg-boss instance. In the portal it only sends (no maintenance, no schedules); the
 * worker starts its own with `supervise` and `schedule` on.
 */
export function boss(opts: { worker?: boolean } = {}): Promise<PgBoss> {
  globalForBoss.portalBoss ??= (async () => {
    const b = new PgBoss({
      connectionString: requireDatabaseUrl(),
      schema: 'pgboss',
      max: 4,
      supervise: !!opts.worker,
      schedule: !!opts.worker,
      // The worker listens for new jobs (one dedicated connection); the portal only sends.
      useListenNotify: !!opts.worker,
      application_name: opts.worker ? 'rail-worker' : 'rail-portal',
    });
    b.on('error', (e) => {
      // 57P01: Postgres is shutting down (the end of `npm start`); pg-boss reconnects otherwise.
      if ((e as { code?: string }).code === '57P01') return;
      logError('job queue error', e);
    });
    await b.start();
    await ensureQueues(b);
    return b;
  })();
  return globalForBoss.portalBoss;
}

export async function ensureQueues(b: PgBoss): Promise<void> {
  const existing = new Map((await b.getQueues()).map((q) => [q.name, q]));
  for (const name of Object.values(QUEUES)) {
    const queue = existing.get(name);
    // A queue created before it had `notify` gets it (a database from an earlier version).
    if (queue && !queue.notify) await b.updateQueue(name, { notify: true });
    if (!queue) {
      try {
        await b.createQueue(name, QUEUE_OPTIONS[name]);
      } catch (e) {
        // Another process created it between our read and our create.
        if (!(await b.getQueue(name))) throw e;
      }
    }
  }
}

/**
 * Sends jobs inside the caller's drizzle transaction (pg-boss's own drizzle adapter runs the INSERT on
 * it) or, without one, on pg-boss's pool.
 */
export async function sendJobs(requests: JobRequest[], tx?: DrizzleTransactionLike): Promise<void> {
  if (!requests.length) return;
  const b = await boss();
  const db = tx ? fromDrizzle(tx, sql) : undefined;
  for (const r of requests)
    await b.send(r.queue, withTraceData(r.data) as object, { ...r.options, ...(db ? { db } : {}) });
}

export async function enqueue<Q extends QueueName>(queue: Q, data: JobData[Q], options?: SendOptions): Promise<void> {
  await sendJobs([{ queue, data, ...(options ? { options } : {}) }]);
}

/** Queue depth and failures for the admin page. */
export async function queueStats(): Promise<{ name: string; queued: number; active: number; failed: number }[]> {
  const b = await boss();
  const queues = await b.getQueues(Object.values(QUEUES));
  return queues.map((q) => ({
    name: q.name,
    queued: q.queuedCount ?? 0,
    active: q.activeCount ?? 0,
    failed: q.failedCount ?? 0,
  }));
}

export interface FailedJob {
  id: string;
  queue: string;
  data: unknown;
  error: string;
  retries: number;
  at: Date | null;
}

/**
 * The latest failed jobs (retries exhausted), from pg-boss's job table: pg-boss's API finds jobs by
 * id, key or data, not by state.
 */
export async function failedJobs(limit = 50): Promise<FailedJob[]> {
  const rows = await db().execute<{
    id: string;
    name: string;
    data: unknown;
    output: unknown;
    retry_count: number;
    completed_on: Date | string | null;
  }>(
    sql`select id, name, data, output, retry_count, completed_on from pgboss.job
        where state = 'failed' order by completed_on desc nulls last limit ${limit}`,
  );
  return [...rows].map((r) => {
    const out = r.output as { message?: string } | null;
    return {
      id: r.id,
      queue: r.name,
      data: r.data,
      error: (out?.message ?? JSON.stringify(out ?? '')).slice(0, 300),
      retries: r.retry_count,
      at: r.completed_on ? new Date(r.completed_on) : null,
    };
  });
}

/**
 * Stops this process's pg-boss: no new job is fetched, the running ones get `timeoutMs` to finish
 * (pg-boss then fails the rest, which its retry policy runs again later), and its pool closes.
 */
export async function stopJobs(timeoutMs = 5000): Promise<void> {
  const b = globalForBoss.portalBoss;
  globalForBoss.portalBoss = undefined;
  if (b) await (await b).stop({ graceful: true, timeout: timeoutMs });
}

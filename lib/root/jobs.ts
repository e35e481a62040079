/**
 * The composition root of background work: every feature's job handlers in one table (orders,
 * payments, grabs, reconciliation, and the bound 12306 accounts' upkeep), registered by the worker
 * process (scripts/worker.ts) and by integration tests. Each handler is idempotent: pg-boss retries a
 * job whose attempt threw or whose worker died. Features do not call each other's jobs; what crosses
 * features (a payment notification for a grab, the minute's sweep) is wired here.
 */
import type { PgBoss } from 'pg-boss';
import { env } from '@/lib/env';
import { QUEUES, type JobData } from '@/lib/jobs';
import { runJob } from '@/lib/obs/hooks';
import { expireGrab, grabSweep, onGrabOrder, tickGrab } from '@/lib/grab/engine';
import { pruneCallbackLog } from '@/lib/orders/callback-guard';
import { confirmChangeJob } from '@/lib/orders/changes';
import { confirmPaidOrder, expireOrder, submitOrder, sweep as sweepOrders, syncOrder } from '@/lib/orders/operations';
import { pruneProviderStats, setProcessRole } from '@/lib/provider/resilience';
import { runReconciliation } from '@/lib/reconcile/run';
import { registerStationSyncJobs } from '@/lib/stations/jobs';
import { SHANGHAI } from '@/lib/time';
import { registerTrainAccountJobs } from '@/lib/train-account/jobs';
import { sweepTrips, syncTrip } from '@/lib/trips/service';
import { runDeliverySync, runFeeRefund, runShip, submitCourierCancel, sweepDeliveries } from '@/lib/delivery/service';
import { registerTimetableJobs } from '@/lib/transfers/jobs';
import { deliverNotification } from '@/lib/notify/deliver';
import { registerPartitionJobs } from '@/lib/partitions';
import { reconcileStalePayments, runTravellerRefund } from './payments';

/**
 * The minute's safety net: orders, refunds and changes without news (lib/orders/operations.ts), then
 * payments without a notification, asked of the gateway (order payments and grab prepayments alike).
 */
export async function sweep(now = new Date()) {
  const out = await sweepOrders(now);
  return { ...out, payments: await reconcileStalePayments(now), trips: await sweepTrips(now) };
}

/** A job's data, and when it was sent (a sync skips its read when news came after that). */
type Handler<Q extends keyof JobData> = (data: JobData[Q], sentAt: Date) => Promise<unknown>;

const HANDLERS: { [Q in keyof JobData]: Handler<Q> } = {
  [QUEUES.submit]: ({ orderId, relogin }) => submitOrder(orderId, 'job', relogin),
  [QUEUES.sync]: ({ orderId, attempt }, sentAt) => syncOrder(orderId, 'sync', attempt ?? 0, sentAt),
  [QUEUES.confirm]: ({ orderId }) => confirmPaidOrder(orderId),
  [QUEUES.expire]: ({ orderId }) => expireOrder(orderId),
  [QUEUES.changeConfirm]: ({ changeId }) => confirmChangeJob(changeId),
  [QUEUES.refund]: ({ paymentRefundId }) => runTravellerRefund(paymentRefundId),
  // The minute's sweep also prunes the callback log (refused callbacks: age and count caps) and the
  // providers' call samples (PROVIDER_CALLS_KEEP_HOURS).
  [QUEUES.sweep]: async () => {
    await sweep();
    await pruneCallbackLog();
    await pruneProviderStats();
    await sweepDeliveries();
  },
  [QUEUES.grabTick]: ({ grabId }) => tickGrab(grabId),
  [QUEUES.grabOrder]: ({ grabId, orderId }) => onGrabOrder(grabId, orderId),
  [QUEUES.grabExpire]: ({ grabId }) => expireGrab(grabId),
  [QUEUES.grabSweep]: () => grabSweep(),
  [QUEUES.reconcile]: () => runReconciliation({ actor: 'worker', trigger: 'schedule' }),
  [QUEUES.tripSync]: ({ tripId }) => syncTrip(tripId),
  [QUEUES.notify]: (job) => deliverNotification(job),

  [QUEUES.deliveryShip]: ({ deliveryId }) => runShip(deliveryId),
  [QUEUES.deliveryCancel]: async ({ deliveryId }) => {
    if ((await submitCourierCancel(deliveryId)) === 'retrying') throw new Error('courier unreachable: retry');
  },
  [QUEUES.deliveryRefund]: ({ deliveryId }) => runFeeRefund(deliveryId),
  [QUEUES.deliverySync]: ({ deliveryId }) => runDeliverySync(deliveryId),
};

/** Polling interval of every queue (seconds) when LISTEN/NOTIFY is unavailable; pg-boss's minimum is 0.5. */
export const POLL_SECONDS = env().WORKER_POLL_SECONDS;
/**
 * While LISTEN/NOTIFY works, a new runnable job wakes the workers at once and polling is only the
 * backstop: it finds jobs whose start time or retry delay has come (those send no notification). This
 * is how often a queue is polled then on average, whatever its concurrency: each of its N workers
 * polls every N × this (at least pg-boss's 0.5 s); they start together and drift apart as they take
 * jobs, so a delayed job waits at most N × this (1 s at the default 4). Each worker polling every second
 * on its own made the idle fetches grow with WORKER_CONCURRENCY: 12 queues × 16 workers were ~190
 * fetches a second, 23 per booking and 60 % of Postgres's planning time in `npm run bench`.
 */
export const NOTIFY_POLL_SECONDS = env().WORKER_NOTIFY_POLL_SECONDS;

/** Queues of one job at a time (schedules with a singleton key): one worker each is enough. */
const SINGLE: ReadonlySet<string> = new Set([QUEUES.sweep, QUEUES.grabSweep, QUEUES.reconcile]);

export async function registerWorkers(
  boss: PgBoss,
  /** upkeep: also the 12306 logins' renewal every 15 minutes (the worker process; tests leave it out). */
  opts: { concurrency?: number; upkeep?: boolean } = {},
): Promise<void> {
  // This process runs jobs: its circuit rows (provider_circuits) are labelled worker-<pid>.
  setProcessRole('worker');
  for (const [queue, handler] of Object.entries(HANDLERS) as [keyof JobData, Handler<keyof JobData>][]) {
    const concurrency = SINGLE.has(queue) ? 1 : (opts.concurrency ?? 4);
    await boss.work(
      queue,
      {
        pollingIntervalSeconds: POLL_SECONDS,
        notifyPollingIntervalSeconds: Math.max(POLL_SECONDS, NOTIFY_POLL_SECONDS * concurrency),
        batchSize: 1,
        localConcurrency: concurrency,
        includeMetadata: true,
      },
      async ([job]) => {
        if (job) await runJob(queue, job, () => handler(job.data as never, job.createdOn));
      },
    );
  }
  await boss.schedule(QUEUES.sweep, '* * * * *', {}, { singletonKey: 'sweep' });
  await boss.schedule(QUEUES.grabSweep, '* * * * *', {}, { singletonKey: 'grab-sweep' });
  await boss.schedule(QUEUES.reconcile, '0 3 * * *', {}, { singletonKey: 'recon-run', tz: SHANGHAI });
  if (opts.upkeep) await registerTrainAccountJobs(boss);
  if (opts.upkeep) await registerStationSyncJobs(boss); // provider station lists: at start and daily
  if (opts.upkeep) await registerTimetableJobs(boss); // the transfer search's timetable index (lib/transfers)
  if (opts.upkeep) await registerPartitionJobs(boss); // order_events' monthly partitions, months ahead
}

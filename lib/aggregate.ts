/**
 * The one-writer shape the aggregate services share (orders: lib/orders/service.ts `withOrder`; grab
 * orders: lib/grab/service.ts `withGrab`): one transaction locks the aggregate's row, the service's
 * step moves it along the lib/domain transition tables (each move with its event) and queues
 * follow-up jobs, and those jobs are inserted in the same transaction, so a job exists exactly when
 * the change it follows committed.
 */
import 'server-only';
import { db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { sendJobs, type JobData, type JobRequest, type QueueName } from '@/lib/jobs';

export type Tx = Parameters<Parameters<ReturnType<typeof db>['transaction']>[0]>[0];

/** Who or what made a change (every event records it). */
export type Source = 'user' | 'callback' | 'sync' | 'job' | 'payment' | 'admin' | 'system';

/** The jobs a step queues (sent with its transaction) and whether it wrote anything. */
export class StepJobs {
  readonly jobs: JobRequest[] = [];
  /** Whether anything was written (callbacks log `applied` vs `no_change`). */
  changed = false;

  /** Steps opened inside this one (an order locked by a grab step), finished with it. */
  protected readonly inner: StepJobs[] = [];

  enqueue<Q extends QueueName>(queue: Q, data: JobData[Q], options?: JobRequest['options']): void {
    this.jobs.push({ queue, data, ...(options ? { options } : {}) });
  }

  /**
   * Called by lockedStep after the step, before its jobs are sent (same transaction): writes what the
   * step kept for its end (an order step's events, in one statement) and takes over the jobs of the
   * steps opened inside it. Idempotent.
   */
  async finish(): Promise<void> {
    for (const i of this.inner.splice(0)) {
      await i.finish();
      this.jobs.push(...i.jobs.splice(0));
    }
  }
}

/**
 * Runs `step` in one transaction on the row `lock` read FOR UPDATE (not_found with `notFound` when
 * there is none), through the service's transaction object `open` builds; then sends its jobs.
 */
export function lockedStep<R, X extends StepJobs, T>(
  lock: (tx: Tx) => Promise<R | undefined>,
  notFound: string,
  open: (tx: Tx, row: R) => X,
  step: (x: X) => T | Promise<T>,
): Promise<T> {
  return db().transaction(async (tx) => {
    const row = await lock(tx);
    if (!row) throw new AppError('not_found', notFound);
    const x = open(tx, row);
    const out = await step(x);
    await x.finish();
    await sendJobs(x.jobs, tx);
    return out;
  });
}

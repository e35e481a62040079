/**
 * Delayed work in Postgres (sandbox.jobs): hold resolution, issuing, refunds, hold/change expiry.
 * `run_at` is sandbox time, so moving the clock makes jobs due at once. A worker claims one due job
 * with `FOR UPDATE SKIP LOCKED` and runs its handler inside the same transaction (in a savepoint):
 * the job is marked done exactly when its effects commit, several workers never take the same job,
 * and a crash leaves it pending for the next start. A failing handler is retried with backoff, at
 * most MAX_JOB_ATTEMPTS times.
 */
import type postgres from 'postgres';

export type JobKind =
  | 'hold'
  | 'expire'
  | 'issue'
  | 'refund'
  | 'changeHold'
  | 'changeExpire'
  | 'changeIssue'
  | 'release'
  /** A Juhe submit refused by "12306" before it became an engine order: its failed hold (sandbox/juhe). */
  | 'juheReject';
export type JobHandler = (tx: postgres.TransactionSql, ref: string) => Promise<void>;
export type JobHandlers = Record<JobKind, JobHandler>;

export const MAX_JOB_ATTEMPTS = 5;

export async function enqueueJob(
  tx: postgres.TransactionSql | postgres.Sql,
  kind: JobKind,
  ref: string,
  runAt: Date,
): Promise<void> {
  await tx`insert into sandbox.jobs (kind, ref, run_at) values (${kind}, ${ref}, ${runAt})`;
}

/** Runs one due job; answers false when none is due (or all due ones are taken by other workers). */
export async function runOneDueJob(
  sql: postgres.Sql,
  now: Date,
  handlers: JobHandlers,
  log: (s: string) => void = () => {},
): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [job] = await tx<{ id: number; kind: JobKind; ref: string; attempts: number }[]>`
      select id, kind, ref, attempts from sandbox.jobs
      where not done and run_at <= ${now}
      order by run_at, id limit 1 for update skip locked`;
    if (!job) return false;
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`unknown job kind ${job.kind}`);
      await tx.savepoint((sp) => handler(sp, job.ref));
      await tx`update sandbox.jobs set done = true, attempts = attempts + 1 where id = ${job.id}`;
    } catch (e) {
      const attempts = job.attempts + 1;
      const msg = e instanceof Error ? e.message : String(e);
      log(`[sandbox] job ${job.kind} ${job.ref} failed (attempt ${attempts}): ${msg}`);
      await tx`update sandbox.jobs set attempts = ${attempts}, last_error = ${msg.slice(0, 500)},
        done = ${attempts >= MAX_JOB_ATTEMPTS}, run_at = ${new Date(now.getTime() + 500 * 2 ** attempts)}
        where id = ${job.id}`;
    }
    return true;
  });
}

/** Runs due jobs until none is left (or `max` ran). */
export async function drainJobs(
  sql: postgres.Sql,
  now: () => Promise<Date>,
  handlers: JobHandlers,
  max = 500,
  log?: (s: string) => void,
): Promise<number> {
  let n = 0;
  const at = await now();
  while (n < max && (await runOneDueJob(sql, at, handlers, log))) n++;
  return n;
}

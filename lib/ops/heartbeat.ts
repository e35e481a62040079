/**
 * The worker's heartbeat (table worker_heartbeats): every HEARTBEAT_MS the worker process upserts its
 * row; a clean stop deletes it. Readiness (./health.ts) wants one row younger than HEARTBEAT_STALE_MS,
 * so a portal whose every worker died (or hangs) stops being ready within half a minute.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { logError } from '@/lib/log';

export const HEARTBEAT_MS = 5_000;
/** Six missed beats: a worker busy with a long job still beats (the timer runs beside the jobs). */
export const HEARTBEAT_STALE_MS = 30_000;

export const workerId = () => `${os.hostname()}:${process.pid}`;

export async function beat(id = workerId()): Promise<void> {
  await db().execute(
    sql`insert into worker_heartbeats (worker_id) values (${id})
        on conflict (worker_id) do update set beat_at = now()`,
  );
}

/** Beats now and every HEARTBEAT_MS; the returned function stops the timer and removes the row. */
export async function startHeartbeat(id = workerId()): Promise<() => Promise<void>> {
  await beat(id);
  const timer = setInterval(() => {
    beat(id).catch((e: unknown) => logError('worker heartbeat failed', e));
  }, HEARTBEAT_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await db()
      .execute(sql`delete from worker_heartbeats where worker_id = ${id}`)
      .catch(() => undefined);
  };
}

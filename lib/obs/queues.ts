/**
 * Queue readings for the metrics (rail_job_queue_*), from pg-boss's job table at scrape time: jobs
 * waiting (created or retry) and running, failed ones kept, and how long the oldest runnable waiting
 * job has waited since it became due (start_after: a delayed job is not late before its time).
 */
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { registerQueueGauges, type QueueReading } from './metrics';

export async function readQueues(): Promise<QueueReading[]> {
  const rows = await db().execute<{
    name: string;
    waiting: number;
    active: number;
    failed: number;
    oldest: number | null;
  }>(sql`select name,
      count(*) filter (where state in ('created', 'retry'))::int as waiting,
      count(*) filter (where state = 'active')::int as active,
      count(*) filter (where state = 'failed')::int as failed,
      extract(epoch from now() - min(start_after) filter (
        where state in ('created', 'retry') and start_after <= now()))::float8 as oldest
    from pgboss.job group by name order by name`);
  return [...rows].map((r) => ({
    queue: r.name,
    waiting: Number(r.waiting),
    active: Number(r.active),
    failed: Number(r.failed),
    oldestSeconds: Math.max(0, Number(r.oldest ?? 0)),
  }));
}

/** The portal's registry gets the queue gauges (the worker's does not: one reading of one table). */
export function enableQueueGauges(): void {
  registerQueueGauges(readQueues);
}

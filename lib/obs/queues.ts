/**
 * Queue readings for the metrics (rail_job_queue_*), from pg-boss's queue and job tables at scrape time (every queue, empty ones too): jobs
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
  }>(sql`select q.name,
      count(j.id) filter (where j.state in ('created', 'retry'))::int as waiting,
      count(j.id) filter (where j.state = 'active')::int as active,
      count(j.id) filter (where j.state = 'failed')::int as failed,
      extract(epoch from now() - min(j.start_after) filter (
        where j.state in ('created', 'retry') and j.start_after <= now()))::float8 as oldest
    from pgboss.queue q left join pgboss.job j on j.name = q.name
    group by q.name order by q.name`);
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

/**
 * Monthly partitions of order_events (migration 0025_partition_events; the capacity plan in the README
 * says why): `ensureEventPartitions` creates the partitions of this Asia/Shanghai month and the next
 * `monthsAhead` that are missing (the SQL function ensure_order_events_partitions, which also moves rows
 * of such a month out of the default partition), and `eventPartitions` lists them. The worker runs it
 * at start and every day (registerPartitionJobs), so a month's partition exists weeks before its first
 * event; two workers at once are serialised by an advisory lock in the function.
 */
import type { PgBoss } from 'pg-boss';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { logError } from '@/lib/log';

/** Months created ahead of the current one. */
export const PARTITION_MONTHS_AHEAD = 3;
export const PARTITION_QUEUE = 'order-events-partitions';

/** Creates the missing monthly partitions up to `monthsAhead` months ahead; how many it created. */
export async function ensureEventPartitions(monthsAhead = PARTITION_MONTHS_AHEAD): Promise<number> {
  const rows = await db().execute<{ created: number }>(
    sql`select ensure_order_events_partitions(${monthsAhead}::int) as created`,
  );
  return Number(rows[0]?.created ?? 0);
}

/** The partitions of order_events with their bounds (as Postgres prints them), oldest first. */
export async function eventPartitions(): Promise<{ name: string; bounds: string }[]> {
  const rows = await db().execute<{ name: string; bounds: string }>(sql`
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bounds
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.order_events'::regclass order by c.relname`);
  return [...rows];
}

/** The worker's job: at start, then daily at 04:10 Shanghai time. */
export async function registerPartitionJobs(boss: PgBoss, pollingIntervalSeconds = 5): Promise<void> {
  if (!(await boss.getQueue(PARTITION_QUEUE))) {
    try {
      await boss.createQueue(PARTITION_QUEUE, { policy: 'short', retryLimit: 3, expireInSeconds: 600 });
    } catch (e) {
      if (!(await boss.getQueue(PARTITION_QUEUE))) throw e; // another worker created it meanwhile
    }
  }
  await boss.work(PARTITION_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async () => {
    try {
      const created = await ensureEventPartitions();
      if (created) console.log(`[worker] order_events: ${created} monthly partition(s) created ahead`);
    } catch (e) {
      logError('order_events partitions not created', e);
      throw e; // retried by pg-boss
    }
  });
  await boss.schedule(PARTITION_QUEUE, '10 4 * * *', {}, { singletonKey: PARTITION_QUEUE, tz: 'Asia/Shanghai' });
  await boss.send(PARTITION_QUEUE, {}, { singletonKey: `${PARTITION_QUEUE}-start` });
}

/**
 * order_events partitioned by month (migration 0025_partition_events, lib/partitions): an order's events
 * written by the order service and two more on either side of a Shanghai month boundary land in the
 * partitions of their months, the history still reads as one table in order, ids stay unique, a row
 * past every monthly partition lands in the default one and moves into its month's partition when the
 * job creates it; the auditor finds every invariant true for the order.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { orderEvents } from '@/db/schema';
import { ORDER_STATUS } from '@/lib/domain/states';
import { book, harnessForFile, waitStatus } from '@/lib/orders/harness.int';
import { audit } from '@/lib/root/audit';
import { shanghaiDate, shanghaiInstant } from '@/lib/time';
import { ensureEventPartitions, eventPartitions, PARTITION_MONTHS_AHEAD } from './index';

const h = harnessForFile();

/** The first instant (Asia/Shanghai) of the month `n` months after this one, and its partition's name. */
function monthStart(n: number): { at: Date; partition: string } {
  const [y, m] = shanghaiDate().split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  const yy = Math.floor(k / 12);
  const mm = String((k % 12) + 1).padStart(2, '0');
  return { at: shanghaiInstant(`${yy}-${mm}-01`), partition: `order_events_y${yy}m${mm}` };
}

/** Which partition holds each of the order's events (tableoid), in the order of the history. */
async function partitionsOf(orderId: string) {
  return db()
    .select({
      id: orderEvents.id,
      at: orderEvents.at,
      note: orderEvents.note,
      part: sql<string>`tableoid::regclass::text`,
    })
    .from(orderEvents)
    .where(eq(orderEvents.orderId, orderId))
    .orderBy(asc(orderEvents.at), asc(orderEvents.id));
}

describe('order_events monthly partitions', () => {
  it('an order’s events across a month boundary land in their months’ partitions; the auditor passes', async () => {
    // The migration created this month and the ones ahead; the job finds nothing missing.
    await ensureEventPartitions();
    const names = (await eventPartitions()).map((p) => p.name);
    for (let n = 0; n <= PARTITION_MONTHS_AHEAD; n++) expect(names).toContain(monthStart(n).partition);
    expect(names).toContain('order_events_default');
    expect(await ensureEventPartitions()).toBe(0);

    // An order through the order service: its events (submit, held) in this month's partition.
    const id = await book(h, ['分区乘客']);
    await waitStatus(id, ORDER_STATUS.HELD);
    const written = await partitionsOf(id);
    expect(written.length).toBeGreaterThanOrEqual(2);
    for (const e of written) expect(e.part).toBe(monthStart(0).partition);

    // One event in the last second of next month, one at the first instant of the month after.
    const boundary = monthStart(2).at;
    const before = new Date(boundary.getTime() - 1000);
    const base = {
      orderId: id,
      kind: 'order',
      fromStatus: ORDER_STATUS.HELD,
      toStatus: ORDER_STATUS.HELD,
      source: 'test',
    };
    await db()
      .insert(orderEvents)
      .values([
        { ...base, note: 'before the boundary', at: before },
        { ...base, note: 'at the boundary', at: boundary },
      ]);
    const all = await partitionsOf(id);
    expect(all.slice(-2).map((e) => [e.note, e.part])).toEqual([
      ['before the boundary', monthStart(1).partition],
      ['at the boundary', monthStart(2).partition],
    ]);
    // One identity sequence over every partition: ids unique and increasing with the inserts.
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(all.at(-1)!.id).toBeGreaterThan(all.at(-2)!.id);
    expect(all.at(-2)!.id).toBeGreaterThan(Math.max(...written.map((e) => e.id)));

    // Past every monthly partition: the default partition takes it, and the job moves it into its month.
    const far = monthStart(PARTITION_MONTHS_AHEAD + 3);
    await db()
      .insert(orderEvents)
      .values({ ...base, note: 'far ahead', at: far.at });
    const farRow = async () => (await partitionsOf(id)).find((e) => e.note === 'far ahead')!;
    expect((await farRow()).part).toBe('order_events_default');
    expect(await ensureEventPartitions(PARTITION_MONTHS_AHEAD + 3)).toBeGreaterThanOrEqual(3);
    expect((await farRow()).part).toBe(far.partition);
    const [left] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(sql`order_events_default`)
      .where(and(sql`order_id = ${id}`));
    expect(left!.n).toBe(0);

    // The order's money and seats: every invariant holds.
    const results = await audit({ orderIds: [id] });
    expect(results.length).toBeGreaterThan(5);
    expect(results.filter((r) => r.violated > 0).map((r) => r.name)).toEqual([]);
  }, 120_000);
});

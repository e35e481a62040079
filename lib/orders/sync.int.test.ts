/**
 * The sync job and the confirm job against the real sandbox: a sync scheduled "in case no news comes"
 * does not read 订单详情 again when news came after it was scheduled; an accepted 确认出票 moves the
 * order to 出票中 from the provider's own answer, and the issue callback finishes it.
 */
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { orderEvents } from '@/db/schema';
import { ORDER_STATUS } from '@/lib/domain/states';
import { book, control, expectClean, orderRow, payAtGateway, harnessForFile, waitStatus } from './harness.int';
import { syncOrder } from './operations';

// Issuing takes a second, so the issue callback cannot overtake the confirm job's own move to 出票中.
const h = harnessForFile({ issueDelayMs: 1000 });

describe('sync', () => {
  it('reads 订单详情 only when no news came after the look was scheduled', async () => {
    const id = await book(h, ['同步甲']);
    await waitStatus(id, ORDER_STATUS.HELD);
    const heardAt = (await orderRow(id)).lastSyncedAt!;
    expect(heardAt).toBeInstanceOf(Date);
    // The provider cannot be read now: a sync that reads fails, one that does not read succeeds.
    await control(h.sandbox, 'POST', 'faults', { errorRate: 1, errorStatus: 503 });
    try {
      await expect(syncOrder(id, 'sync', 0, new Date(heardAt.getTime() - 1000))).resolves.toBeUndefined();
      await expect(syncOrder(id, 'sync', 0, new Date(heardAt.getTime() + 1000))).rejects.toThrow(/503|供应商/);
      await expect(syncOrder(id, 'sync', 0)).rejects.toThrow(/503|供应商/);
    } finally {
      await control(h.sandbox, 'DELETE', 'faults');
    }
    const after = await orderRow(id);
    expect(after.status).toBe(ORDER_STATUS.HELD);
    expect(after.lastSyncedAt!.getTime()).toBe(heardAt.getTime());
  });
});

describe('确认出票', () => {
  it('an accepted confirm moves the order to 出票中 from the answer; the issue callback makes it 出票成功', async () => {
    const id = await book(h, ['确认乙']);
    await waitStatus(id, ORDER_STATUS.HELD);
    await payAtGateway(h, id);
    await waitStatus(id, ORDER_STATUS.ISSUED);
    const moves = await db()
      .select({
        from: orderEvents.fromStatus,
        to: orderEvents.toStatus,
        source: orderEvents.source,
        note: orderEvents.note,
      })
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, id), eq(orderEvents.kind, 'order')))
      .orderBy(asc(orderEvents.id));
    expect(moves).toContainEqual({ from: 2, to: 7, source: 'job', note: '确认出票已受理' });
    const issued = moves.find((m) => m.to === ORDER_STATUS.ISSUED);
    expect(issued?.from).toBe(ORDER_STATUS.ISSUING);
    await expectClean([id]);
  });
});

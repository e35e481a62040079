/**
 * Issue 24: an unpaid hold stayed 占位成功 after a chaos restart, its pay-by passed on the provider's
 * clock. Booking 252 of that run was a traveller's cancel (every 7th booking cancels its hold): the
 * provider cancelled the hold, the portal never recorded it, and the provider's cancel callback was
 * lost (three attempts within a second, or dropped). Nothing looked again: a hold waiting for its
 * payment is not "moving", so no sync followed it, the sweep skipped unpaid holds until the portal's own
 * clock reached their pay-by, and the expiry job was due at that pay-by too — ten minutes on the
 * portal's clock, after the run had given up, though the provider's clock had passed it long before.
 * These tests recreate that interleaving deterministically: the kill comes through a failpoint
 * (lib/failpoint.ts) right after the provider accepted the cancel, the callbacks are dropped, the
 * provider's clock moves 11 minutes on as in the chaos run, and the worker's sweep of a minute later
 * must end the order.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { orderEvents } from '@/db/schema';
import { ORDER_STATUS } from '@/lib/domain/states';
import { FailpointError, resetFailpoints } from '@/lib/failpoint';
import { QUEUES } from '@/lib/jobs';
import { book, control, expectClean, orderRow, harnessForFile, waitStatus } from './harness.int';
import { cancelByUser, sweep } from './operations';
import { readDetail } from './provider';

const h = harnessForFile();

afterEach(async () => {
  delete process.env.CHAOS_FAILPOINT;
  delete process.env.CHAOS_FAILPOINT_ACTION;
  resetFailpoints();
  await control(h.sandbox, 'DELETE', 'faults');
  await control(h.sandbox, 'POST', 'clock', { reset: true });
});

/** The sweep the worker runs a minute from now (what it selects is "quiet for 30 s"). */
const sweepAMinuteLater = () => sweep(new Date(Date.now() + 60_000));

async function history(id: string): Promise<string> {
  const events = await db().select().from(orderEvents).where(eq(orderEvents.orderId, id)).orderBy(asc(orderEvents.id));
  return events.map((e) => `${e.kind} ${e.fromStatus ?? '-'}→${e.toStatus} ${e.source} ${e.note ?? ''}`).join('\n');
}

describe('an unpaid hold the provider ended while the portal did not hear it', () => {
  it('a traveller cancel killed after the provider accepted it, its callback lost: the sweep ends the order', async () => {
    const id = await book(h, ['过期甲']);
    await waitStatus(id, ORDER_STATUS.HELD);
    const held = await orderRow(id);
    // The provider's callbacks are lost from here on (the portal was dead while they were tried).
    await control(h.sandbox, 'POST', 'faults', { callbackDropRate: 1 });
    process.env.CHAOS_FAILPOINT = 'user-cancel-sent:1';
    process.env.CHAOS_FAILPOINT_ACTION = 'throw';
    resetFailpoints();
    await expect(cancelByUser(id, h.user.id)).rejects.toBeInstanceOf(FailpointError);
    delete process.env.CHAOS_FAILPOINT;
    // The provider has cancelled it; the portal still shows 占位成功, unpaid, its pay-by 10 minutes on.
    expect((await readDetail({ provider: held.provider, providerOrderNo: held.providerOrderNo! })).status).toBe(
      ORDER_STATUS.CANCELLED,
    );
    const before = await orderRow(id);
    expect(before.status).toBe(ORDER_STATUS.HELD);
    expect(before.payLimitAt!.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000);
    // As in the chaos run: faults off, the provider's clock 11 minutes on, everything restarted.
    await control(h.sandbox, 'DELETE', 'faults');
    await control(h.sandbox, 'POST', 'clock', { advanceMinutes: 11 });
    await sweepAMinuteLater();
    await waitStatus(id, ORDER_STATUS.CANCELLED, 15_000);
    const after = await orderRow(id);
    expect(after.paymentStatus).toBe('unpaid');
    expect(await history(id)).toMatch(/→5/);
    h.mine.push(id);
    await expectClean([id]);
  });

  it('the provider expired the hold on its clock and the callback was lost: the sweep ends the order', async () => {
    const id = await book(h, ['过期乙']);
    await waitStatus(id, ORDER_STATUS.HELD);
    await control(h.sandbox, 'POST', 'faults', { callbackDropRate: 1 });
    // The provider's clock passes the pay-by; the portal's does not (10 minutes left on it).
    await control(h.sandbox, 'POST', 'clock', { advanceMinutes: 11 });
    const held = await orderRow(id);
    expect((await readDetail({ provider: held.provider, providerOrderNo: held.providerOrderNo! })).status).toBe(
      ORDER_STATUS.CANCELLED,
    );
    await control(h.sandbox, 'DELETE', 'faults');
    expect((await orderRow(id)).status).toBe(ORDER_STATUS.HELD);
    await sweepAMinuteLater();
    await waitStatus(id, ORDER_STATUS.CANCELLED, 15_000);
    await expectClean([id]);
  });

  it('a cancel request queues its finishing job in the same step: a lost answer leaves the worker a job to finish it', async () => {
    const id = await book(h, ['过期丙']);
    await waitStatus(id, ORDER_STATUS.HELD);
    // The provider cannot be reached: the cancel's call fails after the request was recorded.
    await control(h.sandbox, 'POST', 'faults', { errorRate: 1, errorStatus: 503 });
    await expect(cancelByUser(id, h.user.id)).rejects.toThrow();
    await control(h.sandbox, 'DELETE', 'faults');
    const o = await orderRow(id);
    expect(o.cancelRequestedAt).toBeInstanceOf(Date);
    const jobs = await db().execute<{ state: string; start_after: Date }>(
      sql`select state, start_after from pgboss.job where name = ${QUEUES.expire} and data->>'orderId' = ${id}`,
    );
    const queued = [...jobs].filter((j) => j.state === 'created');
    expect(queued.length).toBeGreaterThan(0);
    expect(new Date(queued[0]!.start_after).getTime()).toBeGreaterThan(o.cancelRequestedAt!.getTime() + 20_000);
    h.mine.push(id);
  });
});

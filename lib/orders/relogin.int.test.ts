/**
 * A hold refused because the traveller's bound 12306 account is no longer logged in (the provider says
 * so in the hold's result, asynchronously): the order logs the account in again and places the hold
 * once more, under a new customerOrderNo, without the traveller doing anything (issue 10).
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { orderEvents, orders } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { boss, QUEUES } from '@/lib/jobs';
import { addPassengerDef } from '@/lib/passengers/service';
import { bindNewAccount } from '@/lib/train-account/harness.int';
import { book, control, newTraveller, orderRow, harnessForFile, uniqueIdCard, until, waitStatus } from './harness.int';
import { providerClientFromEnv } from '@/lib/provider/adapters/panhe/client';
import { readDetail, retryCustomerOrderNo } from './provider';

const orderProviderClient = () => providerClientFromEnv();
import { submitOrder } from './operations';
import { applyDetail, withOrder } from './service';

const h = harnessForFile();

/** A traveller with a 12306 account bound (logged in now, on the provider's clock) and one passenger. */
async function boundTraveller(tag: string) {
  const me = await newTraveller(tag);
  await bindNewAccount(me, { name: '孙登录' });
  const added = await runGuarded(addPassengerDef, me, {
    name: '孙乘客',
    idType: '1',
    idNo: uniqueIdCard(),
    mobile: '13600006666',
  });
  if (!added.ok) throw new Error(added.message);
  return { me, passengerId: added.data.id };
}

describe('"not logged in" hold failure', () => {
  it('logs the bound account in again and holds once more; the first provider order stays detached', async () => {
    const { me, passengerId } = await boundTraveller('relogin');
    try {
      // The 12306 session (10 h) runs out on the provider's clock.
      await control(h.sandbox, 'POST', 'clock', { advanceMinutes: 11 * 60 });
      const orderId = await book(h, [], { user: me, days: 4, passengers: [{ passengerId, ticketType: 1 }] });
      await waitStatus(orderId, 2, 30_000);
    } finally {
      await control(h.sandbox, 'POST', 'clock', { reset: true });
    }
    const [o] = await db().select().from(orders).where(eq(orders.userId, me.id));
    const relogin = await db().select().from(orderEvents).where(eq(orderEvents.orderId, o!.id));
    expect(relogin.filter((e) => e.kind === 'relogin')).toHaveLength(1);
    const detail = await orderProviderClient().orderDetail(o!.providerOrderNo!);
    expect(detail.customerOrderNo).toBe(retryCustomerOrderNo(o!.customerOrderNo));
    expect((await orderRow(o!.id)).trainAccountId).not.toBeNull();

    // The race a clean-clone CI run hit: the callback and a sync job both read the first attempt's
    // 订单详情 (占位失败, not logged in); the first to apply it detaches the order and 创单s again,
    // the second must not take the stale answer for the retry (it failed the order "re-bind").
    // Replayed deterministically: the order between attempts (no provider order number yet) is
    // handed the first attempt's detail again.
    const rows = await db().execute<{ order_no: string }>(
      sql`select order_no from sandbox.orders where customer_order_no = ${o!.customerOrderNo}`,
    );
    const first = rows[0]?.order_no;
    expect(first).toBeTruthy();
    const stale = await readDetail({ provider: 'panhe', providerOrderNo: first! });
    expect(stale.status).toBe(3);
    await db().update(orders).set({ providerOrderNo: null }).where(eq(orders.id, o!.id));
    try {
      await withOrder(o!.id, 'sync', 'worker', (tx) => applyDetail(tx, stale));
      const after = await orderRow(o!.id);
      expect(after.status).toBe(2);
      expect(after.providerOrderNo).toBeNull();
      expect(after.failureReason).toBeNull();
    } finally {
      await db().update(orders).set({ providerOrderNo: o!.providerOrderNo }).where(eq(orders.id, o!.id));
    }
  });

  it('a sync that finds the order between attempts logs the account in before it sends the retry 创单', async () => {
    const { me, passengerId } = await boundTraveller('relogin-sync');
    // The relogin job is held back (no submit worker: the last test of the file), so the look that
    // reaches the order between attempts first is the sync's, as it was once in a clean-clone run.
    await (await boss()).offWork(QUEUES.submit, { wait: true });
    let orderId: string;
    try {
      await control(h.sandbox, 'POST', 'clock', { advanceMinutes: 11 * 60 });
      orderId = await book(h, [], { user: me, days: 5, passengers: [{ passengerId, ticketType: 1 }] });
      const id = orderId;
      // The first hold is refused for "not logged in": the order records the relogin and detaches.
      await until(
        async () => {
          const events = await db().select().from(orderEvents).where(eq(orderEvents.orderId, id));
          return events.some((e) => e.kind === 'relogin') && !(await orderRow(id)).providerOrderNo;
        },
        30_000,
        'the relogin of the first attempt',
      );
      await submitOrder(orderId, 'sync');
      await waitStatus(orderId, 2, 30_000);
    } finally {
      await control(h.sandbox, 'POST', 'clock', { reset: true });
    }
    const o = await orderRow(orderId);
    const detail = await orderProviderClient().orderDetail(o.providerOrderNo!);
    expect(detail.customerOrderNo).toBe(retryCustomerOrderNo(o.customerOrderNo));
    expect(o.failureReason).toBeNull();
  });
});

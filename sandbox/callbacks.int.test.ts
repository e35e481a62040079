/**
 * Callbacks over real HTTP: 订单详情 + eventType + sign, retried until the receiver answers `success`
 * (at most 3 attempts), persisted so a restarted sandbox continues them; duplicate/drop faults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCallbackSign } from '@/protocol/panhe/sign';
import type { RunningSandbox } from './server';
import {
  control,
  createRequest,
  daysAhead,
  passenger,
  SECRET_KEY,
  startReceiver,
  startTestSandbox,
  until,
} from './testing.int';

interface Delivery {
  orderNo: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
}

let t: Awaited<ReturnType<typeof startTestSandbox>>;
beforeAll(async () => {
  t = await startTestSandbox();
  await control(t.sandbox, 'POST', 'clock', { reset: true });
  await control(t.sandbox, 'DELETE', 'faults');
});
afterAll(async () => {
  await control(t.sandbox, 'DELETE', 'faults');
  await t.sandbox.stop();
});

const deliveries = (sandbox: RunningSandbox, orderNo: string) =>
  control<Delivery[]>(sandbox, 'GET', `callbacks?orderNo=${encodeURIComponent(orderNo)}`);

async function order(url: string, name: string, client = t.client) {
  const { trainLines } = await client.search({ fromStation: '北京南', toStation: '上海', fromDate: daysAhead(11) });
  const g1 = trainLines!.find((l) => l.trainCode === 'G1')!;
  return client.createOrder(createRequest(g1, [passenger(name, 4)], { callBackUrl: url }));
}

describe('callbacks', () => {
  it('retries a receiver that fails twice, then stops after its success: exactly 3 attempts', async () => {
    const rx = await startReceiver((n) => (n < 3 ? 'fail' : 'success'));
    try {
      const { orderNo } = await order(rx.url, '回调甲');
      const [d] = await until(async () => {
        const list = await deliveries(t.sandbox, orderNo);
        return list[0]?.status === 'delivered' && list;
      });
      expect(d).toMatchObject({ eventType: 'order.hold', status: 'delivered', attempts: 3, lastStatus: 200 });
      expect(rx.received).toHaveLength(3);
      for (const body of rx.received) {
        expect(body).toMatchObject({ orderNo, eventType: 'order.hold', orderStatus: 2 });
        expect(verifyCallbackSign(SECRET_KEY, orderNo, body.sign as string)).toBe(true);
        expect(body.trainTickets).toHaveLength(1);
      }
    } finally {
      await rx.close();
    }
  });

  it('gives up after 3 attempts when the receiver never answers success', async () => {
    const rx = await startReceiver(() => 'no');
    try {
      const { orderNo } = await order(rx.url, '回调乙');
      const [d] = await until(async () => {
        const list = await deliveries(t.sandbox, orderNo);
        return list[0]?.status === 'failed' && list;
      });
      expect(d!.attempts).toBe(3);
      expect(rx.received).toHaveLength(3);
    } finally {
      await rx.close();
    }
  });

  it('a restarted sandbox continues pending deliveries (state is in Postgres)', async () => {
    // One sandbox at a time: the first makes attempt 1 and is stopped before its retry is due.
    await t.sandbox.stop();
    const first = await startTestSandbox({ callbackBackoffMs: 1500 });
    const rx = await startReceiver((n) => (n === 1 ? 'later' : 'success'));
    try {
      const { orderNo } = await order(rx.url, '回调丙', first.client);
      await until(() => Promise.resolve(rx.received.length === 1));
      await first.sandbox.stop();
      expect((await deliveries(first.sandbox, orderNo).catch(() => null)) ?? 'stopped').toBe('stopped');
      t = await startTestSandbox();
      const [d] = await until(async () => {
        const list = await deliveries(t.sandbox, orderNo);
        return list[0]?.status === 'delivered' && list;
      });
      expect(d!.attempts).toBe(2);
      expect(rx.received).toHaveLength(2);
      expect((await t.client.orderDetail(orderNo)).orderStatus).toBe(2);
    } finally {
      await first.sandbox.stop();
      await rx.close();
    }
  });

  it('fault injection: duplicate and dropped callbacks', async () => {
    const rx = await startReceiver();
    try {
      await control(t.sandbox, 'POST', 'faults', { callbackDuplicate: true });
      const dup = await order(rx.url, '回调丁');
      await until(() => Promise.resolve(rx.received.filter((b) => b.orderNo === dup.orderNo).length === 2));
      await control(t.sandbox, 'POST', 'faults', { callbackDuplicate: false, callbackDropRate: 1 });
      const dropped = await order(rx.url, '回调戊');
      const [d] = await until(async () => {
        const list = await deliveries(t.sandbox, dropped.orderNo);
        return list[0] && list;
      });
      expect(d!.status).toBe('dropped');
      expect(rx.received.some((b) => b.orderNo === dropped.orderNo)).toBe(false);
    } finally {
      await control(t.sandbox, 'DELETE', 'faults');
      await rx.close();
    }
  });
});

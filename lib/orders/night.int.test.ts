/**
 * Issue 26 item 8, 12306's night closure (juhe-train-booking-faq.md §3 l.101 "火车票官方订票系统会在每天23点
 * …关闭,如您在23点左右提交订单,此订单可能要到第二天早上才能处理完成"), against the real sandbox playing it
 * (sandbox/night.ts): a hold requested at 23:30 sandbox time is accepted (order number at once) and
 * stays 占位中 — at 05:59 still — and is answered after the sandbox clock passes 06:00, then paid and
 * issued, on both fronts (Panhe 创单, Juhe submit; a Juhe submit 12306 refuses is answered after 06:00
 * too; a train too close to departure by the time the hold is tried fails then). The portal does not give such a hold up after its
 * usual 15 minutes (lib/domain/night-closure.ts holdGiveUpAt): a 创单 whose answer never came, sent at
 * 23:30 on the portal's clock, is still waited for at 23:50 and given up only after 06:15.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { orders } from '@/db/schema';
import { ORDER_STATUS } from '@/lib/domain/states';
import { shanghaiInstant } from '@/lib/time';
import { DEFAULT_JUHE_KEY } from '@/protocol/defaults';
import { beijingToday } from '@/sandbox/testing.int';
import {
  book,
  control,
  daysAhead,
  expectClean,
  harnessForFile,
  orderRow,
  payAtGateway,
  uniqueIdCard,
  until,
  waitStatus,
} from './harness.int';
import { sweep, syncOrder } from './operations';
import { cancelAtProvider, readDetail } from './provider';
import { resetProviders } from '@/lib/provider/registry';

const h = harnessForFile({ nightClosure: true });

afterEach(async () => {
  await control(h.sandbox, 'DELETE', 'faults');
  await control(h.sandbox, 'POST', 'clock', { reset: true });
});

/** Tonight 23:30 and tomorrow's opening, Beijing time (the real date: daysAhead counts from it). */
const tonight = () => shanghaiInstant(beijingToday(), '23:30');
const setSandboxClock = (at: Date) => control(h.sandbox, 'POST', 'clock', { setTo: at.toISOString() });
const MINUTE = 60_000;

/** The provider's own status of an order (订单详情 through the portal's adapter). */
async function providerStatus(id: string): Promise<number> {
  const o = await orderRow(id);
  return (await readDetail({ provider: o.provider, providerOrderNo: o.providerOrderNo! })).status;
}

describe.each(['panhe', 'juhe'])('a hold requested at 23:30 sandbox time (%s)', (provider) => {
  it('stays 占位中 through the night, is held after 06:00, then paid and issued', async () => {
    await setSandboxClock(tonight());
    const id = await book(h, [provider === 'juhe' ? '夜聚甲' : '夜盘甲'], { days: 4, provider });
    // Accepted at once: the provider's order number is known.
    const accepted = await until(async () => (await orderRow(id)).providerOrderNo, 10_000, 'provider order number');
    expect(accepted).toBeTruthy();

    // The sandbox's job loop has run (its hold delay is 50 ms): nothing is processed before 06:00.
    await h.sandbox.tick();
    await h.sandbox.tick();
    expect(await providerStatus(id)).toBe(ORDER_STATUS.HOLDING);
    // The portal looks again (its sweep and sync, 20 minutes on its clock) and keeps waiting.
    await sweep(new Date(Date.now() + 20 * MINUTE));
    await syncOrder(id, 'sync', 0, undefined, new Date(Date.now() + 20 * MINUTE));
    expect((await orderRow(id)).status).toBe(ORDER_STATUS.HOLDING);

    // 05:59: still closed.
    await setSandboxClock(shanghaiInstant(daysAhead(1), '05:59'));
    await h.sandbox.tick();
    expect(await providerStatus(id)).toBe(ORDER_STATUS.HOLDING);
    expect((await orderRow(id)).status).toBe(ORDER_STATUS.HOLDING);

    // Past 06:00: the hold is processed as usual, its callback brings the portal the answer.
    await setSandboxClock(shanghaiInstant(daysAhead(1), '06:00:30'));
    await waitStatus(id, ORDER_STATUS.HELD);
    expect(await providerStatus(id)).toBe(ORDER_STATUS.HELD);
    await payAtGateway(h, id);
    await waitStatus(id, ORDER_STATUS.ISSUED);
    await expectClean([id]);
  });
});

describe('a night hold on a morning train', () => {
  it('is refused in the morning when the train leaves within 25 minutes by then (nothing charged)', async () => {
    await setSandboxClock(tonight());
    // G1 leaves 北京南 at 07:00 tomorrow: fine at 23:30, too close at 06:40 when the hold is tried.
    const id = await book(h, ['夜早车'], { days: 1, provider: 'panhe' });
    await until(async () => (await orderRow(id)).providerOrderNo, 10_000, 'provider order number');
    await h.sandbox.tick();
    expect(await providerStatus(id)).toBe(ORDER_STATUS.HOLDING);
    await setSandboxClock(shanghaiInstant(daysAhead(1), '06:40'));
    await waitStatus(id, ORDER_STATUS.HOLD_FAILED);
    const o = await orderRow(id);
    expect(o.failureReason).toMatch(/距离发车时间太近/);
    expect(o.paidFen).toBe(0);
    await expectClean([id]);
  });
});

/** A Juhe call on the sandbox's Juhe front (form POST, juhe-train-api.md §0). */
async function juhe(name: string, fields: Record<string, string>) {
  const res = await fetch(`${h.sandbox.url}/trainTickets/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key: DEFAULT_JUHE_KEY, ...fields }).toString(),
  });
  return (await res.json()) as { error_code: number; reason: string; result: Record<string, unknown> };
}

describe('the Juhe front at night', () => {
  it('a submit 12306 will refuse (the train does not call there) is answered only after 06:00 too', async () => {
    await setSandboxClock(tonight());
    const passenger = {
      passengerid: 1,
      passengersename: '夜聚拒',
      piaotype: '1',
      piaotypename: '成人票',
      passporttypeseid: '1',
      passporttypeseidname: '二代身份证',
      passportseno: uniqueIdCard(),
      price: '553.0',
      zwcode: 'O',
      zwname: '二等座',
    };
    const submit = await juhe('submit', {
      user_orderid: `NIGHT${Date.now().toString(36)}`,
      train_date: daysAhead(3),
      from_station_code: 'BJP',
      from_station_name: '北京',
      to_station_code: 'SHH',
      to_station_name: '上海',
      checi: 'G1',
      passengers: JSON.stringify([passenger]),
    });
    expect(submit.error_code, submit.reason).toBe(0);
    const orderid = String(submit.result.orderid);
    await h.sandbox.tick();
    expect((await juhe('orderStatus', { orderid })).result.status).toBe('0');
    await setSandboxClock(shanghaiInstant(daysAhead(1), '06:00:30'));
    const answered = await until(async () => {
      const r = (await juhe('orderStatus', { orderid })).result;
      return r.status !== '0' && r;
    });
    expect(answered).toMatchObject({ status: '1' });
    expect(String(answered.msg)).toMatch(/不经过/);
  });
});

describe('the portal keeps waiting for a night hold', () => {
  it('a 创单 sent at 23:30 (portal clock) whose answer was lost is not given up at 23:50, only after 06:15', async () => {
    await setSandboxClock(tonight());
    const id = await book(h, ['夜间无回音'], { days: 5, provider: 'panhe' });
    const orderNo = await until(async () => (await orderRow(id)).providerOrderNo, 10_000, 'provider order number');
    // From here the provider cannot be reached, and the portal never heard 创单's answer: no order
    // number (the state of a 创单 whose answer was lost), sent at 23:30 on the portal's clock.
    await control(h.sandbox, 'POST', 'faults', { front: 'panhe', errorRate: 1, errorStatus: 503 });
    const submitted = tonight();
    await db().update(orders).set({ providerOrderNo: null, createdAt: submitted }).where(eq(orders.id, id));

    // 20 minutes later (past the usual 15): 创单 sent again (unanswered again), not given up.
    await expect(syncOrder(id, 'sync', 0, undefined, new Date(submitted.getTime() + 20 * MINUTE))).rejects.toThrow();
    expect((await orderRow(id)).status).toBe(ORDER_STATUS.HOLDING);
    // 06:10 the next morning: within 15 minutes of the opening.
    const morning = shanghaiInstant(daysAhead(1), '06:00');
    await expect(syncOrder(id, 'sync', 0, undefined, new Date(morning.getTime() + 10 * MINUTE))).rejects.toThrow();
    expect((await orderRow(id)).status).toBe(ORDER_STATUS.HOLDING);

    // 06:16: no answer 15 minutes after the opening either: given up, nothing paid.
    await syncOrder(id, 'sync', 0, undefined, new Date(morning.getTime() + 16 * MINUTE));
    const after = await orderRow(id);
    expect(after.status).toBe(ORDER_STATUS.HOLD_FAILED);
    expect(after.failureReason).toMatch(/长时间未收到 12306 的占位结果/);
    expect(after.paymentStatus).toBe('unpaid');
    // The provider's night order is withdrawn (its seats are not held for nobody in the morning).
    // The 503s may have opened panhe's circuit in this process: fresh providers close it.
    await control(h.sandbox, 'DELETE', 'faults');
    resetProviders();
    await cancelAtProvider({ provider: 'panhe', providerOrderNo: orderNo });
  });
});

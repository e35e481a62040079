/**
 * After-sales in the sandbox as the provider documents it (panhe-train-api.md 退票 / 申请改签 /
 * 订单详情 trainChaOrder), over real HTTP against a real Postgres: 改签 money from the 改签费率,
 * change holds expiring at confirmChangeLimitTime, one ticket per refund request, station-window
 * refunds. The refund delay is a minute of sandbox time so 已退票未退款 (23) can be seen; the clock
 * moves it on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { feeAtPercent, percentOfFen, refundFee, refundFeePercent } from '@/lib/domain/fees';
import { idNumberFor as makeIdCard } from '@/sandbox/accounts/id-number';
import type { ProviderClient } from '@/lib/provider/adapters/panhe/client';
import type { RunningSandbox } from './server';
import {
  APP_KEY,
  changeRequest,
  control,
  createRequest,
  daysAhead,
  passenger,
  resetSandbox,
  startReceiver,
  startTestSandbox,
  until,
} from './testing.int';

let sandbox: RunningSandbox;
let client: ProviderClient;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  ({ sandbox, client } = await startTestSandbox({ refundDelayMs: 60_000 }));
  receiver = await startReceiver();
  await resetSandbox(sandbox);
});
afterEach(async () => {
  await control(sandbox, 'POST', 'clock', { reset: true });
});
afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

type Detail = Awaited<ReturnType<ProviderClient['orderDetail']>>;
type Line = NonNullable<Awaited<ReturnType<ProviderClient['search']>>['trainLines']>[number];

async function line(date: string, to: string, pick: (l: Line) => boolean): Promise<Line> {
  const { trainLines } = await client.search({ fromStation: '北京南', toStation: to, fromDate: date });
  const found = trainLines?.find(pick);
  if (!found) throw new Error(`no train 北京南 → ${to} on ${date}`);
  return found;
}
const g1 = (date: string, to = '上海') => line(date, to, (l) => l.trainCode === 'G1');
const left = (l: Line, seatType: number) => l.Seats.find((s) => s.seatType === seatType)!.leftTicketNum;

// testing.nextId() restarts in every test file, and the files share one database: a passenger of
// another file with the same ID on an overlapping G1 would fail our hold as 行程冲突. Our own region.
let ids = 0;
const ownId = () => makeIdCard('320505', '1990-05-17', 100 + ids++);

/** An issued G1 北京南 → 上海 二等座 order whose callbacks go to the receiver. */
async function issued(date: string, names: string[]): Promise<Detail> {
  const { orderNo } = await client.createOrder(
    createRequest(
      await g1(date),
      names.map((n) => passenger(n, 4, { cardNo: ownId() })),
      { callBackUrl: receiver.url, refundTicketCallbackUrl: receiver.url },
    ),
  );
  const held = await until(async () => {
    const d = await client.orderDetail(orderNo);
    return d.orderStatus !== 1 && d;
  });
  expect(held.orderStatus, held.unFinishedReason ?? '').toBe(2);
  await client.confirmOrder(orderNo, held.orderAmount ?? null);
  return until(async () => {
    const d = await client.orderDetail(orderNo);
    return d.orderStatus === 8 && d;
  });
}

async function changeTo(d: Detail, target: Line, ticketNo = d.trainTickets[0]!.ticketNo!) {
  return client.applyChange(
    changeRequest(d.orderNo, ticketNo, target, { remark: '行程有变', callBackUrl: receiver.url }),
  );
}
async function changeHeld(orderNo: string, chaNo: string) {
  return until(async () => {
    const cha = (await client.orderDetail(orderNo)).trainChaOrder?.find((c) => c.chaNo === chaNo);
    return cha?.chaOrderStatus === 31 && cha;
  });
}
const balance = async () => (await control<{ balanceFen: number }>(sandbox, 'GET', 'balance')).balanceFen;
const sandboxNow = async () => new Date((await control<{ now: string }>(sandbox, 'GET', 'clock')).now);
const fen = (yuan: number | null | undefined) => Math.round((yuan ?? NaN) * 100);
const callbacks = (orderNo: string, eventType: string) =>
  receiver.received.filter((b) => b.orderNo === orderNo && b.eventType === eventType) as unknown as (Detail & {
    eventType: string;
  })[];

describe('改签 money (订单详情 trainChaOrder)', () => {
  it('a cheaper change: 改签费 5 % of the old fare, the difference back less its refund fee; chaRefundType 2', async () => {
    const date = daysAhead(4); // 3-4 days out: refund fee on the difference 5 %
    const d = await issued(date, ['低改甲']);
    const oldFen = fen(d.trainTickets[0]!.ticketPrice);
    const target = await g1(date, '南京南');
    const newFen = fen(target.Seats.find((s) => s.seatType === 4)!.ticketPrice);
    expect(newFen).toBeLessThan(oldFen);

    const appliedAt = await sandboxNow();
    const chaNo = await changeTo(d, target);
    const cha = await changeHeld(d.orderNo, chaNo);
    // "改签费用:1.0元,改签费率:5%" for two ¥13 tickets: 5 % of each old fare, rounded to ¥0.5 —
    // for G1's ¥553 二等座 that is ¥27.5, not a flat ¥0.5.
    const changeFee = percentOfFen(oldFen, 5);
    expect(changeFee).toBeGreaterThan(50);
    // "退票手续费:4.0元,退票费率:10%,实际退还票款:3.0元": the difference (¥8) less the refund fee on
    // it (10 %, at least ¥2 a ticket) less the change fee is refunded; nothing is paid.
    const percent = refundFeePercent(new Date(`${date}T07:00:00+08:00`), appliedAt);
    expect(percent).toBe(5);
    const diffFee = feeAtPercent(oldFen - newFen, percent);
    const back = oldFen - newFen - diffFee - changeFee;
    expect(cha).toMatchObject({
      priceChangeType: 3,
      changRate: 0.05,
      changFeeAmount: changeFee / 100,
      diffRate: 0.05,
      diffRefundFeeAmount: diffFee / 100,
      totalPriceDiff: back / 100,
      needPayAmount: 0,
      chaRefundType: null,
      refundAmount: null,
    });
    expect(cha.priceChangeTypeInfo).toBe(
      `退票手续费:${(diffFee / 100).toFixed(1)}元,退票费率:5%,实际退还票款:${(back / 100).toFixed(back % 10 ? 2 : 1)}元,改签费用:${(changeFee / 100).toFixed(1)}元,改签费率:5%`,
    );

    const start = await balance();
    expect(await client.confirmChange(d.orderNo, chaNo, 0)).toBe(true);
    const done = await until(async () => {
      const c = (await client.orderDetail(d.orderNo)).trainChaOrder?.[0];
      return c?.chaOrderStatus === 34 && c;
    });
    // "chaRefundType 2 改签成功低改差价退款", refundAmount the difference refunded.
    expect(done).toMatchObject({
      chaOrderStatusName: '改签确认出票成功',
      chaRefundType: 2,
      refundAmount: back / 100,
      realPayAmount: null,
    });
    expect(done.refundTime).toBeTruthy();
    expect(await balance()).toBe(start + back);
    const cb = await until(() => Promise.resolve(callbacks(d.orderNo, 'change.issue').at(-1)));
    expect(cb.trainChaOrder![0]).toMatchObject({ chaOrderStatus: 34, chaRefundType: 2 });
  });
});

describe('改签占位 not confirmed in time', () => {
  it('is cancelled at confirmChangeLimitTime by the job: 37 with the reason, change.cancel sent, ticket usable again', async () => {
    const date = daysAhead(7);
    const d = await issued(date, ['超时甲']);
    // Seats are counted on an afternoon train no other test file books: the files share one database,
    // and their unpaid G1 holds also expire when the clock moves.
    const afternoon = (l: Line) => l.trainCode !== 'G1' && l.fromTime > '12:00' && left(l, 4) > 0;
    const target = await line(date, '南京南', afternoon);
    const seats = async () => left(await line(date, '南京南', (l) => l.trainCode === target.trainCode), 4);
    const before = await seats();
    const chaNo = await changeTo(d, target);
    const cha = await changeHeld(d.orderNo, chaNo);
    expect(await seats()).toBe(before - 1);
    // "改签占位成功后请及时确认改签操作 … 30分钟以上的车次订单支付时限是10分钟 … 超时未确认支付订单将自动取消"
    const limit = new Date(`${cha.confirmChangeLimitTime!.replace(' ', 'T')}+08:00`);
    expect(limit.getTime() - (await sandboxNow()).getTime()).toBeLessThanOrEqual(10 * 60_000);

    await control(sandbox, 'POST', 'clock', { advanceMinutes: 11 });
    // The job cancelled it (no 订单详情 read in between, which would expire it lazily).
    const cancelled = await until(() => Promise.resolve(callbacks(d.orderNo, 'change.cancel').at(-1)));
    expect(cancelled.trainChaOrder![0]).toMatchObject({ chaNo, chaOrderStatus: 37, chaOrderStatusName: '改签已取消' });
    expect(cancelled.trainChaOrder![0]!.unFinishedReason).toBe('超过确认时限未确认,改签已自动取消');
    expect(cancelled.trainTickets[0]!.ticketStatus).toBe(37);
    expect(await seats()).toBe(before);

    // 原票允许 … 改签已取消 = 37: the ticket can be changed again.
    const again = await changeTo(d, target);
    expect(again).not.toBe(chaNo);
    expect((await changeHeld(d.orderNo, again)).chaOrderStatus).toBe(31);
  });
});

describe('退票', () => {
  it('takes one ticket per request ("12306暂不支持批量退票操作,多张票退票请分多次提交")', async () => {
    const d = await issued(daysAhead(5), ['批量甲', '批量乙']);
    const res = await fetch(`${sandbox.url}/train/order/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        appKey: APP_KEY,
        orderNo: d.orderNo,
        tickets: d.trainTickets.map((t) => ({ name: t.name, ticketNo: t.ticketNo, cardType: 1, cardNo: t.cardNo })),
      }),
    });
    const body = (await res.json()) as { success: boolean; msgCode: number; msg: string };
    expect([body.success, body.msgCode]).toEqual([false, 101]);
    expect(body.msg).toContain('分多次提交');
    const after = await client.orderDetail(d.orderNo);
    expect(after.trainTickets.map((t) => t.ticketStatus)).toEqual([8, 8]);
  });

  it('a station-window refund: 23 已退票未退款 at once, then 21 with the money and the refund callback', async () => {
    const date = daysAhead(4);
    const d = await issued(date, ['窗口甲', '窗口乙']);
    const [a, b] = d.trainTickets;
    const seatsBefore = left(await g1(date), 4);
    const start = await balance();
    const at = await sandboxNow();
    const offline = (no: string, body: unknown = {}) =>
      fetch(`${sandbox.url}/sandbox/tickets/${encodeURIComponent(no)}/offline-refund`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-app-key': APP_KEY },
        body: JSON.stringify(body),
      });

    // Within 5 minutes of issue an online refund is refused (309); the window is not.
    const res = await offline(a!.ticketNo!);
    expect(res.status).toBe(200);
    const priceFen = fen(a!.ticketPrice);
    const quote = refundFee(priceFen, new Date(`${date}T07:00:00+08:00`), at);
    expect(quote.percent).toBe(5);
    expect(await res.json()).toEqual({
      orderNo: d.orderNo,
      ticketNo: a!.ticketNo,
      status: 23,
      feeFen: quote.feeFen,
      refundFen: quote.refundFen,
    });
    const pending = await client.orderDetail(d.orderNo);
    expect(pending.trainTickets[0]).toMatchObject({
      ticketStatus: 23,
      ticketStatusName: '已退票未退款',
      refundTicketAmount: null,
    });
    expect(pending.trainTickets[1]!.ticketStatus).toBe(8);
    expect(left(await g1(date), 4)).toBe(seatsBefore + 1);
    expect(await balance()).toBe(start);
    const online = await client
      .refundTicket({
        orderNo: d.orderNo,
        tickets: [{ name: a!.name, ticketNo: a!.ticketNo!, cardType: 1, cardNo: a!.cardNo }],
      })
      .catch((e: { msgCode?: number }) => e.msgCode);
    expect(online).toBe(303);

    // "平台在收到12306退款后,将退回账户余额中": after the refund delay.
    await control(sandbox, 'POST', 'clock', { advanceMinutes: 2 });
    const refunded = await until(async () => {
      const x = await client.orderDetail(d.orderNo);
      return x.trainTickets[0]!.ticketStatus === 21 && x;
    });
    expect(refunded.trainTickets[0]).toMatchObject({
      refundTicketPoundage: quote.feeFen / 100,
      refundTicketAmount: quote.refundFen / 100,
    });
    expect(refunded.trainTickets[0]!.refundSuccessTime).toBeTruthy();
    expect(await balance()).toBe(start + quote.refundFen);
    const cb = await until(() => Promise.resolve(callbacks(d.orderNo, 'refund').at(-1)));
    expect(cb.trainTickets[0]).toMatchObject({ ticketStatus: 21, refundTicketAmount: quote.refundFen / 100 });

    // The window may keep another fee; a refunded ticket and an unknown number are refused.
    const other = await offline(b!.ticketNo!, { feeFen: 1000 });
    expect(await other.json()).toMatchObject({ status: 23, feeFen: 1000, refundFen: fen(b!.ticketPrice) - 1000 });
    expect((await offline(a!.ticketNo!)).status).toBe(409);
    expect((await offline('E000000000000')).status).toBe(404);
    expect((await offline(b!.ticketNo!, { feeFen: -1 })).status).toBe(400);
  });
  it('a changed ticket is refunded at the window by its new number; the old number is refused', async () => {
    const date = daysAhead(4);
    const d = await issued(date, ['窗口改签']);
    const chaNo = await changeTo(d, await g1(date, '南京南'));
    await changeHeld(d.orderNo, chaNo);
    expect(await client.confirmChange(d.orderNo, chaNo, 0)).toBe(true);
    const changed = await until(async () => {
      const c = (await client.orderDetail(d.orderNo)).trainChaOrder?.[0];
      return c?.chaOrderStatus === 34 && c.trainTickets[0];
    });
    const offline = (no: string) =>
      fetch(`${sandbox.url}/sandbox/tickets/${encodeURIComponent(no)}/offline-refund`, {
        method: 'POST',
        headers: { 'x-app-key': APP_KEY },
      });
    // "原票改签成功后原票号就无法再申请退票"
    expect((await offline(d.trainTickets[0]!.ticketNo!)).status).toBe(409);
    const at = await sandboxNow();
    const res = await offline(changed.ticketNo!);
    const quote = refundFee(fen(changed.ticketPrice), new Date(`${date}T07:00:00+08:00`), at);
    expect(await res.json()).toMatchObject({ status: 23, feeFen: quote.feeFen, refundFen: quote.refundFen });
    const start = await balance();
    await control(sandbox, 'POST', 'clock', { advanceMinutes: 2 });
    const done = await until(async () => {
      const t = (await client.orderDetail(d.orderNo)).trainChaOrder?.[0]?.trainTickets[0];
      return t?.ticketStatus === 21 && t;
    });
    expect(done).toMatchObject({ ticketNo: changed.ticketNo, refundTicketAmount: quote.refundFen / 100 });
    expect(await balance()).toBe(start + quote.refundFen);
  });
});

/**
 * The sandbox over real HTTP against a real Postgres (tests/global-setup.ts): search, pre-sale,
 * segment inventory, holds, pay limits and the clock, confirm, refunds, 改签, bad requests, faults.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fareForTicketType, refundFee } from '@/lib/domain/fees';
import { ProviderError } from '@/lib/provider';
import type { ProviderClient } from '@/lib/provider/adapters/panhe/client';
import { encryptField } from '@/protocol/panhe/sign';
import type { RunningSandbox } from './server';
import {
  APP_KEY,
  beijingToday,
  changeRequest,
  control,
  createRequest,
  daysAhead,
  nextId,
  passenger,
  resetSandbox,
  rejection,
  SECRET_KEY,
  startTestSandbox,
  until,
  type TrainPick,
} from './testing.int';

let sandbox: RunningSandbox;
let client: ProviderClient;

beforeAll(async () => {
  ({ sandbox, client } = await startTestSandbox());
  await resetSandbox(sandbox);
});
afterEach(async () => {
  await control(sandbox, 'POST', 'clock', { reset: true });
});
afterAll(async () => {
  await sandbox.stop();
});

type Detail = Awaited<ReturnType<ProviderClient['orderDetail']>>;
type Line = NonNullable<Awaited<ReturnType<ProviderClient['search']>>['trainLines']>[number];

async function line(from: string, to: string, date: string, pick: (l: Line) => boolean): Promise<Line> {
  const { trainLines } = await client.search({ fromStation: from, toStation: to, fromDate: date });
  const found = trainLines?.find(pick);
  if (!found) throw new Error(`no train ${from} → ${to} on ${date}`);
  return found;
}
const g1 = (date: string, from = '北京南', to = '上海') => line(from, to, date, (l) => l.trainCode === 'G1');
const left = (l: Line, seatType: number) => l.Seats.find((s) => s.seatType === seatType)?.leftTicketNum;

async function settled(orderNo: string, from: number[] = [1]): Promise<Detail> {
  return until(async () => {
    const d = await client.orderDetail(orderNo);
    return !from.includes(d.orderStatus) && d;
  });
}
async function hold(train: TrainPick, people: ReturnType<typeof passenger>[], extra: Record<string, unknown> = {}) {
  const { orderNo } = await client.createOrder(createRequest(train, people, extra));
  return settled(orderNo);
}
async function issue(d: Detail): Promise<Detail> {
  await client.confirmOrder(d.orderNo, d.orderAmount ?? null);
  return settled(d.orderNo, [2, 7]);
}
const refusal = (p: Promise<unknown>) => rejection(p, ProviderError);
const balance = async () => (await control<{ balanceFen: number }>(sandbox, 'GET', 'balance')).balanceFen;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('search', () => {
  it('G1 北京南 → 上海 leaves 07:00 and arrives 11:29, with classes and real counts', async () => {
    const t = await g1(daysAhead(2));
    expect([t.fromStation, t.toStation, t.fromTime, t.toTime, t.runTime, t.arrive_days]).toEqual([
      '北京南',
      '上海',
      '07:00',
      '11:29',
      '04:29',
      '0',
    ]);
    expect(t.fromDateTime).toBe(`${daysAhead(2)} 07:00`);
    expect(t.Seats.map((s) => s.seatTypeName)).toEqual(['二等座', '一等座', '商务座', '无座']);
    expect(t.Seats.every((s) => Number(s.leftTicketNum) > 0)).toBe(true);
    expect([t.trainsType, t.trainsTypeName, t.isSupportChooseSeat, t.isSupportChooseSleeper]).toEqual([
      1,
      '高铁',
      true,
      false,
    ]);
  });

  it('a city name means its stations (苏州 → 上海 includes trains to 上海虹桥)', async () => {
    const { trainLines } = await client.search({ fromStation: '苏州', toStation: '上海', fromDate: daysAhead(2) });
    expect(new Set(trainLines!.map((t) => t.toStation))).toContain('上海虹桥');
  });

  it('sleepers carry berth prices and support 选铺', async () => {
    const t = await line('北京', '上海', daysAhead(2), (l) => l.Seats.some((s) => s.seatType === 8));
    const berths = t.Seats.find((s) => s.seatType === 8)!.otherSeats!;
    expect(berths.map((b) => b.sleeperTypeName)).toEqual(['上铺', '中铺', '下铺']);
    expect(t.isSupportChooseSleeper).toBe(true);
  });

  it('answers stops and stations in the documented shapes', async () => {
    const t = await g1(daysAhead(2));
    const stops = await client.stops({
      trainCode: 'G1',
      trainNo: t.trainNo,
      fromDate: daysAhead(2),
      fromStation: '北京南',
      toStation: '上海',
    });
    expect(stops.map((s) => s.stationName)).toEqual(['北京南', '天津南', '南京南', '上海']);
    expect(stops[0]).toMatchObject({ stationId: 1, startTime: '07:00', interval: '----' });
    const stations = await client.stations();
    expect(stations.find((s) => s.stationName === '北京南')).toMatchObject({ stationCode: 'VNP' });
  });
});

describe('pre-sale window and the clock', () => {
  it('refuses dates outside 15 days with msgCode 205', async () => {
    for (const date of [daysAhead(15), daysAhead(-1)]) {
      const e = await refusal(client.search({ fromStation: '北京南', toStation: '上海', fromDate: date }));
      expect(e.msgCode).toBe(205);
    }
  });

  it('opens the last day at the station sale-start time (北京南 12:45)', async () => {
    const last = daysAhead(14);
    await control(sandbox, 'POST', 'clock', { setTo: `${beijingToday()}T08:00:00+08:00` });
    const before = await g1(last);
    expect(before.note).toBe('12:45起售');
    expect(left(before, 4)).toBe(0);
    const e = await refusal(client.createOrder(createRequest(before, [passenger('预售甲', 4)])));
    expect(e.msgCode).toBe(205);
    expect(e.message).toContain('未到起售时间');

    const clock = await control<{ now: string }>(sandbox, 'POST', 'clock', { advanceMinutes: 5 * 60 });
    expect(Date.parse(clock.now) - Date.parse(`${beijingToday()}T13:00:00+08:00`)).toBeLessThan(60_000);
    const after = await g1(last);
    expect(after.note).toBe('');
    expect(left(after, 4)).toBeGreaterThan(0);
    expect((await hold(after, [passenger('预售乙', 4)])).orderStatus).toBe(2);
  });
});

describe('segment inventory', () => {
  it('a seat sold 北京南→南京南 is sold again 南京南→上海, never for an overlapping segment', async () => {
    const date = daysAhead(4);
    await control(sandbox, 'POST', 'soldout', { trainCode: 'G1', date, seatType: 1, leave: 1 });
    expect(left(await g1(date), 1)).toBe(1);

    const first = await hold(await g1(date, '北京南', '南京南'), [passenger('分段甲', 1)]);
    expect(first.orderStatus).toBe(2);
    expect(left(await g1(date), 1)).toBe(0);
    expect(left(await g1(date, '天津南', '上海'), 1)).toBe(0);
    const rest = await g1(date, '南京南', '上海');
    expect(left(rest, 1)).toBe(1);

    const second = await hold(rest, [passenger('分段乙', 1)]);
    expect(second.orderStatus).toBe(2);
    expect(second.trainTickets[0]!.seatNo).toBe(first.trainTickets[0]!.seatNo);

    const e = await refusal(
      client.createOrder(createRequest(await g1(date, '天津南', '南京南'), [passenger('分段丙', 1)])),
    );
    expect(e.msgCode).toBe(209);
  });
});

describe('holds (创单 → 占位)', () => {
  it('answers orderNo at once, is idempotent by customerOrderNo, honours 选座 1A1F', async () => {
    const t = await g1(daysAhead(3));
    const req = createRequest(t, [passenger('选座甲', 4), passenger('选座乙', 4)], {
      isChooseSeats: true,
      chooseSeats: '1A1F',
    });
    const a = await client.createOrder(req);
    const b = await client.createOrder(req);
    expect(b.orderNo).toBe(a.orderNo);
    const d = await settled(a.orderNo);
    expect(d.orderStatus).toBe(2);
    const seats = d.trainTickets.map((x) => x.seatNo!);
    expect(seats[0]).toMatch(/A座$/);
    expect(seats[1]).toMatch(/F座$/);
    expect(seats[0]!.slice(0, -2)).toBe(
      seats[1]!.slice(0, -2).replace(/F$/, 'A').slice(0, -1) + seats[0]!.slice(-3, -2),
    );
    expect(d.orderAmount).toBe(2 * t.Seats.find((s) => s.seatType === 4)!.ticketPrice);
    expect(d.payLimitTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('honours 选铺 102 (one lower, two upper) on a sleeper', async () => {
    const t = await line('北京', '上海', daysAhead(3), (l) => l.Seats.some((s) => s.seatType === 8));
    const d = await hold(t, [passenger('选铺甲', 8), passenger('选铺乙', 8), passenger('选铺丙', 8)], {
      chooseSleeper: '102',
    });
    expect(d.orderStatus).toBe(2);
    const berths = d.trainTickets.map((x) => x.seatNo!.slice(-2)).sort();
    expect(berths).toEqual(['上铺', '上铺', '下铺']);
    const prices = t.Seats.find((s) => s.seatType === 8)!.otherSeats!;
    const price = (n: string) => prices.find((b) => b.sleeperTypeName === n)!.ticketPrice;
    expect(d.orderAmount).toBeCloseTo(price('下铺') + 2 * price('上铺'), 2);
  });

  it('sells 无座 only when the lowest seated class is sold out and the buyer accepts it', async () => {
    const date = daysAhead(6);
    await control(sandbox, 'POST', 'soldout', { trainCode: 'G1', date, seatType: 4, leave: 0 });
    await control(sandbox, 'POST', 'soldout', { trainCode: 'G1', date, seatType: 3, leave: 0 });
    const t = await g1(date);
    expect([left(t, 4), left(t, 98)]).toEqual([0, 60]);
    expect((await refusal(client.createOrder(createRequest(t, [passenger('无座甲', 4)])))).msgCode).toBe(209);
    const first = await refusal(
      client.createOrder(createRequest(t, [passenger('无座乙', 3)], { isAcceptStanding: true })),
    );
    expect(first.msgCode).toBe(209);
    const d = await hold(t, [passenger('无座丙', 4)], { isAcceptStanding: true });
    expect(d.orderStatus).toBe(2);
    expect(d.trainTickets[0]).toMatchObject({ seatType: 98, seatTypeName: '无座' });
    expect(d.trainTickets[0]!.seatNo).toMatch(/无座$/);
    expect(left(await g1(date), 98)).toBe(59);
  });

  it('fails the hold (占位失败) for an invalid ID, a trip conflict and an account that cannot book', async () => {
    const date = daysAhead(7);
    const t = await g1(date);
    const valid = nextId();
    const broken = valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');
    const bad = await hold(t, [{ ...passenger('证件错', 4), cardNo: broken }]);
    expect(bad.orderStatus).toBe(3);
    expect(bad.unFinishedReason).toContain('身份证号码无效');

    const traveller = passenger('冲突甲', 4);
    expect((await hold(t, [traveller])).orderStatus).toBe(2);
    const other = await line(
      '北京南',
      '上海',
      date,
      (l) => l.trainCode !== 'G1' && l.fromTime > '07:00' && l.fromTime < '10:00',
    );
    const clash = await hold(other, [{ ...traveller }]);
    expect(clash.orderStatus).toBe(3);
    expect(clash.unFinishedReason).toContain('行程冲突');
    const again = await hold(t, [{ ...traveller }]);
    expect(again.unFinishedReason).toContain('无法重复预订');

    const noAccount = await hold(t, [passenger('账号甲', 4)], { trainAccount: 'no-such-account' });
    expect(noAccount.orderStatus).toBe(3);
    expect(noAccount.unFinishedReason).toContain('12306账号');
    const wrongPassword = await hold(t, [passenger('账号乙', 4)], { trainPassword: 'wrong-password' });
    expect(wrongPassword.orderStatus).toBe(3);
    expect(wrongPassword.trainTickets[0]!.ticketStatus).toBe(3);
  });

  it('refuses at once more than 9 passengers, or more passengers than seats left', async () => {
    const t = await g1(daysAhead(8));
    const ten = Array.from({ length: 10 }, (_, i) => passenger(`十人${i}`, 4));
    const res = await post('/train/order/create', {
      appKey: APP_KEY,
      ...createRequest(t, ten),
      trainAccount: encryptField(SECRET_KEY, 'sandbox'),
      trainPassword: encryptField(SECRET_KEY, 'sandbox123'),
    });
    expect(await res.json()).toMatchObject({ success: false, msg: '一单最多下9人', msgCode: 101 });

    await control(sandbox, 'POST', 'soldout', { trainCode: 'G1', date: daysAhead(8), seatType: 1, leave: 1 });
    const e = await refusal(client.createOrder(createRequest(t, [passenger('多人甲', 1), passenger('多人乙', 1)])));
    expect(e.msgCode).toBe(209);
    expect(e.message).toContain('余票不足');
  });
});

describe('pay limit and automatic cancellation (sandbox clock)', () => {
  it('gives 10 minutes, then cancels the unpaid hold and frees its seat', async () => {
    const date = daysAhead(9);
    const before = left(await g1(date), 3)!;
    const d = await hold(await g1(date), [passenger('超时甲', 3)]);
    const now = Date.parse((await control<{ now: string }>(sandbox, 'GET', 'clock')).now);
    const limit = Date.parse(`${d.payLimitTime!.replace(' ', 'T')}+08:00`);
    expect(limit - now).toBeGreaterThan(9 * 60_000);
    expect(limit - now).toBeLessThanOrEqual(10 * 60_000);
    expect(left(await g1(date), 3)).toBe(before - 1);

    await control(sandbox, 'POST', 'clock', { advanceMinutes: 11 });
    const cancelled = await client.orderDetail(d.orderNo);
    expect(cancelled.orderStatus).toBe(5);
    expect(cancelled.unFinishedReason).toContain('超过支付时限');
    expect(left(await g1(date), 3)).toBe(before);
    const e = await refusal(client.confirmOrder(d.orderNo, d.orderAmount ?? null));
    expect(e.msgCode).toBe(207);
  });

  it('gives 2 minutes when the train leaves within 30 minutes', async () => {
    const date = daysAhead(1);
    await control(sandbox, 'POST', 'clock', { setTo: `${date}T06:32:00+08:00` });
    const d = await hold(await g1(date), [passenger('临开甲', 4)]);
    expect(d.orderStatus).toBe(2);
    const now = Date.parse((await control<{ now: string }>(sandbox, 'GET', 'clock')).now);
    const limit = Date.parse(`${d.payLimitTime!.replace(' ', 'T')}+08:00`);
    expect(limit - now).toBeLessThanOrEqual(2 * 60_000);
    expect(limit - now).toBeGreaterThan(60_000);
    await control(sandbox, 'POST', 'clock', { advanceMinutes: 3 });
    expect((await client.orderDetail(d.orderNo)).orderStatus).toBe(5);
  });

  it('closes sales 25 minutes before departure (216)', async () => {
    const date = daysAhead(1);
    await control(sandbox, 'POST', 'clock', { setTo: `${date}T06:40:00+08:00` });
    const e = await refusal(client.createOrder(createRequest(await g1(date), [passenger('临开乙', 4)])));
    expect(e.msgCode).toBe(216);
  });
});

describe('确认出票', () => {
  it('checks sign, amount and balance, debits the balance, then issues asynchronously', async () => {
    const d = await hold(await g1(daysAhead(10)), [passenger('出票甲', 4)]);
    const amountFen = Math.round(d.orderAmount! * 100);
    const bad = await post('/train/order/confirm', {
      appKey: APP_KEY,
      orderNo: d.orderNo,
      payAmount: d.orderAmount,
      sign: '0'.repeat(32),
    });
    expect(await bad.json()).toMatchObject({ success: false, msgCode: 102 });
    expect((await refusal(client.confirmOrder(d.orderNo, d.orderAmount! + 1))).msgCode).toBe(213);

    const start = await balance();
    await control(sandbox, 'POST', 'balance', { balanceFen: amountFen - 1 });
    const poor = await refusal(client.confirmOrder(d.orderNo, d.orderAmount!));
    expect([poor.msgCode, poor.message]).toEqual([212, '您的余额不足,不能出票']);
    expect((await client.orderDetail(d.orderNo)).orderStatus).toBe(2);

    await control(sandbox, 'POST', 'balance', { balanceFen: start });
    const issued = await issue(d);
    expect(await balance()).toBe(start - amountFen);
    expect(issued.orderStatus).toBe(8);
    expect(issued).toMatchObject({ payStatus: 1, paymentType: 1, realPayAmount: d.orderAmount });
    expect(issued.ticketEntrance).toMatch(/^检票口/);
    expect(issued.trainTickets[0]).toMatchObject({ ticketStatus: 8, seatNo: d.trainTickets[0]!.seatNo });
    expect(issued.trainTickets[0]!.ticketNo).toMatch(/^E/);
    expect((await refusal(client.cancelOrder(d.orderNo))).msgCode).toBe(202);
  });

  it('出票失败: the debit is taken at confirm and returned when issuing fails (fault issueFailRate)', async () => {
    // A second sandbox on the same database whose issue job waits an hour of sandbox time, so the
    // balance can be read between the debit and the return.
    const slow = await startTestSandbox({ issueDelayMs: 3_600_000 });
    try {
      const c = slow.client;
      const date = daysAhead(10);
      const { trainLines } = await c.search({ fromStation: '北京南', toStation: '上海', fromDate: date });
      const train = trainLines!.find((l) => l.trainCode === 'G1')!;
      const { orderNo } = await c.createOrder(createRequest(train, [passenger('出票乙', 4)]));
      const held = await until(async () => {
        const d = await c.orderDetail(orderNo);
        return d.orderStatus !== 1 && d;
      });
      expect(held.orderStatus).toBe(2);
      const start = await balance();
      // Both sandboxes run due jobs; each keeps its own copy of the fault settings.
      for (const s of [sandbox, slow.sandbox]) await control(s, 'POST', 'faults', { issueFailRate: 1 });
      await c.confirmOrder(orderNo, held.orderAmount ?? null);
      const issuing = await c.orderDetail(orderNo);
      expect(issuing.orderStatus).toBe(7);
      expect(await balance()).toBe(start - Math.round(held.orderAmount! * 100)); // debited
      await control(slow.sandbox, 'POST', 'clock', { advanceMinutes: 61 }); // the issue job runs, and fails
      // Either sandbox may run it: the other one's tick can take the due job first (the answering one's
      // run then skips the locked row), so its result is waited for, not read once.
      const failed = await until(async () => {
        const d = await c.orderDetail(orderNo);
        return d.orderStatus !== 7 && d;
      });
      expect(failed.orderStatus).toBe(9);
      expect(failed.outTicketFail_RefundAmount).toBe(held.orderAmount);
      expect(await balance()).toBe(start); // returned
    } finally {
      for (const s of [sandbox, slow.sandbox]) await control(s, 'DELETE', 'faults');
      await slow.sandbox.stop();
    }
  });

  it('cancels a hold and releases its seat', async () => {
    const date = daysAhead(10);
    const d = await hold(await g1(date), [passenger('取消甲', 1)]);
    const before = left(await g1(date), 1)!;
    expect(await client.cancelOrder(d.orderNo)).toBe(true);
    expect((await client.orderDetail(d.orderNo)).orderStatus).toBe(5);
    expect(left(await g1(date), 1)).toBe(before + 1);
  });
});

describe('退票', () => {
  it('309 within 5 minutes of issue, 311 child first, fee per the 12306 schedule, balance credited', async () => {
    const date = daysAhead(3);
    const adult = passenger('退票大人', 4);
    const child = { ...adult, name: '退票小孩', ticketType: 2 };
    const d = await issue(await hold(await g1(date), [adult, child]));
    expect(d.orderStatus).toBe(8);
    const [a, c] = d.trainTickets;
    expect(c!.ticketPrice).toBe(fareForTicketType(Math.round(a!.ticketPrice! * 100), 2, 4) / 100);
    const req = (t: typeof a) => ({
      orderNo: d.orderNo,
      tickets: [{ name: t!.name, ticketNo: t!.ticketNo!, cardType: 1, cardNo: t!.cardNo }],
    });
    expect((await refusal(client.refundTicket(req(a)))).msgCode).toBe(309);

    await control(sandbox, 'POST', 'clock', { advanceMinutes: 6 });
    expect((await refusal(client.refundTicket(req(a)))).msgCode).toBe(311);

    const start = await balance();
    const at = new Date(Date.parse((await control<{ now: string }>(sandbox, 'GET', 'clock')).now));
    expect(await client.refundTicket(req(c))).toBe(true);
    const refunded = await until(async () => {
      const x = await client.orderDetail(d.orderNo);
      return x.trainTickets[1]!.ticketStatus === 21 && x;
    });
    const priceFen = Math.round(c!.ticketPrice! * 100);
    const departAt = new Date(`${date}T07:00:00+08:00`);
    const fee = refundFee(priceFen, departAt, at);
    expect(fee.percent).toBe(5);
    const rc = refunded.trainTickets[1]!;
    expect([rc.refundTicketPoundage, rc.refundTicketAmount]).toEqual([fee.feeFen / 100, fee.refundFen / 100]);
    expect(rc.refundSuccessTime).toBeTruthy();
    expect(await balance()).toBe(start + fee.refundFen);

    expect(await client.refundTicket(req(a))).toBe(true);
    await until(async () => (await client.orderDetail(d.orderNo)).trainTickets[0]!.ticketStatus === 21);
    expect((await refusal(client.refundTicket(req(a)))).msgCode).toBe(303);
  });
});

describe('改签', () => {
  it('change → 改签占位 → confirm (signed needPayAmount) → new ticket; once per ticket', async () => {
    const date = daysAhead(5);
    const d = await issue(await hold(await g1(date), [passenger('改签甲', 4)]));
    const old = d.trainTickets[0]!;
    const target = await line('北京南', '上海', date, (l) => l.trainCode !== 'G1' && l.fromTime > '12:00');
    const chaNo = await client.applyChange(
      changeRequest(d.orderNo, old.ticketNo!, target, {
        seatType: 3,
        chooseSeats: null,
        chooseSleeper: '',
        remark: '行程有变',
      }),
    );
    expect(chaNo.startsWith(`${d.orderNo}C`)).toBe(true);
    const held = await until(async () => {
      const x = await client.orderDetail(d.orderNo);
      return x.trainChaOrder?.[0]?.chaOrderStatus === 31 && x;
    });
    const cha = held.trainChaOrder![0]!;
    const newPrice = target.Seats.find((s) => s.seatType === 3)!.ticketPrice;
    expect(cha).toMatchObject({ chaNo, priceChangeType: 1, totalPriceDiff: old.ticketPrice, changRate: 0.05 });
    expect(cha.needPayAmount).toBeCloseTo(newPrice + cha.changFeeAmount!, 2);
    expect(cha.priceChangeTypeInfo).toContain('收取新票款');
    expect(held.trainTickets[0]!.ticketStatus).toBe(31);

    const start = await balance();
    const wrong = await refusal(client.confirmChange(d.orderNo, chaNo, cha.needPayAmount! + 1));
    expect(wrong.msgCode).toBe(213);
    expect(await client.confirmChange(d.orderNo, chaNo, cha.needPayAmount!)).toBe(true);
    const done = await until(async () => {
      const x = await client.orderDetail(d.orderNo);
      return x.trainChaOrder?.[0]?.chaOrderStatus === 34 && x;
    });
    const doneCha = done.trainChaOrder![0]!;
    expect(doneCha.trainTickets[0]!.ticketNo).toBeTruthy();
    expect(doneCha.trainTickets[0]!.ticketNo).not.toBe(old.ticketNo);
    expect(doneCha).toMatchObject({ chaRefundType: 3, refundAmount: old.ticketPrice });
    expect(done.trainTickets[0]!.ticketStatus).toBe(34);
    expect(await balance()).toBe(start - Math.round(cha.needPayAmount! * 100) + Math.round(old.ticketPrice! * 100));

    // The original number can no longer be refunded; the ticket cannot be changed again.
    const byOld = await refusal(
      client.refundTicket({
        orderNo: d.orderNo,
        tickets: [{ name: old.name, ticketNo: old.ticketNo!, cardType: 1, cardNo: old.cardNo }],
      }),
    );
    expect(byOld.msgCode).toBe(303);
    const twice = await refusal(
      client.applyChange(changeRequest(d.orderNo, old.ticketNo!, target, { remark: '再改' })),
    );
    expect(twice.msgCode).toBe(317);
  });

  it('a change hold can be cancelled (改签已取消) and the ticket changed later', async () => {
    const date = daysAhead(5);
    const d = await issue(await hold(await g1(date), [passenger('改签乙', 4)]));
    const ticketNo = d.trainTickets[0]!.ticketNo!;
    const target = await g1(date, '北京南', '南京南');
    const apply = () => client.applyChange(changeRequest(d.orderNo, ticketNo, target, { remark: '取消测试' }));
    const chaNo = await apply();
    await until(async () => (await client.orderDetail(d.orderNo)).trainChaOrder?.[0]?.chaOrderStatus === 31);
    const cheaper = (await client.orderDetail(d.orderNo)).trainChaOrder![0]!;
    expect(cheaper.priceChangeType).toBe(3);
    expect(cheaper.needPayAmount).toBe(0);
    expect(await client.cancelChange(chaNo, '不改了')).toBe(true);
    const after = await client.orderDetail(d.orderNo);
    expect(after.trainChaOrder![0]).toMatchObject({ chaOrderStatus: 37, unFinishedReason: '已取消改签申请' });
    expect(after.trainTickets[0]!.ticketStatus).toBe(37);
    expect((await refusal(client.cancelChange(chaNo, '再取消'))).msgCode).toBe(202);
    const again = await apply();
    expect(again).not.toBe(chaNo);
  });
});

describe('documented shapes', () => {
  const ORDER_KEYS =
    'orderNo orderAmount ticketAmount insuranceAmount serviceFeeAmount serviceFeePerTicket customerOrderNo orderNo12306 trainCode fromStation toStation fromDateTime toDateTime orderStatus orderStatusName payStatus paymentType realPayAmount payTime transactionNo ticketTime isChooseSeats chooseSeats isSnatchOrder snatchDeadLine insuranceCodes contactName contactMobile outTicketFail_RefundSuccessTime outTicketFail_RefundTransactionNo outTicketFail_RefundAmount outTicketFail_RefundTransactionMethods payLimitTime unFinishedReason ticketEntrance createTime trainTickets trainChaOrder';
  const TICKET_KEYS =
    'passengerId name ticketNo cardType cardTypeName cardNo mobile ticketType ticketTypeName seatType seatTypeName ticketStatus ticketStatusName seatNo ticketPrice insuranceAmount policyNos refundTicketPoundage refundTicketAmount refundSuccessTime refundTransactionNo refundFailReason';
  const CHANGE_KEYS =
    'chaNo chaOrderStatus chaOrderStatusName trainCode fromStation toStation fromDateTime toDateTime isChooseSeats chooseSeats priceChangeType priceChangeTypeInfo realPayAmount payTime totalPriceDiff diffRate diffRefundFeeAmount changRate changFeeAmount needPayAmount chaRefundType refundAmount refundTime refundTransactionNo refundTransactionMethods remark unFinishedReason ticketEntrance confirmChangeLimitTime applayChangeTime trainTickets';
  const LINE_KEYS =
    'trainCode trainNo fromStation toStation fromTime toTime fromDateTime toDateTime arrive_days runTime trainsType trainsTypeName beginStation beginTime endStation endTime isSupportChooseSleeper isSupportChooseSeat note transferQueryExtraParams sequence Seats';
  const keys = (o: unknown) => Object.keys(o as object).sort();
  const words = (s: string) => s.split(' ').sort();

  it('订单详情 with a change order, and 余票 lines, carry exactly the documented fields', async () => {
    const date = daysAhead(9);
    const d = await issue(await hold(await g1(date), [passenger('字段甲', 4)]));
    const target = await g1(date, '北京南', '南京南');
    await client.applyChange(changeRequest(d.orderNo, d.trainTickets[0]!.ticketNo!, target, { remark: '字段' }));
    await until(async () => (await client.orderDetail(d.orderNo)).trainChaOrder?.[0]?.chaOrderStatus === 31);
    const res = await post('/train/order/detail', { appKey: APP_KEY, orderNo: d.orderNo });
    const body = (await res.json()) as { data: Record<string, unknown>; success: boolean; msg: string };
    expect(keys(body)).toEqual(['data', 'msg', 'success']);
    expect(keys(body.data)).toEqual(words(ORDER_KEYS));
    const tickets = body.data.trainTickets as unknown[];
    expect(keys(tickets[0])).toEqual(words(TICKET_KEYS));
    const cha = (body.data.trainChaOrder as Record<string, unknown>[])[0]!;
    expect(keys(cha)).toEqual(words(CHANGE_KEYS));
    expect(keys((cha.trainTickets as unknown[])[0])).toEqual(words(TICKET_KEYS));

    const search = await post('/train/search', {
      appKey: APP_KEY,
      fromStation: '北京南',
      toStation: '上海',
      fromDate: date,
    });
    const lines = ((await search.json()) as { data: { trainLines: unknown[] } }).data.trainLines;
    expect(keys(lines[0])).toEqual(words(LINE_KEYS));
  });

  it('an unconfirmed change hold is cancelled at its confirm limit (sandbox clock)', async () => {
    const date = daysAhead(9);
    const d = await issue(await hold(await g1(date), [passenger('改签超时', 4)]));
    const target = await g1(date, '北京南', '南京南');
    const chaNo = await client.applyChange(
      changeRequest(d.orderNo, d.trainTickets[0]!.ticketNo!, target, { remark: '超时' }),
    );
    await until(async () => (await client.orderDetail(d.orderNo)).trainChaOrder?.[0]?.chaOrderStatus === 31);
    await control(sandbox, 'POST', 'clock', { advanceMinutes: 11 });
    const after = await client.orderDetail(d.orderNo);
    expect(after.trainChaOrder![0]).toMatchObject({ chaNo, chaOrderStatus: 37 });
    expect(after.trainChaOrder![0]!.unFinishedReason).toContain('超过确认时限');
    expect(after.trainTickets[0]!.ticketStatus).toBe(37);
    const late = await refusal(client.confirmChange(d.orderNo, chaNo, after.trainChaOrder![0]!.needPayAmount!));
    expect(late.msgCode).toBe(207);
  });
});

describe('bad requests', () => {
  it('answers the envelope with a Chinese msg, never a 500', async () => {
    const badJson = await post('/train/search', '{not json');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ success: false, data: null, msgCode: 101 });

    const wrongKey = await post('/train/search', {
      appKey: 'nope',
      fromStation: '北京南',
      toStation: '上海',
      fromDate: daysAhead(2),
    });
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toMatchObject({ success: false, msgCode: 211 });

    const missing = await post('/train/order/detail', { appKey: APP_KEY });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { msg: string }).msg).toContain('缺少必填字段orderNo');

    const unknown = await post('/train/order/detail', { appKey: APP_KEY, orderNo: 'T0' });
    expect(await unknown.json()).toMatchObject({ success: false, msg: '该订单不存在', msgCode: 201 });

    const notFound = await post('/train/nothing', { appKey: APP_KEY });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({ success: false });

    const noKey = await fetch(`${sandbox.url}/sandbox/clock`);
    expect(noKey.status).toBe(401);
  });
});

describe('fault injection', () => {
  const body = { appKey: APP_KEY, fromStation: '北京南', toStation: '上海', fromDate: daysAhead(2) };

  it('per request: error, malformed, latency and timeout', async () => {
    expect((await post('/train/search', body, { 'x-sandbox-fault': 'error=502' })).status).toBe(502);
    const malformed = await post('/train/search', body, { 'x-sandbox-fault': 'malformed' });
    await expect(malformed.json()).rejects.toThrow();
    const t0 = Date.now();
    expect((await post('/train/search', body, { 'x-sandbox-fault': 'latency=300' })).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    const slow = await fetch(`${sandbox.url}/train/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sandbox-fault': 'timeout' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(300),
    }).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(Error);
  });

  it('global: POST sets, GET reads, DELETE resets', async () => {
    expect(await control(sandbox, 'POST', 'faults', { errorRate: 1, errorStatus: 503 })).toMatchObject({
      errorRate: 1,
    });
    expect((await post('/train/search', body)).status).toBe(503);
    expect(await control(sandbox, 'GET', 'faults')).toMatchObject({ errorRate: 1, errorStatus: 503 });
    expect(await control(sandbox, 'DELETE', 'faults')).toMatchObject({ errorRate: 0 });
    expect((await post('/train/search', body)).status).toBe(200);
  });
});

it('keeps ID numbers unique per test run', () => {
  expect(new Set([nextId(), nextId(), nextId()]).size).toBe(3);
});

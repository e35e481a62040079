import http from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdCard } from '@/lib/domain/idcard';
import { ENDPOINTS } from '@/lib/provider/client';
import {
  createProviderClient,
  ProviderError,
  DEFAULT_PROVIDER_APP_KEY,
  DEFAULT_PROVIDER_SECRET_KEY,
  verifyCallbackSign,
} from '@/lib/provider';
import { freePort } from '../scripts/lib/embedded-pg';
import { startSandbox } from './server';

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let client: ReturnType<typeof createProviderClient>;
let sql: postgres.Sql;

const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const daysAhead = (n: number) =>
  new Date(Date.parse(`${shanghaiToday()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
let seq = 0;
const nextId = () => makeIdCard('310101', '1985-05-05', ++seq);

async function control(path: string, body: unknown) {
  const res = await fetch(`${sandbox.url}/sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-app-key': DEFAULT_PROVIDER_APP_KEY },
    body: JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
  return res.json() as Promise<Record<string, unknown>>;
}

/** Polls the condition (not a sleep): resolves once it holds, fails after the deadline. */
async function until<T>(f: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function createReq(
  train: { trainCode: string; fromStation: string; toStation: string; fromDateTime: string; toDateTime: string },
  names: string[],
  seatType: number,
  extra: Record<string, unknown> = {},
) {
  return {
    customerOrderNo: `IT${Date.now()}${Math.random().toString(36).slice(2, 8)}`,
    contactName: names[0]!,
    contactMobile: '13800138000',
    ...train,
    trainAccount: 'sandbox',
    trainPassword: 'sandbox123',
    isChooseSeats: false,
    passengers: names.map((name) => ({
      name,
      cardType: 1,
      cardNo: nextId(),
      mobile: '13800138000',
      ticketType: 1,
      seatType,
    })),
    ...extra,
  };
}

beforeAll(async () => {
  sandbox = await startSandbox({
    port: await freePort(),
    databaseUrl: process.env.DATABASE_URL!,
    holdDelayMs: 0,
    issueDelayMs: 0,
    refundDelayMs: 0,
    callbackBackoffMs: 50,
    tickMs: 20,
  });
  client = createProviderClient({
    baseUrl: sandbox.url,
    appKey: DEFAULT_PROVIDER_APP_KEY,
    secretKey: DEFAULT_PROVIDER_SECRET_KEY,
  });
  sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await sql.end();
  await sandbox.stop();
});

async function g1(date: string) {
  const { trainLines } = await client.search({ fromStation: '北京南', toStation: '上海', fromDate: date });
  return trainLines!.find((t) => t.trainCode === 'G1')!;
}

describe('sandbox provider over HTTP', () => {
  it('searches the real timetable: G1 leaves 北京南 07:00 and reaches 上海 11:29', async () => {
    const t = await g1(daysAhead(2));
    expect([t.fromTime, t.toTime, t.fromStation, t.toStation, t.runTime]).toEqual([
      '07:00',
      '11:29',
      '北京南',
      '上海',
      '04:29',
    ]);
    expect(t.Seats.map((s) => s.seatTypeName)).toEqual(['二等座', '一等座', '商务座', '无座']);
    expect(t.isSupportChooseSeat).toBe(true);
  });

  it('a city query returns the other stations of the city (苏州 → 上海 includes 上海虹桥)', async () => {
    const { trainLines } = await client.search({ fromStation: '苏州', toStation: '上海', fromDate: daysAhead(2) });
    expect(new Set(trainLines!.map((t) => t.toStation))).toContain('上海虹桥');
  });

  it('refuses dates outside pre-sale and a wrong appKey with the documented envelope', async () => {
    await expect(
      client.search({ fromStation: '北京南', toStation: '上海', fromDate: daysAhead(20) }),
    ).rejects.toMatchObject({ kind: 'business', msgCode: 205 });
    const bad = createProviderClient({ baseUrl: sandbox.url, appKey: 'wrong', secretKey: 'x' });
    await expect(
      bad.search({ fromStation: '北京南', toStation: '上海', fromDate: daysAhead(2) }),
    ).rejects.toMatchObject({ kind: 'business', msgCode: 211 });
    const res = await fetch(`${sandbox.url}/train/search`, { method: 'POST', body: '{not json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: false, data: null });
  });

  it('resells a seat on a later segment: 北京南→南京南 then 南京南→上海 on the same seat', async () => {
    const date = daysAhead(3);
    const run = (await g1(date)).trainNo;
    await control('soldout', { trainCode: 'G1', date, seatType: 1, leave: 1 });
    const first = (
      await client.search({ fromStation: '北京南', toStation: '南京南', fromDate: date })
    ).trainLines!.find((t) => t.trainCode === 'G1')!;
    const a = await client.createOrder(createReq(first, ['甲'], 1));
    const heldA = await until(async () =>
      (await client.orderDetail(a.orderNo)).orderStatus === 2 ? client.orderDetail(a.orderNo) : undefined,
    );
    const second = (await client.search({ fromStation: '南京南', toStation: '上海', fromDate: date })).trainLines!.find(
      (t) => t.trainCode === 'G1',
    )!;
    expect(second.Seats.find((s) => s.seatType === 1)!.leftTicketNum).toBe(1);
    const whole = await g1(date);
    expect(whole.trainNo).toBe(run);
    expect(whole.Seats.find((s) => s.seatType === 1)!.leftTicketNum).toBe(0);
    const b = await client.createOrder(createReq(second, ['乙'], 1));
    const heldB = await until(async () =>
      (await client.orderDetail(b.orderNo)).orderStatus === 2 ? client.orderDetail(b.orderNo) : undefined,
    );
    expect(heldB.trainTickets[0]!.seatNo).toBe(heldA.trainTickets[0]!.seatNo);
  });

  it('200 concurrent 创单 on a nearly sold-out run: holds equal the free seats, no seat sold twice', async () => {
    const date = daysAhead(4);
    const FREE = 7;
    await control('soldout', { trainCode: 'G1', date, seatType: 1, leave: FREE });
    const t = await g1(date);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => client.createOrder(createReq(t, [`并发${i}`], 1))),
    );
    const orderNos = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.orderNo] : []));
    expect(orderNos).toHaveLength(200);
    const statuses = await until(async () => {
      const rows = await sql<{ status: number }[]>`select status from sandbox.orders where order_no = any(${orderNos})`;
      return rows.every((r) => r.status !== 1) ? rows : undefined;
    }, 60_000);
    expect(statuses.filter((r) => r.status === 2)).toHaveLength(FREE);
    expect(statuses.filter((r) => r.status === 3)).toHaveLength(200 - FREE);
    const seats = await sql<
      { seat_no: string }[]
    >`select seat_no from sandbox.tickets where order_no = any(${orderNos}) and status = 2`;
    expect(new Set(seats.map((s) => s.seat_no)).size).toBe(FREE);
    const doubles = await sql`select a.id from sandbox.seat_sales a join sandbox.seat_sales b
      on a.run_key = b.run_key and a.seat_id = b.seat_id and a.id < b.id and a.from_idx < b.to_idx and b.from_idx < a.to_idx`;
    expect(doubles).toHaveLength(0);
  });

  it('holds, confirms with sign and amount, issues, and refunds with the 12306 fee after the 5-minute rule', async () => {
    const t = await g1(daysAhead(5));
    const { orderNo } = await client.createOrder(
      createReq(t, ['丙', '丁'], 4, { chooseSeats: '1A1B', isChooseSeats: true }),
    );
    const held = await until(async () => {
      const d = await client.orderDetail(orderNo);
      return d.orderStatus === 2 ? d : undefined;
    });
    expect(held.trainTickets[0]!.seatNo).toMatch(/车厢,01A座$/);
    expect(held.trainTickets[1]!.seatNo).toMatch(/车厢,01B座$/);
    await expect(client.confirmOrder(orderNo, (held.orderAmount ?? 0) + 1)).rejects.toMatchObject({ msgCode: 213 });
    const forged = await fetch(`${sandbox.url}/train/order/confirm`, {
      method: 'POST',
      body: JSON.stringify({ appKey: DEFAULT_PROVIDER_APP_KEY, orderNo, payAmount: null, sign: '0'.repeat(32) }),
    });
    expect(await forged.json()).toMatchObject({ success: false, msgCode: 102 });
    expect(await client.confirmOrder(orderNo, held.orderAmount ?? null)).toBe(true);
    const issued = await until(async () => {
      const d = await client.orderDetail(orderNo);
      return d.orderStatus === 8 ? d : undefined;
    });
    const ticket = issued.trainTickets[0]!;
    const refund = {
      orderNo,
      tickets: [{ name: ticket.name, ticketNo: ticket.ticketNo!, cardType: 1, cardNo: ticket.cardNo }],
    };
    await expect(client.refundTicket(refund)).rejects.toMatchObject({ msgCode: 309 });
    await control('clock', { advanceMinutes: 6 });
    try {
      expect(await client.refundTicket(refund)).toBe(true);
      const refunded = await until(async () => {
        const d = await client.orderDetail(orderNo);
        return d.trainTickets[0]!.ticketStatus === 21 ? d : undefined;
      });
      // 5 days out: 5 % of 616.50 = 30.825 → 31.00 (rounded to 0.5 yuan).
      expect(refunded.trainTickets[0]!.refundTicketPoundage).toBe(31);
      expect(refunded.trainTickets[0]!.refundTicketAmount).toBe(585.5);
    } finally {
      await control('clock', { reset: true });
    }
  });

  it('delivers callbacks signed, retrying until `success`, at most 3 attempts', async () => {
    let attempts = 0;
    const bodies: { sign: string; orderNo: string; eventType: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        attempts++;
        bodies.push(JSON.parse(data) as { sign: string; orderNo: string; eventType: string });
        res.end(attempts < 3 ? 'not yet' : 'success');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const port = (receiver.address() as AddressInfo).port;
      const t = await g1(daysAhead(6));
      const { orderNo } = await client.createOrder(
        createReq(t, ['戊'], 4, { callBackUrl: `http://127.0.0.1:${port}/cb` }),
      );
      await until(async () => {
        const [row] = await sql<
          { status: string; attempts: number }[]
        >`select status, attempts from sandbox.callbacks where url like ${`%:${port}/cb`}`;
        return row?.status === 'delivered' ? row : undefined;
      });
      expect(attempts).toBe(3);
      expect(
        bodies.every(
          (b) =>
            b.orderNo === orderNo &&
            b.eventType === 'order.hold' &&
            verifyCallbackSign(DEFAULT_PROVIDER_SECRET_KEY, orderNo, b.sign),
        ),
      ).toBe(true);
    } finally {
      receiver.close();
    }
  });

  it('改签: apply → 改签占位 → confirm with sign; fields as documented; once per ticket; refund by the new number', async () => {
    const date = daysAhead(7);
    const t = await g1(date);
    const { orderNo } = await client.createOrder(createReq(t, ['庚'], 4));
    const held = await until(async () => {
      const d = await client.orderDetail(orderNo);
      return d.orderStatus === 2 ? d : undefined;
    });
    await client.confirmOrder(orderNo, held.orderAmount ?? null);
    const issued = await until(async () => {
      const d = await client.orderDetail(orderNo);
      return d.orderStatus === 8 ? d : undefined;
    });
    const oldTicket = issued.trainTickets[0]!;
    // A cheaper class on the same train: the difference comes back minus fees.
    const chaNo = await client.applyChange({
      orderNo,
      changePsgTicketNos: oldTicket.ticketNo!,
      fromStation: t.fromStation,
      toStation: t.toStation,
      trainCode: 'G1',
      seatType: 4,
      fromDateTime: t.fromDateTime,
      toDateTime: t.toDateTime,
      isChooseSeats: false,
      remark: '行程有变',
    });
    expect(chaNo).toMatch(/C\d{4}$/);
    const changeHeld = await until(async () => {
      const d = await client.orderDetail(orderNo);
      return d.trainChaOrder?.[0]?.chaOrderStatus === 31 ? d.trainChaOrder[0] : undefined;
    });
    expect(changeHeld.priceChangeType).toBe(2);
    expect(changeHeld.needPayAmount).toBe(0.5);
    expect(changeHeld.changFeeAmount).toBe(0.5);
    expect(changeHeld.priceChangeTypeInfo).toContain('改签费用:0.5元');
    await expect(client.confirmChange(orderNo, chaNo, 0.4)).rejects.toMatchObject({ msgCode: 213 });
    expect(await client.confirmChange(orderNo, chaNo, changeHeld.needPayAmount ?? null)).toBe(true);
    const done = await until(async () => {
      const d = await client.orderDetail(orderNo);
      return d.trainChaOrder?.[0]?.chaOrderStatus === 34 ? d : undefined;
    });
    const newTicket = done.trainChaOrder![0]!.trainTickets[0]!;
    expect(newTicket.ticketNo).not.toBe(oldTicket.ticketNo);
    expect(done.trainTickets[0]!.ticketStatus).toBe(34);
    const again = {
      orderNo,
      changePsgTicketNos: oldTicket.ticketNo!,
      fromStation: t.fromStation,
      toStation: t.toStation,
      trainCode: 'G1',
      seatType: 3,
      fromDateTime: t.fromDateTime,
      toDateTime: t.toDateTime,
      isChooseSeats: false,
      remark: '再次改签',
    };
    await expect(client.applyChange(again)).rejects.toMatchObject({ kind: 'business' });
    const byOld = {
      orderNo,
      tickets: [{ name: '庚', ticketNo: oldTicket.ticketNo!, cardType: 1, cardNo: oldTicket.cardNo }],
    };
    await control('clock', { advanceMinutes: 6 });
    try {
      await expect(client.refundTicket(byOld)).rejects.toMatchObject({ msgCode: 303 });
      expect(
        await client.refundTicket({ ...byOld, tickets: [{ ...byOld.tickets[0]!, ticketNo: newTicket.ticketNo! }] }),
      ).toBe(true);
      await until(async () =>
        (await client.orderDetail(orderNo)).trainTickets[0]!.ticketStatus === 21 ? true : undefined,
      );
    } finally {
      await control('clock', { reset: true });
    }
  });

  it('12306 accounts and 常旅客: register, login needed to book, 15 passengers, delete lock, self record, 10-hour session, password change', async () => {
    const account = `user${Date.now() % 1_000_000}`;
    const pw = 'abc_123';
    await client.account('account/register', account, pw, {
      name: '注册人',
      cardType: 1,
      cardNo: nextId(),
      mobile: '13900000000',
      passengerType: 1,
    });
    await expect(
      client.account('account/register', account, pw, { name: 'x', cardType: 1, cardNo: nextId(), mobile: '139' }),
    ).rejects.toMatchObject({ msgCode: 412 });

    // Not logged in yet: 创单 is accepted but the hold fails, as documented.
    const t = await g1(daysAhead(8));
    const { orderNo } = await client.createOrder({
      ...createReq(t, ['辛'], 4),
      trainAccount: account,
      trainPassword: pw,
    });
    const failed = await until(async () => {
      const d = await client.orderDetail(orderNo);
      return d.orderStatus === 3 ? d : undefined;
    });
    expect(failed.unFinishedReason).toContain('未登录');

    await expect(client.account('account/login', account, 'wrong_1')).rejects.toMatchObject({ msgCode: 403 });
    await client.account('account/login', account, pw);
    await expect(
      client.account('account/verify', account, pw, { msgCode: '000000', validateType: 2 }),
    ).rejects.toMatchObject({ msgCode: 407 });
    expect(await client.account('account/verify', account, pw, { msgCode: '123456', validateType: 2 })).toBe(true);

    for (let i = 0; i < 14; i++)
      await client.account('passengers/save', account, pw, {
        id: 0,
        name: `旅客${i}`,
        cardType: 1,
        cardNo: nextId(),
        mobile: null,
        passengerType: 1,
      });
    await expect(
      client.account('passengers/save', account, pw, {
        id: 0,
        name: '第十六',
        cardType: 1,
        cardNo: nextId(),
        passengerType: 1,
      }),
    ).rejects.toMatchObject({ msgCode: 409 });
    const list = (await client.account('passengers/list', account, pw)) as {
      id: number;
      name: string;
      cardNo: string;
      isUserSelf: boolean;
      passengerType: number;
    }[];
    expect(list).toHaveLength(15);
    const self = list.find((p) => p.isUserSelf)!;
    const other = list.find((p) => !p.isUserSelf)!;
    await expect(
      client.account('passengers/delete', account, pw, { name: other.name, cardType: 1, cardNo: other.cardNo }),
    ).rejects.toThrow(/前不允许删除/);
    await expect(
      client.account('passengers/save', account, pw, { id: self.id, name: '改名', cardType: 1, cardNo: self.cardNo }),
    ).rejects.toMatchObject({ msgCode: 303 });
    await client.account('passengers/self', account, pw, { passengerType: 3 });
    const after = (await client.account('passengers/list', account, pw)) as {
      isUserSelf: boolean;
      passengerType: number;
      name: string;
    }[];
    expect(after.find((p) => p.isUserSelf)).toMatchObject({ passengerType: 3, name: '注册人' });

    await control('clock', { advanceMinutes: 31 * 24 * 60 });
    try {
      await expect(client.account('passengers/list', account, pw)).rejects.toMatchObject({ msgCode: 403 });
      await client.account('account/login', account, pw);
      expect(
        await client.account('passengers/delete', account, pw, { name: other.name, cardType: 1, cardNo: other.cardNo }),
      ).toBe(true);
    } finally {
      await control('clock', { reset: true });
    }

    await client.account('account/login', account, pw);
    expect(await client.passwordChangeCode(account, pw, 'new_456')).toBe(true);
    await expect(client.passwordChange(account, pw, 'new_456', '000000')).rejects.toMatchObject({ msgCode: 407 });
    expect(await client.passwordChange(account, pw, 'new_456', '123456')).toBe(true);
    await expect(client.account('account/login', account, pw)).rejects.toMatchObject({ msgCode: 403 });
    const { requestID } = (await client.passwordForgotCode(account)) as { requestID: string };
    expect(await client.passwordForgotReset(requestID, 'reset_789', '123456')).toBe(true);
    await expect(client.account('account/login', account, 'new_456')).rejects.toMatchObject({ msgCode: 403 });
    expect(await client.account('account/login', account, 'reset_789')).toBe(true);
  });

  it('出票失败 returns the debit to the balance and says so', async () => {
    const before = (
      (await (
        await fetch(`${sandbox.url}/sandbox/balance`, { headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY } })
      ).json()) as { balanceFen: number }
    ).balanceFen;
    await control('faults', { issueFailRate: 1 });
    try {
      const t = await g1(daysAhead(9));
      const { orderNo } = await client.createOrder(createReq(t, ['壬'], 4));
      const held = await until(async () => {
        const d = await client.orderDetail(orderNo);
        return d.orderStatus === 2 ? d : undefined;
      });
      await client.confirmOrder(orderNo, held.orderAmount ?? null);
      const failed = await until(async () => {
        const d = await client.orderDetail(orderNo);
        return d.orderStatus === 9 ? d : undefined;
      });
      expect(failed.unFinishedReason).toContain('退回');
      const after = (
        (await (
          await fetch(`${sandbox.url}/sandbox/balance`, { headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY } })
        ).json()) as { balanceFen: number }
      ).balanceFen;
      expect(after).toBe(before);
    } finally {
      await fetch(`${sandbox.url}/sandbox/faults`, {
        method: 'DELETE',
        headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY },
      });
    }
  });

  it('routes every endpoint of the protocol', async () => {
    for (const name of ENDPOINTS) {
      const res = await fetch(`${sandbox.url}/train/${name}`, {
        method: 'POST',
        body: JSON.stringify({ appKey: DEFAULT_PROVIDER_APP_KEY }),
      });
      const body = (await res.json()) as { success: boolean; msg: string };
      expect(res.status).toBe(200);
      expect(body.msg, name).not.toMatch(/未知接口/);
    }
  });

  it('fault injection: a per-request 503 reaches the client as a typed, retryable error', async () => {
    const err = await client
      .cancelOrder('T-none', { headers: { 'x-sandbox-fault': 'error=503' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'http', httpStatus: 503 });
  });
});

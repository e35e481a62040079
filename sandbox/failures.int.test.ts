/**
 * The documented failures the sandbox produces by its own rules (issue 26 item 13), over real HTTP on
 * both fronts: 210 an account's unpaid hold, 302/306 the identity lists, 312 a ticket printed at the
 * station, 317 a second change (sandbox.int.test.ts too), 318 the daily change-cancel limit. Each
 * code is provoked exactly as sandbox/README.md "Documented failures" says a test can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '@/lib/provider';
import type { ProviderClient } from '@/lib/provider/adapters/panhe/client';
import { MSG } from '@/protocol/panhe/codes';
import { encryptField } from '@/protocol/panhe/sign';
import { idNumberFor } from './accounts/id-number';
import { IDENTITY_MISUSED_IDS, MAX_CHANGE_CANCELS_PER_DAY, SPENDING_RESTRICTED_IDS } from './policy';
import type { RunningSandbox } from './server';
import {
  APP_KEY,
  changeRequest,
  control,
  createRequest,
  daysAhead,
  passenger,
  rejection,
  resetSandbox,
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
afterAll(async () => {
  await control(sandbox, 'POST', 'clock', { reset: true }).catch(() => undefined);
  await sandbox.stop();
});

type Detail = Awaited<ReturnType<ProviderClient['orderDetail']>>;
const refusal = (p: Promise<unknown>) => rejection(p, ProviderError);

async function g1(date: string): Promise<TrainPick> {
  const { trainLines } = await client.search({ fromStation: '北京南', toStation: '上海', fromDate: date });
  const t = trainLines?.find((l) => l.trainCode === 'G1');
  if (!t) throw new Error('no G1');
  return t;
}
async function settled(orderNo: string, from: number[] = [1]): Promise<Detail> {
  return until(async () => {
    const d = await client.orderDetail(orderNo);
    return !from.includes(d.orderStatus) && d;
  });
}
async function hold(people: ReturnType<typeof passenger>[], extra: Record<string, unknown> = {}, days = 4) {
  const { orderNo } = await client.createOrder(createRequest(await g1(daysAhead(days)), people, extra));
  return settled(orderNo);
}
async function issued(name: string, days = 4): Promise<Detail> {
  const d = await hold([passenger(name, 4)], {}, days);
  expect(d.orderStatus).toBe(2);
  await client.confirmOrder(d.orderNo, d.orderAmount ?? null);
  return settled(d.orderNo, [2, 7]);
}

/** POST /train/<path> with the appKey, answered as the raw envelope. */
async function panhe(path: string, body: Record<string, unknown>) {
  const res = await fetch(`${sandbox.url}/train/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appKey: APP_KEY, ...body }),
  });
  return (await res.json()) as { data: unknown; success: boolean; msg: string; msgCode?: number };
}

describe('302 / 306: the identity lists refuse the hold (占位失败) with the catalogue words', () => {
  it.each([
    [IDENTITY_MISUSED_IDS[0]!, '乘客身份信息涉嫌被他人冒用'],
    [SPENDING_RESTRICTED_IDS[0]!, '乘客已被法院依法限制高消费'],
  ])('%s → %s', async (cardNo, words) => {
    const d = await hold([passenger('名单乘客', 4, { cardNo })]);
    expect(d.orderStatus).toBe(3);
    expect(d.unFinishedReason).toContain(words);
    expect(d.trainTickets[0]!.ticketStatus).toBe(3);
  });

  it('the same passenger with any other valid number is held', async () => {
    const d = await hold([
      passenger('名单外乘客', 4, { cardNo: idNumberFor('110101', '1980-03-03', Date.now() % 1000) }),
    ]);
    expect(d.orderStatus).toBe(2);
    await client.cancelOrder(d.orderNo);
  });
});

describe('210: a 12306 account with an unpaid hold cannot place another', () => {
  it('the second hold fails with 210 until the first is paid or cancelled; the demo account is exempt', async () => {
    const run = Date.now().toString(36).slice(-6);
    const account = `f210${run}`;
    const password = 'abc_123';
    const cred = { trainAccount: encryptField(SECRET_KEY, account), trainPassword: encryptField(SECRET_KEY, password) };
    const reg = await panhe('account/register', {
      ...cred,
      name: '账号持有人',
      cardType: 1,
      cardNo: idNumberFor('320102', '1975-05-05', Number.parseInt(run, 36) % 1000),
      mobile: `139${String(Date.now()).slice(-8)}`,
      passengerType: 1,
      msgCode: '123456',
    });
    expect(reg.data, reg.msg).toMatchObject({ regSubmitIsPass: true });
    await panhe('account/login', cred);
    expect(await panhe('account/verify', { ...cred, msgCode: '123456', validateType: 2 })).toMatchObject({
      success: true,
    });
    const own = { trainAccount: account, trainPassword: password };

    const first = await hold([passenger('账号甲', 4)], own);
    expect(first.orderStatus).toBe(2);
    const second = await hold([passenger('账号乙', 4)], own);
    expect(second.orderStatus).toBe(3);
    expect(second.unFinishedReason).toContain('该账号有未完成的订单,无法继续执行此操作');

    // The demo account (the platform's shared one) is not held to it.
    const demo1 = await hold([passenger('演示甲', 4)]);
    const demo2 = await hold([passenger('演示乙', 4)]);
    expect([demo1.orderStatus, demo2.orderStatus]).toEqual([2, 2]);
    await client.cancelOrder(demo1.orderNo);
    await client.cancelOrder(demo2.orderNo);

    await client.cancelOrder(first.orderNo);
    const third = await hold([passenger('账号丙', 4)], own);
    expect(third.orderStatus).toBe(2);
    await client.cancelOrder(third.orderNo);
  });
});

describe('312: a ticket printed at the station is refunded only at the window', () => {
  it('online refund refused with 312; the window refund still works', async () => {
    const d = await issued('取票乘客');
    const t = d.trainTickets[0]!;
    const printed = await control<{ ticketNo: string; printedAt: string }>(
      sandbox,
      'POST',
      `tickets/${t.ticketNo}/print`,
      {},
    );
    expect(printed.ticketNo).toBe(t.ticketNo);
    const req = {
      orderNo: d.orderNo,
      tickets: [{ name: t.name, ticketNo: t.ticketNo!, cardType: 1, cardNo: t.cardNo }],
    };
    const e = await refusal(client.refundTicket(req));
    expect(e.msgCode).toBe(MSG.NO_ONLINE_REFUND);
    expect(e.msg).toContain('不支持网上退票');
    // Still refused later (not a time rule), and the ticket stays issued.
    await control(sandbox, 'POST', 'clock', { advanceMinutes: 6 });
    expect((await refusal(client.refundTicket(req))).msgCode).toBe(MSG.NO_ONLINE_REFUND);
    expect((await client.orderDetail(d.orderNo)).trainTickets[0]!.ticketStatus).toBe(8);
    const window = await control<{ status: number }>(sandbox, 'POST', `tickets/${t.ticketNo}/offline-refund`, {});
    expect(window.status).toBe(23);
    await control(sandbox, 'POST', 'clock', { reset: true });
  });

  it('printing an unknown ticket is a 404', async () => {
    const res = await fetch(`${sandbox.url}/sandbox/tickets/E0000000000000000/print`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-app-key': APP_KEY },
      body: '{}',
    });
    expect(res.status).toBe(404);
  });
});

describe('317 / 318: 改签 limits', () => {
  it(`a change hold of the same passenger cancelled ${MAX_CHANGE_CANCELS_PER_DAY} times today: the next cancel is refused (318), the hold stays`, async () => {
    const d = await issued('改签取消', 5);
    const t = d.trainTickets[0]!;
    // Other files sell out G1 on some days (shared database): free the target's second class first.
    await control(sandbox, 'POST', 'release', { trainCode: 'G1', date: daysAhead(9), seatType: 4, count: 1000 });
    const target = await g1(daysAhead(9));
    const heldChange = async () => {
      const chaNo = await client.applyChange(changeRequest(d.orderNo, t.ticketNo!, target, { remark: '取消上限' }));
      const cha = await until(async () => {
        const x = await client.orderDetail(d.orderNo);
        const c = x.trainChaOrder?.find((y) => y.chaNo === chaNo);
        return c && c.chaOrderStatus !== 30 && c;
      });
      expect(cha.chaOrderStatus, cha.unFinishedReason ?? '').toBe(31);
      return chaNo;
    };
    for (let i = 0; i < MAX_CHANGE_CANCELS_PER_DAY; i++) {
      expect(await client.cancelChange(await heldChange(), '再想想')).toBe(true);
    }
    const fourth = await heldChange();
    const e = await refusal(client.cancelChange(fourth, '再想想'));
    expect(e.msgCode).toBe(MSG.CHANGE_CANCEL_LOCKED);
    expect(e.msg).toContain('当天取消改签次数过多');
    const after = await client.orderDetail(d.orderNo);
    expect(after.trainChaOrder?.find((c) => c.chaNo === fourth)?.chaOrderStatus).toBe(31);
    // It can still be confirmed (the lock is on cancelling, not on changing).
    const cha = after.trainChaOrder!.find((c) => c.chaNo === fourth)!;
    expect(await client.confirmChange(d.orderNo, fourth, cha.needPayAmount ?? null)).toBe(true);
    const done = await until(async () => {
      const x = await client.orderDetail(d.orderNo);
      return x.trainChaOrder?.find((c) => c.chaNo === fourth)?.chaOrderStatus === 34 && x;
    });
    // 317: the changed ticket cannot be changed again.
    const twice = await refusal(
      client.applyChange(changeRequest(d.orderNo, t.ticketNo!, target, { remark: '二次改签' })),
    );
    expect(twice.msgCode).toBe(MSG.CHANGE_LOCKED);
    expect(twice.msg).toContain('改签次数过多,改签请求已锁定');
    expect(done.trainTickets[0]!.ticketStatus).toBe(34);
  });
});

/** A Juhe call (form-encoded POST with the Juhe key). */
async function juhe(name: string, fields: Record<string, string>) {
  const res = await fetch(`${sandbox.url}/trainTickets/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key: sandbox.juheKey, ...fields }).toString(),
  });
  return (await res.json()) as { reason: string; result: Record<string, unknown> | null; error_code: number };
}

describe('the Juhe front: the same rules in its own words', () => {
  let seq = 0;
  const submit = async (cardNo: string, name: string) => {
    seq += 1;
    const r = await juhe('submit', {
      user_orderid: `F26${Date.now().toString(36)}${seq}`,
      train_date: daysAhead(3),
      from_station_code: 'VNP',
      to_station_code: 'SHH',
      checi: 'G1',
      passengers: JSON.stringify([
        {
          passengerid: 1,
          passengersename: name,
          piaotype: '1',
          piaotypename: '成人票',
          passporttypeseid: '1',
          passporttypeseidname: '二代身份证',
          passportseno: cardNo,
          price: '553.0',
          zwcode: 'O',
          zwname: '二等座',
        },
      ]),
    });
    expect(r.error_code, r.reason).toBe(0);
    const orderid = (r.result as { orderid: string }).orderid;
    return until(async (): Promise<false | (Record<string, unknown> & { orderid: string })> => {
      const o = (await juhe('orderStatus', { orderid })).result!;
      return o.status !== '0' && { ...o, orderid };
    });
  };

  it('306 / 302: the hold fails (status 1) with the catalogue words as msg', async () => {
    const restricted = await submit(SPENDING_RESTRICTED_IDS[1]!, '聚合限高');
    expect(restricted.status).toBe('1');
    expect(restricted.msg).toContain('乘客已被法院依法限制高消费');
    const misused = await submit(IDENTITY_MISUSED_IDS[1]!, '聚合冒用');
    expect(misused.status).toBe('1');
    expect(misused.msg).toContain('乘客身份信息涉嫌被他人冒用');
  });

  it("312: a printed ticket's online refund is refused with 217305 and 12306's words", async () => {
    const cardNo = idNumberFor('320102', '1977-07-07', (Date.now() % 900) + 1);
    const o = await submit(cardNo, '聚合取票');
    expect(o.status).toBe('2');
    expect((await juhe('pay', { orderid: o.orderid })).error_code).toBe(0);
    const issued = await until(async () => {
      const x = (await juhe('orderStatus', { orderid: o.orderid })).result!;
      return x.status === '4' && x;
    });
    const p = (issued.passengers as Record<string, string>[])[0]!;
    const res = await fetch(`${sandbox.url}/sandbox/tickets/${p.ticket_no}/print`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-app-key': sandbox.juheKey },
      body: '{}',
    });
    expect(res.status).toBe(200);
    await control(sandbox, 'POST', 'clock', { advanceMinutes: 6 });
    try {
      const r = await juhe('refund', {
        orderid: o.orderid,
        tickets: JSON.stringify([
          { ticket_no: p.ticket_no, passengername: '聚合取票', passporttypeseid: '1', passportseno: cardNo },
        ]),
      });
      expect(r.error_code).toBe(217305);
      expect(r.reason).toContain('不支持网上退票');
    } finally {
      await control(sandbox, 'POST', 'clock', { reset: true });
    }
  });
});

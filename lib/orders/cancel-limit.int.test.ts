/**
 * Issue 26 items 4 and 5 against the real sandbox. The daily cancel limit (rules.ts
 * `maxCancellationsPerDay`, DOMAIN_NOTES l.13; juhe-grab-ticket-dictionary msgCode 206
 * "取消次数过多,取消请求已锁定"), counted per passenger on the Shanghai day: the portal warns before the
 * third cancel and refuses the fourth without asking the provider; the sandbox refuses a fourth cancel
 * sent to it directly with 206. A repeated cancel answers as done (ticket-delivery-cancellation §四
 * "重复取消操作 | 提示'已处理'") in the portal and on both sandbox fronts.
 */
import { describe, expect, it } from 'vitest';
import { runGuarded } from '@/lib/actions';
import { ORDER_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { DEFAULT_JUHE_KEY } from '@/protocol/defaults';
import { APP_KEY } from '@/sandbox/testing.int';
import { cancelOrderDef } from './defs';
import { book, harnessForFile, orderRow, passenger, waitStatus } from './harness.int';
import { ALREADY_CANCELLED, cancelForTraveller, cancelWarning } from './operations';
import { orderView } from './views';

const h = harnessForFile();

/** `n` held orders of one new passenger (G1, one per day: one ticket per person per train and date). */
async function heldOrders(name: string, n: number, provider?: string): Promise<string[]> {
  const passengerId = await passenger(h, name);
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push(
      await book(h, [], {
        days: 3 + i,
        passengers: [{ passengerId, ticketType: 1 }],
        ...(provider ? { provider } : {}),
      }),
    );
  for (const id of ids) await waitStatus(id, ORDER_STATUS.HELD);
  return ids;
}

/** 取消 sent straight to the sandbox's Panhe front (no signature on this call), its envelope as answered. */
async function rawCancel(orderNo: string): Promise<{ success: boolean; msg: string; msgCode?: number; data: unknown }> {
  const res = await fetch(`${h.sandbox.url}/train/order/cancel`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appKey: APP_KEY, orderNo }),
  });
  return (await res.json()) as { success: boolean; msg: string; msgCode?: number; data: unknown };
}

/** 取消待支付的订单 on the sandbox's Juhe front (form POST, as Juhe documents it). */
async function juheCancel(orderid: string): Promise<{ error_code: number; reason: string; result: unknown }> {
  const res = await fetch(`${h.sandbox.url}/trainTickets/cancel`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key: DEFAULT_JUHE_KEY, orderid }).toString(),
  });
  return (await res.json()) as { error_code: number; reason: string; result: unknown };
}

describe('daily cancel limit', () => {
  it('the portal warns before the third cancel of a passenger today and refuses the fourth before asking the provider', async () => {
    const [a, b, c, d] = await heldOrders('限取消', 4);
    expect(await cancelForTraveller(a!, h.user.id)).toEqual({ status: ORDER_STATUS.CANCELLED, note: null });
    expect((await cancelForTraveller(b!, h.user.id)).note).toBeNull();

    // Before the third: the order page says what a third cancel means.
    expect(await cancelWarning(c!)).toMatch(/^今天已取消 2 次，再取消将/);
    expect((await orderView(await orderRow(c!))).cancelWarning).toMatch(/^今天已取消 2 次，再取消将/);
    const third = await cancelForTraveller(c!, h.user.id);
    expect(third.status).toBe(ORDER_STATUS.CANCELLED);
    expect(third.note).toMatch(/^今天已取消 2 次/);

    // The fourth: refused in plain words (a 4xx), nothing sent: the provider still holds the seat.
    const refused = await cancelForTraveller(d!, h.user.id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(409);
    expect((refused as AppError).message).toContain('今天已取消 3 次订单');
    expect((refused as AppError).message).toContain('取消请求已锁定');
    const after = await orderRow(d!);
    expect(after.status).toBe(ORDER_STATUS.HELD);
    expect(after.cancelRequestedAt).toBeNull();
    const r = await runGuarded(cancelOrderDef, h.user, { orderId: d! });
    expect(r).toMatchObject({ ok: false, code: 'conflict' });
  }, 60_000);

  it('two cancels at once after two today: exactly one passes, the other is refused (they take turns)', async () => {
    const [a, b, c, d] = await heldOrders('并发取消', 4);
    for (const id of [a!, b!]) await cancelForTraveller(id, h.user.id);
    const outcomes = await Promise.allSettled([c!, d!].map((id) => cancelForTraveller(id, h.user.id)));
    const passed = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(passed).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(AppError);
    expect((refused[0]!.reason as AppError).message).toContain('今天已取消 3 次订单');
    const rows = await Promise.all([c!, d!].map(orderRow));
    expect(rows.map((r) => r.status).sort()).toEqual([ORDER_STATUS.CANCELLED, ORDER_STATUS.HELD].sort());
    expect(rows.find((r) => r.status === ORDER_STATUS.HELD)!.cancelRequestedAt).toBeNull();
  }, 60_000);

  it('the sandbox refuses a fourth cancel sent to it directly with msgCode 206 and the dictionary text', async () => {
    const ids = await heldOrders('直取消', 4);
    const nos = await Promise.all(ids.map(async (id) => (await orderRow(id)).providerOrderNo!));
    for (const no of nos.slice(0, 3)) expect(await rawCancel(no)).toMatchObject({ success: true, data: true });
    expect(await rawCancel(nos[3]!)).toMatchObject({
      success: false,
      msgCode: 206,
      msg: '取消次数过多,取消请求已锁定',
    });

    // The portal did not ask for those three (it counts none of them): its cancel of the fourth goes
    // out, the sandbox answers 206, the traveller reads it in plain words and keeps the hold.
    expect(await orderRow(ids[3]!)).toMatchObject({ status: ORDER_STATUS.HELD, cancelRequestedAt: null });
    const refused = await cancelForTraveller(ids[3]!, h.user.id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toMatch(
      /^12306 拒绝取消：今天这位乘客取消订单的次数已达 12306 每天 3 次的上限/,
    );
    expect((refused as AppError).message).not.toContain('取消次数过多,取消请求已锁定');
    expect(await orderRow(ids[3]!)).toMatchObject({ status: ORDER_STATUS.HELD, cancelRequestedAt: null });
  }, 60_000);
});

describe('daily cancel limit on the Juhe front', () => {
  it('refuses a fourth cancel with the dictionary text (an undocumented 2173xx), which the portal reads as 206', async () => {
    const ids = await heldOrders('聚合限取消', 4, 'juhe');
    const nos = await Promise.all(ids.map(async (id) => (await orderRow(id)).providerOrderNo!));
    for (const no of nos.slice(0, 3)) expect(await juheCancel(no)).toMatchObject({ error_code: 0 });
    expect(await juheCancel(nos[3]!)).toMatchObject({ error_code: 217306, reason: '取消次数过多,取消请求已锁定' });
    const refused = await cancelForTraveller(ids[3]!, h.user.id).then(
      () => null,
      (e: unknown) => e,
    );
    expect((refused as AppError).message).toMatch(/^12306 拒绝取消：/);
    expect(await orderRow(ids[3]!)).toMatchObject({ status: ORDER_STATUS.HELD, cancelRequestedAt: null });
  }, 60_000);
});

describe('repeat cancel is idempotent', () => {
  it('the portal answers a second cancel as done (已处理), through the service and the action', async () => {
    const [id] = await heldOrders('再取消', 1);
    expect((await cancelForTraveller(id!, h.user.id)).status).toBe(ORDER_STATUS.CANCELLED);
    expect(await cancelForTraveller(id!, h.user.id)).toEqual({
      status: ORDER_STATUS.CANCELLED,
      note: ALREADY_CANCELLED,
    });
    const r = await runGuarded(cancelOrderDef, h.user, { orderId: id! });
    expect(r).toEqual({ ok: true, data: { status: ORDER_STATUS.CANCELLED, note: ALREADY_CANCELLED } });
    expect(ALREADY_CANCELLED).toContain('已处理');
  }, 60_000);

  it("the sandbox's Panhe front answers a repeated 取消 as done", async () => {
    const [id] = await heldOrders('盘河再取消', 1);
    const no = (await orderRow(id!)).providerOrderNo!;
    expect(await rawCancel(no)).toMatchObject({ success: true, data: true, msg: '请求成功' });
    expect(await rawCancel(no)).toMatchObject({ success: true, data: true, msg: '已处理' });
  }, 60_000);

  it("the sandbox's Juhe front answers a repeated cancel as done, and so does the portal on a Juhe order", async () => {
    const [id] = await heldOrders('聚合再取消', 1, 'juhe');
    const no = (await orderRow(id!)).providerOrderNo!;
    const first = await juheCancel(no);
    expect(first).toMatchObject({ error_code: 0, reason: '取消订单成功', result: { orderid: no, status: '1' } });
    expect(await juheCancel(no)).toMatchObject({
      error_code: 0,
      reason: '已处理',
      result: { orderid: no, status: '1' },
    });
    // The portal hears of it (push or its own look); its cancel then answers as done too.
    const viaPortal = await cancelForTraveller(id!, h.user.id);
    expect(viaPortal.status).toBe(ORDER_STATUS.CANCELLED);
  }, 60_000);
});

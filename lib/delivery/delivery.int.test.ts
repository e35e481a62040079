/**
 * Issue 27 送票, against the real sandbox over HTTP (provider, payment gateway and courier) and a real
 * Postgres, the worker's handlers on pg-boss in this process: request → pay → picked up → cancel in
 * 配送中 charges fee + 10 %; a repeated cancel answers 已处理 with one effect; a cancel that cannot
 * reach the courier is retried by the job and charges nothing; a signed delivery cannot be cancelled
 * (ticket refund offered separately); duplicated and reordered webhooks change nothing twice; the
 * auditor covers the delivery fee (paid = refunded + kept, and what the gateway holds).
 */
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { deliveries, deliveryEvents } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { membershipOf } from '@/lib/agency/access';
import { addCustomerPassenger, createAgency, createCustomer, topUp } from '@/lib/agency/service';
import { passengerFormSchema } from '@/lib/domain/passenger';
import { AppError } from '@/lib/errors';
import { agencyBalance, post, transfer } from '@/lib/ledger';
import { payFromBalance } from '@/lib/orders/balance';
import { createBookingDef } from '@/lib/orders/create';
import { audit, formatAudit } from '@/lib/root/audit';
import {
  book,
  bookingInput,
  control,
  harnessForFile,
  issuedOrder,
  newTraveller,
  orderRow,
  uniqueIdCard,
  until,
  waitStatus,
} from '@/lib/orders/harness.int';
import { addAddress } from './addresses';
import {
  addCustomerAddressDef,
  addMyAddressDef,
  cancelDeliveryDef,
  deliveryViewDef,
  payDeliveryFeeDef,
  requestDeliveryDef,
} from './defs';
import {
  cancelDelivery,
  cancelQuoteOf,
  interceptDelivery,
  requestDelivery,
  runDeliverySync,
  startFeePayment,
} from './service';

const h = harnessForFile();

const row = async (id: string) => (await db().select().from(deliveries).where(eq(deliveries.id, id)))[0]!;
const eventCount = async (id: string) =>
  (await db().select({ n: count() }).from(deliveryEvents).where(eq(deliveryEvents.deliveryId, id)))[0]!.n;

async function waitDelivery(id: string, status: string, ms = 30_000) {
  try {
    await until(async () => (await row(id)).status === status, ms, `delivery ${status}`);
  } catch (e) {
    const d = await row(id);
    throw new Error(`${(e as Error).message}: it is ${d.status} (v${d.courierVersion}, ${d.failureReason ?? '-'})`);
  }
}

const SHANGHAI = {
  name: '张三',
  phone: '13912345678',
  province: '上海市',
  city: '上海市',
  district: '浦东新区',
  detail: '世纪大道 100 号 8 楼',
};

/** A delivery waiting for pickup put in transit and cancelled there: awaiting its fare charge. */
async function cancelledInTransit(deliveryId: string) {
  const waybill = (await row(deliveryId)).courierWaybillNo!;
  await control(h.sandbox, 'POST', `courier/${waybill}/advance`);
  await waitDelivery(deliveryId, 'in_transit');
  const q = cancelQuoteOf(await row(deliveryId));
  if (!q.allowed) throw new Error('unreachable');
  expect((await cancelDelivery(deliveryId, q.totalChargeFen, h.user.id)).kind).toBe('awaiting_charge');
  return { waybill, q };
}

/** A paid delivery put in transit, cancelled there (awaiting its fare charge), then signed for anyway. */
async function cancelledInTransitThenSigned(name: string) {
  const { deliveryId } = await paidDelivery(name);
  const { waybill, q } = await cancelledInTransit(deliveryId);
  await control(h.sandbox, 'POST', `courier/${waybill}/advance`);
  await waitDelivery(deliveryId, 'signed');
  return { deliveryId, q };
}

/** An issued order, an address, a delivery requested (待支付配送费, its fee not yet at the gateway). */
async function requestedDelivery(name: string): Promise<{ orderId: string; deliveryId: string }> {
  const orderId = await issuedOrder(h, [name]);
  const addr = await addAddress({ userId: h.user.id }, SHANGHAI);
  const { deliveryId, created } = await requestDelivery({
    orderId,
    addressId: addr.id,
    speed: 'standard',
    actor: h.user.id,
  });
  expect(created).toBe(true);
  return { orderId, deliveryId };
}

/** An issued order, an address, a delivery requested and its fee paid at the gateway: 已接单未取件. */
async function paidDelivery(name: string): Promise<{ orderId: string; deliveryId: string }> {
  const { orderId, deliveryId } = await requestedDelivery(name);
  await startFeePayment(deliveryId, h.user.id);
  const d = await row(deliveryId);
  expect(d).toMatchObject({ status: 'pending_payment', band: 'far', feeFen: 1800 });
  await control(h.sandbox, 'POST', `payments/${d.feePaymentNo}/pay`, {});
  await waitDelivery(deliveryId, 'awaiting_pickup');
  return { orderId, deliveryId };
}

async function expectAuditClean(o: { agency?: boolean } = {}) {
  const results = await audit({ orderIds: h.mine });
  const bad = results.filter((r) => r.violated);
  expect(bad, formatAudit(results)).toEqual([]);
  const delivery = results.filter((r) => r.name.startsWith('送票'));
  expect(delivery).toHaveLength(3);
  expect(delivery.filter((r) => r.name.startsWith('送票 money')).every((r) => r.checked > 0)).toBe(true);
  if (o.agency) expect(delivery.find((r) => r.name.startsWith('送票 agency'))!.checked).toBeGreaterThan(0);
  return results;
}

describe('送票 delivery', () => {
  it('an order not yet paid cannot request delivery (§四)', async () => {
    const orderId = await book(h, ['送票未付']);
    await waitStatus(orderId, 2);
    const addr = await addAddress({ userId: h.user.id }, SHANGHAI);
    const err = await requestDelivery({ orderId, addressId: addr.id, speed: 'standard', actor: h.user.id }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain('支付');
    expect(await db().select().from(deliveries).where(eq(deliveries.orderId, orderId))).toEqual([]);
  });

  it('request → pay → picked up → cancel in 配送中 charges fee + 10 %; a repeated cancel is 已处理', async () => {
    const { orderId, deliveryId } = await paidDelivery('送票甲');
    const d0 = await row(deliveryId);
    expect(d0.feePaidFen).toBe(1800);
    expect(d0.courierWaybillNo).toBeTruthy();
    await control(h.sandbox, 'POST', `courier/${d0.courierWaybillNo}/advance`);
    await waitDelivery(deliveryId, 'in_transit');

    const d = await row(deliveryId);
    const order = await orderRow(orderId);
    expect(d.fareFen).toBe(order.paidFen);
    const quote = cancelQuoteOf(d);
    const tenPercent = Math.round(order.paidFen / 10);
    expect(quote).toMatchObject({ allowed: true, keptFeeFen: 1800, fareChargeFen: tenPercent, farePercent: 10 });
    if (!quote.allowed) throw new Error('unreachable');
    expect(quote.totalChargeFen).toBe(1800 + tenPercent);

    // a stale confirmation (another amount) is refused and changes nothing
    await expect(cancelDelivery(deliveryId, quote.totalChargeFen - 1, h.user.id)).rejects.toThrow(/费用已变化/);
    // the 10 % is a payment at the gateway first: the delivery waits for it (still 配送中, nothing sent)
    const first = await cancelDelivery(deliveryId, quote.totalChargeFen, h.user.id);
    if (first.kind !== 'awaiting_charge') throw new Error(`expected awaiting_charge, got ${first.kind}`);
    expect(first.chargeFen).toBe(tenPercent);
    expect(first.cashierUrl).toBeTruthy();
    const waiting = await row(deliveryId);
    expect(waiting).toMatchObject({ status: 'in_transit', chargePaidFen: 0, cancelRequestedAt: null });
    expect(waiting.chargePaymentNo).toMatch(/^DC/);
    const view = await runGuarded(deliveryViewDef, h.user, { deliveryId });
    expect(view).toMatchObject({ ok: true, data: { awaitingChargeFen: tenPercent } });
    // a second click while unpaid: the same charge, no second payment
    expect(await cancelDelivery(deliveryId, quote.totalChargeFen, h.user.id)).toMatchObject({
      kind: 'awaiting_charge',
      chargeFen: tenPercent,
    });
    expect((await row(deliveryId)).chargePaymentNo).toBe(waiting.chargePaymentNo);
    // only the gateway's verified notification lets the cancel proceed
    await control(h.sandbox, 'POST', `payments/${waiting.chargePaymentNo}/pay`, {});
    await waitDelivery(deliveryId, 'cancelled');
    const after = await row(deliveryId);
    expect(after).toMatchObject({
      feeKeptFen: 1800,
      feeRefundFen: 0,
      fareChargeFen: tenPercent,
      chargePaidFen: tenPercent,
      chargeRefundFen: 0,
    });
    const events = await eventCount(deliveryId);

    const again = await cancelDelivery(deliveryId, quote.totalChargeFen, h.user.id);
    expect(again).toMatchObject({ kind: 'already' });
    expect(again.message).toContain('已处理');
    expect(await eventCount(deliveryId)).toBe(events);
    expect(await row(deliveryId)).toMatchObject({ feeKeptFen: 1800, feeRefundFen: 0, fareChargeFen: tenPercent });
    // the ticket is untouched: cancelling the delivery is not a refund
    expect((await orderRow(orderId)).refundedFen).toBe(0);
    await expectAuditClean();
    // the auditor counts the charge: a recorded charge not collected is a violation
    await db()
      .update(deliveries)
      .set({ fareChargeFen: tenPercent + 1 })
      .where(eq(deliveries.id, deliveryId));
    try {
      const tampered = await audit({ orderIds: h.mine });
      const split = tampered.find((r) => r.name.startsWith('送票 money: every fen'))!;
      expect(split.violated).toBeGreaterThan(0);
    } finally {
      await db().update(deliveries).set({ fareChargeFen: tenPercent }).where(eq(deliveries.id, deliveryId));
    }
  });

  it('a fare charge never paid: the delivery simply goes on to 已签收', async () => {
    const { deliveryId } = await cancelledInTransitThenSigned('送票未付费');
    expect(await row(deliveryId)).toMatchObject({ feeKeptFen: 0, feeRefundFen: 0, fareChargeFen: 0, chargePaidFen: 0 });
    await expectAuditClean();
  });

  it('a fare charge paid after the parcel was signed for goes back through the gateway', async () => {
    const { deliveryId, q } = await cancelledInTransitThenSigned('送票晚付');
    await control(h.sandbox, 'POST', `payments/${(await row(deliveryId)).chargePaymentNo}/pay`, {});
    await until(async () => (await row(deliveryId)).chargeRefundStatus === 'succeeded', 30_000, 'charge refunded');
    expect(await row(deliveryId)).toMatchObject({
      status: 'signed',
      chargePaidFen: q.fareChargeFen,
      chargeRefundFen: q.fareChargeFen,
      fareChargeFen: 0,
      feeKeptFen: 0,
    });
    await expectAuditClean();
  });

  it('a cancel that cannot reach the courier is retried by the job and charges nothing', async () => {
    const { deliveryId } = await paidDelivery('送票乙');
    const q = cancelQuoteOf(await row(deliveryId));
    expect(q).toMatchObject({ allowed: true, totalChargeFen: 0, refundFeeFen: 1800 });
    await control(h.sandbox, 'POST', 'faults', { courierErrorRate: 1 });
    const r = await cancelDelivery(deliveryId, 0, h.user.id);
    expect(r.kind).toBe('retrying');
    const mid = await row(deliveryId);
    expect(mid).toMatchObject({ status: 'awaiting_pickup', feeKeptFen: 0, feeRefundFen: 0, fareChargeFen: 0 });
    expect(mid.cancelAttempts).toBeGreaterThanOrEqual(1);
    // a second click meanwhile: 已处理, nothing new
    expect((await cancelDelivery(deliveryId, 0, h.user.id)).kind).toBe('already');
    await control(h.sandbox, 'DELETE', 'faults');
    await waitDelivery(deliveryId, 'cancelled', 60_000);
    await until(async () => (await row(deliveryId)).feeRefundStatus === 'succeeded', 30_000, 'fee refunded');
    expect(await row(deliveryId)).toMatchObject({ feeKeptFen: 0, feeRefundFen: 1800, fareChargeFen: 0 });
    await expectAuditClean();
  }, 120_000);

  it('a cashier the gateway closed or failed is not reopened: a new payment number, then paid once', async () => {
    const { deliveryId } = await requestedDelivery('送票换单');
    const first = await startFeePayment(deliveryId, h.user.id);
    expect((await startFeePayment(deliveryId, h.user.id)).cashierUrl).toBe(first.cashierUrl);
    const dead = (await row(deliveryId)).feePaymentNo!;
    await control(h.sandbox, 'POST', `payments/${dead}/pay`, { outcome: 'failed' });
    const [a, b] = await Promise.all([startFeePayment(deliveryId, h.user.id), startFeePayment(deliveryId, h.user.id)]);
    expect(a.cashierUrl).not.toBe(first.cashierUrl);
    expect(b.cashierUrl).toBe(a.cashierUrl);
    const d = await row(deliveryId);
    expect(d.feePaymentNo).toBe(`${dead}-2`);
    await control(h.sandbox, 'POST', `payments/${d.feePaymentNo}/pay`, {});
    await waitDelivery(deliveryId, 'awaiting_pickup');
    expect((await row(deliveryId)).feePaidFen).toBe(1800);
    await expectAuditClean();
  });

  it('gateway notifications lost: the sync asks the gateway and applies the fee, then the cancel charge', async () => {
    const { deliveryId } = await requestedDelivery('送票查单');
    await startFeePayment(deliveryId, h.user.id);
    await control(h.sandbox, 'POST', 'faults', { paymentNotifyDropRate: 1 });
    try {
      await control(h.sandbox, 'POST', `payments/${(await row(deliveryId)).feePaymentNo}/pay`, {});
      await runDeliverySync(deliveryId);
      await waitDelivery(deliveryId, 'awaiting_pickup');
      const { q } = await cancelledInTransit(deliveryId);
      await control(h.sandbox, 'POST', `payments/${(await row(deliveryId)).chargePaymentNo}/pay`, {});
      await runDeliverySync(deliveryId);
      expect(await row(deliveryId)).toMatchObject({ chargePaidFen: q.fareChargeFen });
      expect((await row(deliveryId)).cancelRequestedAt).not.toBeNull();
      const notes = (await db().select().from(deliveryEvents).where(eq(deliveryEvents.deliveryId, deliveryId))).map(
        (e) => e.note,
      );
      expect(notes).toEqual(expect.arrayContaining(['配送费已支付(查询网关)', '取消费用已支付(查询网关)']));
    } finally {
      await control(h.sandbox, 'DELETE', 'faults');
    }
    await waitDelivery(deliveryId, 'cancelled', 60_000);
  }, 120_000);

  it('signed for → cancel refused, a ticket refund offered separately', async () => {
    const { orderId, deliveryId } = await paidDelivery('送票丙');
    const waybill = (await row(deliveryId)).courierWaybillNo!;
    await control(h.sandbox, 'POST', `courier/${waybill}/advance`);
    await waitDelivery(deliveryId, 'in_transit');
    await control(h.sandbox, 'POST', `courier/${waybill}/advance`);
    await waitDelivery(deliveryId, 'signed');
    const q = cancelQuoteOf(await row(deliveryId));
    expect(q).toMatchObject({ allowed: false, offerTicketRefund: true });
    await expect(cancelDelivery(deliveryId, 0, h.user.id)).rejects.toThrow(/退票/);
    expect((await orderRow(orderId)).status).toBe(8);
    expect(await row(deliveryId)).toMatchObject({ status: 'signed', feeKeptFen: 0, feeRefundFen: 0 });
    await expectAuditClean();
  });

  it('duplicated and reordered webhooks change nothing twice', async () => {
    await control(h.sandbox, 'POST', 'faults', { courierWebhookDuplicate: true, courierWebhookOutOfOrder: true });
    try {
      const { deliveryId } = await paidDelivery('送票丁');
      const waybill = (await row(deliveryId)).courierWaybillNo!;
      await control(h.sandbox, 'POST', `courier/${waybill}/advance`);
      await waitDelivery(deliveryId, 'in_transit');
      const delivered = async () => {
        const r = await control<{ webhooks: { status: string }[] }>(h.sandbox, 'GET', `courier/${waybill}`);
        return r.webhooks.length >= 4 && r.webhooks.every((w) => w.status === 'delivered') ? r.webhooks.length : 0;
      };
      const sent = await until(delivered, 30_000, 'webhooks delivered');
      const events = await eventCount(deliveryId);
      const version = (await row(deliveryId)).courierVersion;
      await control(h.sandbox, 'POST', `courier/${waybill}/replay`);
      await until(async () => ((await delivered()) > sent ? true : null), 30_000, 'replay delivered');
      expect(await eventCount(deliveryId)).toBe(events);
      expect(await row(deliveryId)).toMatchObject({ status: 'in_transit', courierVersion: version });
    } finally {
      await control(h.sandbox, 'DELETE', 'faults');
    }
  });

  it('拦截物流 in 配送中: intercepted keeps the fee; refused goes on to 已签收; a repeat is 已处理', async () => {
    const { deliveryId } = await paidDelivery('送票戊');
    const waybill = (await row(deliveryId)).courierWaybillNo!;
    await expect(interceptDelivery(deliveryId, h.user.id)).rejects.toThrow(/配送中/);
    await control(h.sandbox, 'POST', `courier/${waybill}/advance`);
    await waitDelivery(deliveryId, 'in_transit');
    expect((await interceptDelivery(deliveryId, h.user.id)).message).toContain('拦截');
    await waitDelivery(deliveryId, 'intercepting');
    expect((await interceptDelivery(deliveryId, h.user.id)).message).toContain('已处理');
    await control(h.sandbox, 'POST', `courier/${waybill}/advance`);
    await waitDelivery(deliveryId, 'intercepted');
    expect(await row(deliveryId)).toMatchObject({ feeKeptFen: 1800, feeRefundFen: 0 });

    const other = await paidDelivery('送票己');
    const w2 = (await row(other.deliveryId)).courierWaybillNo!;
    await control(h.sandbox, 'POST', `courier/${w2}/advance`);
    await waitDelivery(other.deliveryId, 'in_transit');
    await interceptDelivery(other.deliveryId, h.user.id);
    await control(h.sandbox, 'POST', `courier/${w2}/fail`, { kind: 'interceptRefused' });
    await waitDelivery(other.deliveryId, 'intercept_refused');
    await control(h.sandbox, 'POST', `courier/${w2}/advance`);
    await waitDelivery(other.deliveryId, 'signed');
    expect(await row(other.deliveryId)).toMatchObject({ feeKeptFen: 0, feeRefundFen: 0 });
    await expectAuditClean();
  });

  it('an agency clerk requests delivery for its customer, pays from the balance; others get 404', async () => {
    const staff = { ...(await newTraveller('送票机构')), role: 'agent' as const };
    await createAgency(`送票旅行社${Date.now()}`, staff.email);
    const m = (await membershipOf(staff.id))!;
    const { id: customerId } = await createCustomer(m, staff, {
      name: '送票客户',
      mobile: `139${String(Date.now()).slice(-8)}`,
    });
    const p = await addCustomerPassenger(
      m,
      staff,
      customerId,
      passengerFormSchema.parse({ name: '客乘送票', idType: '1', idNo: uniqueIdCard() }),
    );
    const booked = await runGuarded(
      createBookingDef,
      staff,
      bookingInput(5, { passengers: [{ passengerId: p.id, ticketType: 1 }], contactMobile: '13900139000', customerId }),
    );
    if (!booked.ok) throw new Error(booked.message);
    const orderId = booked.data.orderId;
    h.mine.push(orderId);
    await waitStatus(orderId, 2);
    await topUp('admin-test', m.agencyId, 200_000, `BANK-DL-${Date.now()}`);
    await payFromBalance(orderId, staff.id);
    await waitStatus(orderId, 8);

    // the customer's address book, not the clerk's own; bad input is a clear 4xx, not a 500
    const bad = await runGuarded(addCustomerAddressDef, staff, { customerId, ...SHANGHAI, phone: '123' });
    expect(bad).toMatchObject({ ok: false, code: 'validation' });
    const addr = await runGuarded(addCustomerAddressDef, staff, { customerId, ...SHANGHAI });
    if (!addr.ok) throw new Error(addr.message);
    expect(addr.data).toMatchObject({ name: '张*', phone: '139****5678' });
    expect(addr.data.address).not.toContain('世纪大道');
    const req = await runGuarded(requestDeliveryDef, staff, { orderId, addressId: addr.data.id, speed: 'express' });
    if (!req.ok) throw new Error(req.message);
    const deliveryId = req.data.deliveryId;

    // another traveller: the delivery does not exist for them; their own address cannot be used here
    const stranger = await newTraveller('送票路人');
    expect(await runGuarded(deliveryViewDef, stranger, { deliveryId })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await runGuarded(cancelDeliveryDef, stranger, { deliveryId, confirmedChargeFen: 0 })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    const theirs = await runGuarded(addMyAddressDef, stranger, SHANGHAI);
    if (!theirs.ok) throw new Error(theirs.message);
    expect(
      await runGuarded(requestDeliveryDef, stranger, { orderId, addressId: theirs.data.id, speed: 'standard' }),
    ).toMatchObject({ ok: false, code: 'not_found' });

    const before = await agencyBalance(m.agencyId);
    const paid = await runGuarded(payDeliveryFeeDef, staff, { deliveryId });
    expect(paid).toMatchObject({ ok: true, data: { cashierUrl: null } });
    const fee = (await row(deliveryId)).feeFen;
    expect(fee).toBe(2800);
    expect(await agencyBalance(m.agencyId)).toBe(before - fee);
    await waitDelivery(deliveryId, 'awaiting_pickup');
    const view = await runGuarded(deliveryViewDef, staff, { deliveryId });
    if (!view.ok) throw new Error(view.message);
    expect(view.data.trackingNo).toBeTruthy();
    expect(view.data.address.phone).toBe('139****5678');

    // cancelled before pickup, ≥ 48 h out: free, the fee back on the balance at once
    const q = view.data.cancelQuote;
    expect(q).toMatchObject({ allowed: true, totalChargeFen: 0 });
    const c = await runGuarded(cancelDeliveryDef, staff, { deliveryId, confirmedChargeFen: 0 });
    expect(c).toMatchObject({ ok: true, data: { kind: 'cancelled' } });
    await waitDelivery(deliveryId, 'cancelled');
    expect(await row(deliveryId)).toMatchObject({ feeRefundFen: fee, feeKeptFen: 0, feeRefundStatus: 'succeeded' });
    expect(await agencyBalance(m.agencyId)).toBe(before);

    // again, cancelled in 配送中: fee kept + the fare charge debited from the balance with the cancel
    const req2 = await runGuarded(requestDeliveryDef, staff, { orderId, addressId: addr.data.id, speed: 'express' });
    if (!req2.ok) throw new Error(req2.message);
    const d2 = req2.data.deliveryId;
    expect(await runGuarded(payDeliveryFeeDef, staff, { deliveryId: d2 })).toMatchObject({ ok: true });
    await waitDelivery(d2, 'awaiting_pickup');
    await control(h.sandbox, 'POST', `courier/${(await row(d2)).courierWaybillNo}/advance`);
    await waitDelivery(d2, 'in_transit');
    const q2 = cancelQuoteOf(await row(d2));
    if (!q2.allowed) throw new Error('unreachable');
    const charge = Math.round((await orderRow(orderId)).paidFen / 10);
    expect(q2).toMatchObject({ keptFeeFen: fee, fareChargeFen: charge });
    // a balance short of the charge refuses the cancel clearly (4xx), nothing moves
    const spare = (await agencyBalance(m.agencyId)) - charge + 1;
    await db().transaction((tx) =>
      post(tx, {
        kind: 'test_spend',
        ref: `test-spend:${d2}`,
        agencyId: m.agencyId,
        createdBy: 'test',
        legs: transfer({ kind: 'agency_balance', agencyId: m.agencyId }, { kind: 'bank', agencyId: null }, spare),
      }),
    );
    const short = await runGuarded(cancelDeliveryDef, staff, { deliveryId: d2, confirmedChargeFen: q2.totalChargeFen });
    expect(short).toMatchObject({ ok: false, code: 'conflict' });
    if (!short.ok) expect(short.message).toContain('预存款余额不足');
    expect(await agencyBalance(m.agencyId)).toBe(charge - 1);
    expect(await row(d2)).toMatchObject({ status: 'in_transit', chargePaidFen: 0, cancelRequestedAt: null });
    await topUp('admin-test', m.agencyId, 100_000, `BANK-DL2-${Date.now()}`);
    const beforeCancel = await agencyBalance(m.agencyId);
    const c2 = await runGuarded(cancelDeliveryDef, staff, { deliveryId: d2, confirmedChargeFen: q2.totalChargeFen });
    expect(c2).toMatchObject({ ok: true, data: { kind: 'cancelled' } });
    expect(await agencyBalance(m.agencyId)).toBe(beforeCancel - charge);
    await waitDelivery(d2, 'cancelled');
    expect(await row(d2)).toMatchObject({
      feeKeptFen: fee,
      feeRefundFen: 0,
      fareChargeFen: charge,
      chargePaidFen: charge,
    });
    expect(await agencyBalance(m.agencyId)).toBe(beforeCancel - charge);
    await expectAuditClean({ agency: true });
  });
});

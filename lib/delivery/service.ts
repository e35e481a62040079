/**
 * The 送票 delivery service: the one writer of deliveries (issue 27). `withDelivery` locks the delivery
 * row in one transaction (lib/aggregate.ts lockedStep, the shape of withOrder / withTrip), moves it
 * only along DELIVERY_TRANSITIONS (lib/domain/delivery.ts) with an event per move (from→to, source,
 * actor), and sends its jobs with the transaction. HTTP (gateway, courier) happens outside the lock.
 *
 * Flow: request (issued order only, §四 l.33) → pending_payment with the fee quoted → the fee paid
 * (gateway notification or query) → the ship job creates the shipment at the courier → courier
 * webhooks, each only a notification: the shipment is re-read from the courier and applied (a stale or
 * repeated one changes nothing: `courier_version` only grows) → signed, or cancel / intercept.
 *
 * Cancel (取消送票, never 退票: ticket-delivery-cancellation.md l.4): the fee of the current state and
 * time (quoteCancellation) is shown before confirming and must match when confirmed; a repeated cancel
 * answers 已处理 and does nothing (§四 l.32); a courier unreachable during cancel is retried by the
 * cancel job and charges nothing until the courier confirms (§四 l.31). The fee refund goes back through
 * the gateway (idempotent by refund number) and is covered by the auditor (lib/delivery/audit.ts).
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { deliveries, deliveryAddresses, deliveryEvents, orders, type Delivery } from '@/db/schema';
import type { Source } from '@/lib/aggregate';
import { CourierRefusal, CourierUnavailable, courier, type Shipment } from '@/lib/courier/client';
import { openPii } from '@/lib/crypto/pii';
import {
  awaitingCancelCharge,
  collectCancelCharge,
  refundCancelCharge,
  runCancelChargeRefund,
  startCancelChargePayment,
  chargePaid,
  type AllowedQuote,
} from './charge';
import {
  canIntercept,
  canRequestDelivery,
  deliveryRank,
  distanceBand,
  isDeliveryFinal,
  quoteCancellation,
  quoteDelivery,
  type CancelQuote,
  type DeliverySpeed,
  type DeliveryState,
} from '@/lib/domain/delivery';
import { AppError } from '@/lib/errors';
import { enqueue, QUEUES } from '@/lib/jobs';
import { post, transfer } from '@/lib/ledger';
import { NOTIFY_PATH, paymentGateway } from '@/lib/orders/cashier';
import { portalPublicUrl } from '@/lib/orders/provider';
import { openDeliveryCashier } from './cashier';
import { withDelivery, type DeliveryTx } from './writer';
import { admitSignedNotification } from '@/lib/signed-notify-limit';

/** Where paper tickets leave from (our ticket office). */
export const SENDER = { province: '北京市', city: '北京市' } as const;
export const COURIER_WEBHOOK_PATH = '/api/delivery/courier-webhook';

/** The writer lives in ./writer.ts (shared with ./charge.ts without an import cycle). */
export { DELIVERY_PAY_RETURN, DeliveryTx, withDelivery } from './writer';

const OPEN_FOR_ORDER = sql`${deliveries.status} not in ('cancelled', 'intercepted', 'lost')`;

// ---- request ------------------------------------------------------------------------------------

export interface RequestInput {
  orderId: string;
  addressId: string;
  speed: DeliverySpeed;
  actor: string;
  source?: Source;
}

/**
 * A delivery for an issued order to an address of the order's owner (or of the agency order's
 * customer). The caller has checked who may act on the order (lib/delivery/defs.ts). One live delivery
 * per order: asking again answers the existing one.
 */
export async function requestDelivery(i: RequestInput): Promise<{ deliveryId: string; created: boolean }> {
  const source = i.source ?? 'user';
  return db().transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, i.orderId)).for('update');
    if (!order) throw new AppError('not_found', '订单不存在。');
    const allowed = canRequestDelivery(order.status);
    if (!allowed.ok || order.paymentStatus !== 'paid')
      throw new AppError('conflict', allowed.ok ? '订单尚未支付,不能申请送票。' : allowed.reason);
    const [live] = await tx
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(eq(deliveries.orderId, order.id), OPEN_FOR_ORDER));
    if (live) return { deliveryId: live.id, created: false };
    const [addr] = await tx.select().from(deliveryAddresses).where(eq(deliveryAddresses.id, i.addressId));
    const mine =
      addr &&
      !addr.deletedAt &&
      (order.customerId ? addr.customerId === order.customerId : addr.userId === order.userId && !addr.customerId);
    if (!mine) throw new AppError('not_found', '收件地址不存在,请先在地址簿中添加。');
    const band = distanceBand(SENDER, { province: openPii(addr.provinceSealed), city: openPii(addr.citySealed) });
    const q = quoteDelivery(band, i.speed);
    const [row] = await tx
      .insert(deliveries)
      .values({
        orderId: order.id,
        userId: order.userId,
        agencyId: order.agencyId,
        customerId: order.customerId,
        addressId: addr.id,
        shipmentNo: `DL${Date.now().toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
        status: 'pending_payment',
        speed: i.speed,
        band,
        feeFen: q.feeFen,
        fareFen: order.paidFen - order.refundedFen,
        departureAt: order.departureAt,
        payWith: order.agencyId ? 'balance' : 'gateway',
      })
      .returning();
    await tx.insert(deliveryEvents).values({
      deliveryId: row!.id,
      kind: 'delivery',
      fromStatus: null,
      toStatus: 'pending_payment',
      source,
      actor: i.actor,
      note: `申请送票,配送费 ${q.feeFen} 分(${band}/${i.speed})`,
    });
    return { deliveryId: row!.id, created: true };
  });
}

// ---- the fee ----------------------------------------------------------------------------------------

/** Opens the gateway cashier for the fee (idempotent by the fee's payment number). */
export async function startFeePayment(deliveryId: string, actor: string): Promise<{ cashierUrl: string }> {
  const d = await withDelivery(deliveryId, 'user', actor, async (t) => {
    if (t.state !== 'pending_payment') throw new AppError('conflict', '配送费已支付或送票已取消。');
    if (t.delivery.payWith !== 'gateway') throw new AppError('conflict', '机构订单的配送费从预存款扣除。');
    if (!t.delivery.feePaymentNo) await t.patch({ feePaymentNo: `DF${t.delivery.shipmentNo.slice(2)}` });
    return t.delivery;
  });
  return openDeliveryCashier(d, 'fee', d.feeFen, '送票配送费');
}

/**
 * An agency order's fee, from the agency's prepaid balance (lib/ledger): agency_balance → bank (the
 * courier is paid outside, like a top-up comes from outside), posted with the delivery's row lock under
 * a unique ref (a repeat posts nothing). InsufficientBalance rolls everything back.
 */
export async function payFeeFromBalance(deliveryId: string, actor: string): Promise<'paid' | 'already'> {
  return withDelivery(deliveryId, 'user', actor, async (t) => {
    const d = t.delivery;
    if (d.payWith !== 'balance' || !d.agencyId) throw new AppError('conflict', '个人订单的配送费请在收银台支付。');
    if (d.feePaidFen > 0) return 'already';
    if (t.state !== 'pending_payment') throw new AppError('conflict', '送票已取消。');
    await post(t.tx, {
      kind: 'delivery_fee',
      ref: `delivery-fee:${d.id}`,
      agencyId: d.agencyId,
      orderId: d.orderId,
      memo: '送票配送费',
      createdBy: actor,
      legs: transfer({ kind: 'agency_balance', agencyId: d.agencyId }, { kind: 'bank', agencyId: null }, d.feeFen),
    });
    await feePaid(t, d.feeFen, new Date(), '配送费已从机构预存款扣除');
    return 'paid';
  });
}

/** The fee is paid (a verified notification or a query): accepted → the ship job. Idempotent. */
async function feePaid(t: DeliveryTx, amountFen: number, at: Date, note: string): Promise<boolean> {
  if (t.delivery.feePaidFen > 0) return false;
  if (amountFen !== t.delivery.feeFen)
    throw new AppError('conflict', `配送费金额不符:${amountFen} ≠ ${t.delivery.feeFen}`);
  await t.patch({ feePaidFen: amountFen, feePaidAt: at });
  await t.event('payment', t.state, t.state, note);
  if (t.state === 'pending_payment') t.enqueue(QUEUES.deliveryShip, { deliveryId: t.delivery.id });
  // Cancelled while the money was on its way: it goes straight back.
  else await settleFeeRefund(t, amountFen, 0, '送票已取消,退回配送费');
  return true;
}

/**
 * The delivery's two gateway payments: its fee, and a cancellation's fare charge (charge.ts) — each with
 * its payment number, refund status, when a paid one is still due (a lost notification is worth asking
 * the gateway about) and what its payment sets off.
 */
const DELIVERY_PAYMENTS = [
  {
    no: deliveries.feePaymentNo,
    paymentNo: (d: Delivery) => d.feePaymentNo,
    refund: 'feeRefundStatus',
    due: (d: Delivery) => d.feePaidFen === 0,
    paid: feePaid,
    label: '配送费已支付',
  },
  {
    no: deliveries.chargePaymentNo,
    paymentNo: (d: Delivery) => d.chargePaymentNo,
    refund: 'chargeRefundStatus',
    due: awaitingCancelCharge,
    paid: chargePaid,
    label: '取消费用已支付',
  },
] as const;

/**
 * A gateway notification (payment or refund) for a delivery's fee or cancel charge (lib/root/payments.ts
 * routes the numbers unknown to orders here). Null when the payment number is neither.
 */
export async function applyDeliveryFeeNotification(n: {
  kind: 'payment' | 'refund';
  paymentNo: string;
  amountFen: number;
  status: string;
  at: Date;
}): Promise<'applied' | 'no_change' | null> {
  for (const p of DELIVERY_PAYMENTS) {
    const [d] = await db().select({ id: deliveries.id }).from(deliveries).where(eq(p.no, n.paymentNo));
    if (!d) continue;
    return withDelivery(d.id, 'payment', 'gateway', async (t) => {
      if (n.kind === 'refund') {
        if (n.status !== 'succeeded' || t.delivery[p.refund] !== 'pending') return 'no_change';
        await t.patch({ [p.refund]: 'succeeded' });
        return 'applied';
      }
      if (n.status !== 'paid') return 'no_change';
      return (await p.paid(t, n.amountFen, n.at, `${p.label}(网关通知)`)) ? 'applied' : 'no_change';
    });
  }
  return null;
}

/** Asks the gateway about the fee and the charge still unpaid here (a lost notification); applies what was paid. */
async function syncDeliveryPayments(deliveryId: string): Promise<void> {
  for (const p of DELIVERY_PAYMENTS) {
    const [d] = await db().select().from(deliveries).where(eq(deliveries.id, deliveryId));
    const paymentNo = d ? p.paymentNo(d) : null;
    if (!d || !paymentNo || !p.due(d)) continue;
    const q = await paymentGateway().queryPayment(paymentNo);
    if (!q || q.status !== 'paid') continue;
    await withDelivery(deliveryId, 'sync', 'worker', (t) =>
      p.paid(t, q.amountFen, q.paidAt ?? new Date(), `${p.label}(查询网关)`),
    );
  }
}

/** Splits the paid fee into refunded + kept and queues the refund of the part going back. */
async function settleFeeRefund(t: DeliveryTx, refundFen: number, keptFen: number, reason: string): Promise<void> {
  const paid = t.delivery.feePaidFen;
  if (paid === 0 || t.delivery.feeRefundStatus !== 'none') return;
  if (refundFen + keptFen !== paid) throw new Error(`delivery ${t.delivery.id}: ${refundFen} + ${keptFen} ≠ ${paid}`);
  await t.patch({
    feeRefundFen: refundFen,
    feeKeptFen: keptFen,
    feeRefundStatus: refundFen > 0 ? 'pending' : 'succeeded',
    feeRefundNo: refundFen > 0 ? `DR${t.delivery.shipmentNo.slice(2)}` : null,
  });
  if (refundFen > 0) {
    await t.event('refund', t.state, t.state, `${reason}:退回 ${refundFen} 分,收取 ${keptFen} 分`);
    if (t.delivery.payWith === 'balance' && t.delivery.agencyId) {
      // Back to the agency's balance at once, in this transaction (the ledger is ours).
      await post(t.tx, {
        kind: 'delivery_fee_refund',
        ref: `delivery-fee-refund:${t.delivery.id}`,
        agencyId: t.delivery.agencyId,
        orderId: t.delivery.orderId,
        memo: reason,
        createdBy: t.actor,
        legs: transfer(
          { kind: 'bank', agencyId: null },
          { kind: 'agency_balance', agencyId: t.delivery.agencyId },
          refundFen,
        ),
      });
      await t.patch({ feeRefundStatus: 'succeeded' });
    } else t.enqueue(QUEUES.deliveryRefund, { deliveryId: t.delivery.id });
  }
}

/** The refund job: the gateway refund of the fee part going back (idempotent by refund number). */
export async function runFeeRefund(deliveryId: string): Promise<void> {
  await runCancelChargeRefund(deliveryId);
  const [d] = await db().select().from(deliveries).where(eq(deliveries.id, deliveryId));
  if (!d || d.feeRefundStatus !== 'pending' || !d.feeRefundNo || !d.feePaymentNo) return;
  const r = await paymentGateway().refund({
    paymentNo: d.feePaymentNo,
    refundNo: d.feeRefundNo,
    amountFen: d.feeRefundFen,
    reason: '送票取消,退回配送费',
    notifyUrl: `${portalPublicUrl()}${NOTIFY_PATH}`,
  });
  if (r.status === 'succeeded')
    await withDelivery(deliveryId, 'job', 'worker', async (t) => {
      if (t.delivery.feeRefundStatus === 'pending') await t.patch({ feeRefundStatus: 'succeeded' });
    });
  else if (r.status === 'pending') throw new Error(`fee refund ${d.feeRefundNo} pending at the gateway`); // retried
}

// ---- the courier --------------------------------------------------------------------------------

/** The ship job: creates the shipment (idempotent by shipmentNo at the courier) and applies it. */
export async function runShip(deliveryId: string): Promise<void> {
  const [d] = await db().select().from(deliveries).where(eq(deliveries.id, deliveryId));
  if (!d || d.status !== 'pending_payment' || d.feePaidFen === 0) return;
  const [addr] = await db().select().from(deliveryAddresses).where(eq(deliveryAddresses.id, d.addressId));
  const s = await courier().create({
    shipmentNo: d.shipmentNo,
    fromProvince: SENDER.province,
    fromCity: SENDER.city,
    toProvince: openPii(addr!.provinceSealed),
    toCity: openPii(addr!.citySealed),
    speed: d.speed === 'express' ? 'express' : 'standard',
    notifyUrl: `${portalPublicUrl()}${COURIER_WEBHOOK_PATH}`,
  });
  await applyShipment(deliveryId, s, 'job');
}

/** The portal state a courier status means. */
const STATE_OF: Record<Shipment['status'], DeliveryState> = {
  awaiting_pickup: 'awaiting_pickup',
  in_transit: 'in_transit',
  intercepting: 'intercepting',
  intercept_refused: 'intercept_refused',
  intercepted: 'intercepted',
  signed: 'signed',
  cancelled: 'cancelled',
  lost: 'lost',
};

/**
 * Applies a shipment as the courier answered it (never a webhook's body): only a newer version than
 * the one applied changes anything, and the state moves forward along the table (through the states in
 * between when the courier skipped some: awaiting_pickup → in_transit → signed).
 */
export async function applyShipment(deliveryId: string, s: Shipment, source: Source): Promise<boolean> {
  return withDelivery(deliveryId, source, 'courier', async (t) => {
    if (t.delivery.courierWaybillNo && t.delivery.courierWaybillNo !== s.waybillNo) return false;
    if (s.version <= t.delivery.courierVersion) return false;
    await t.patch({
      courierWaybillNo: s.waybillNo,
      courierVersion: s.version,
      courierAtFault: s.lateByCourier,
      etaAt: s.etaAt,
      tracking: s.events,
    });
    const target = STATE_OF[s.status];
    for (let guard = 0; guard < 5 && t.state !== target; guard++) {
      if (await t.move(target, `快递:${s.events.at(-1)?.text ?? s.status}`)) break;
      // Not directly reachable: the step the courier skipped (a pickup never reported).
      const step =
        t.state === 'pending_payment' ? 'awaiting_pickup' : t.state === 'awaiting_pickup' ? 'in_transit' : null;
      if (!step || deliveryRank(step) >= deliveryRank(target) || !(await t.move(step, '快递已揽收'))) break;
    }
    await afterCourierMove(t);
    return true;
  });
}

/** Money after the courier's final word: a confirmed cancel keeps the quoted charge; lost or intercepted. */
async function afterCourierMove(t: DeliveryTx): Promise<void> {
  if (t.state === 'cancelled' && t.delivery.cancelQuote) {
    const q = t.delivery.cancelQuote as Extract<CancelQuote, { allowed: true }>;
    // The fare share kept is what was collected for it (paid at the gateway or debited from the balance).
    await t.patch({ fareChargeFen: Math.min(q.fareChargeFen, t.delivery.chargePaidFen) });
    await settleFeeRefund(t, t.delivery.feePaidFen - q.keptFeeFen, q.keptFeeFen, '取消送票');
  } else if (t.state === 'intercepted') {
    // 拦截物流 succeeded: the parcel travelled and came back, the fee is kept (the ticket is untouched).
    await settleFeeRefund(t, 0, t.delivery.feePaidFen, '拦截成功,配送费不退');
  } else if (t.state === 'lost') {
    await settleFeeRefund(t, t.delivery.feePaidFen, 0, '包裹丢失(快递责任)');
  } else if (t.state === 'cancelled') {
    await settleFeeRefund(t, t.delivery.feePaidFen, 0, '快递取消寄件');
  }
  // Ended some other way than the confirmed cancel (signed, lost, intercepted): the charge goes back.
  if (isDeliveryFinal(t.state) && !(t.state === 'cancelled' && t.delivery.cancelQuote))
    await refundCancelCharge(t, '送票未按取消结束,退回取消费用');
}

/** A courier webhook (a notification only): verified, then the shipment re-read and applied. */
export async function receiveCourierWebhook(
  raw: string,
  /** The sender's address (the HTTP route passes it): a signed one is then limited per shipment. */
  address?: string,
): Promise<{ status: number; body: string }> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { status: 400, body: 'fail: invalid json' };
  }
  const c = courier();
  const n = c.verifyWebhook(body);
  if (!n) return { status: 401, body: 'fail: bad sign' };
  if (address !== undefined) {
    const refusal = await admitSignedNotification('courier', n.shipmentNo);
    if (refusal) return { status: 429, body: refusal };
  }
  const [d] = await db().select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.shipmentNo, n.shipmentNo));
  if (!d) return { status: 200, body: 'success' }; // not ours (any more): nothing to do, stop retrying
  const s = await c.query(n.waybillNo);
  await applyShipment(d.id, s, 'callback');
  return { status: 200, body: 'success' };
}

/** Re-reads a delivery's shipment from the courier (the sweep, the panel's refresh). */
export async function syncShipment(deliveryId: string): Promise<boolean> {
  const [d] = await db().select().from(deliveries).where(eq(deliveries.id, deliveryId));
  if (!d?.courierWaybillNo) return false;
  return applyShipment(deliveryId, await courier().query(d.courierWaybillNo), 'sync');
}

// ---- cancel and intercept -----------------------------------------------------------------------

/** What cancelling costs now (shown before confirming). */
export function cancelQuoteOf(d: Delivery, now = new Date()): CancelQuote {
  return quoteCancellation({
    state: d.status as DeliveryState,
    departureAt: d.departureAt,
    now,
    deliveryFeeFen: d.feePaidFen > 0 ? d.feePaidFen : 0,
    fareFen: d.fareFen,
    courierAtFault: d.courierAtFault,
  });
}

export type CancelOutcome =
  | { kind: 'already'; message: string }
  | { kind: 'cancelled'; message: string; quote: CancelQuote }
  | { kind: 'retrying'; message: string }
  | { kind: 'awaiting_charge'; message: string; chargeFen: number; cashierUrl: string };

/**
 * 取消送票, confirmed with the charge the traveller saw (`confirmedChargeFen`): refused when it changed.
 * The first confirm records the quote and asks the courier; a repeat answers 已处理.
 */
export async function cancelDelivery(
  deliveryId: string,
  confirmedChargeFen: number,
  actor: string,
  now = new Date(),
): Promise<CancelOutcome> {
  const step = await withDelivery(deliveryId, 'user', actor, async (t) => {
    if (t.delivery.cancelRequestedAt || t.state === 'cancelled')
      return { kind: 'already' as const, message: '已处理:取消送票的申请已提交,不会重复收费。' };
    if (awaitingCancelCharge(t.delivery))
      return {
        kind: 'awaiting_charge' as const,
        chargeFen: (t.delivery.cancelQuote as AllowedQuote).fareChargeFen,
        message: '请先支付取消费用,支付成功后取消送票才会提交。',
      };
    const q = cancelQuoteOf(t.delivery, now);
    if (!q.allowed) throw new AppError('conflict', q.reason);
    if (q.totalChargeFen !== confirmedChargeFen)
      throw new AppError('conflict', '取消费用已变化,请重新查看费用后再确认。');
    if (q.fareChargeFen > 0 && t.state !== 'pending_payment') {
      const charged = await collectCancelCharge(t, q);
      if (charged.kind === 'awaiting_charge') return charged;
    }
    if (t.state === 'pending_payment') {
      await t.move('cancelled', '取消送票(配送费未支付,不收费)', { cancelQuote: q, cancelRequestedAt: now });
      return { kind: 'cancelled' as const, message: '已取消送票,未收取任何费用。', quote: q };
    }
    await t.patch({ cancelQuote: q, cancelRequestedAt: now });
    await t.event('cancel', t.state, t.state, `取消送票已提交,费用 ${q.totalChargeFen} 分`);
    return { kind: 'submit' as const, quote: q };
  });
  if (step.kind === 'awaiting_charge') {
    const { cashierUrl } = await startCancelChargePayment(deliveryId);
    return { ...step, cashierUrl };
  }
  if (step.kind !== 'submit') return step;
  const r = await submitCourierCancel(deliveryId);
  if (r === 'retrying') {
    return { kind: 'retrying', message: '快递暂时无法连接,取消申请已记录,将自动重试;重试期间不产生额外费用。' };
  }
  return { kind: 'cancelled', message: '已取消送票。', quote: step.quote };
}

/**
 * Asks the courier to cancel (also the cancel job's retry). A network failure leaves the delivery as
 * it is (nothing charged) and queues a retry; the courier's answer is applied like any shipment.
 */
export async function submitCourierCancel(deliveryId: string): Promise<'done' | 'retrying' | 'refused'> {
  const [d] = await db().select().from(deliveries).where(eq(deliveries.id, deliveryId));
  if (!d || !d.cancelRequestedAt || d.status === 'cancelled') return 'done';
  if (!d.courierWaybillNo) {
    // The ship job has not reached the courier yet: try again shortly (the minute's sweep is the backstop).
    await enqueue(
      QUEUES.deliveryCancel,
      { deliveryId },
      { startAfter: 5, singletonKey: `delivery-cancel:${deliveryId}` },
    );
    return 'retrying';
  }
  try {
    const s = await courier().cancel(d.courierWaybillNo);
    await applyShipment(deliveryId, s, 'job');
    return 'done';
  } catch (e) {
    if (e instanceof CourierUnavailable) {
      await withDelivery(deliveryId, 'job', 'worker', async (t) => {
        await t.patch({ cancelAttempts: t.delivery.cancelAttempts + 1 });
        await t.event('cancel', t.state, t.state, `快递连接失败,稍后重试(不扣费):${e.message}`);
        t.enqueue(
          QUEUES.deliveryCancel,
          { deliveryId },
          { startAfter: 5, singletonKey: `delivery-cancel:${deliveryId}` },
        );
      });
      return 'retrying';
    }
    if (e instanceof CourierRefusal) {
      // Signed (or intercepted) meanwhile: the request lapses, nothing charged; the shipment applies.
      await withDelivery(deliveryId, 'job', 'worker', async (t) => {
        await t.patch({ cancelRequestedAt: null, cancelQuote: null });
        await t.event('cancel', t.state, t.state, `快递拒绝取消:${e.message}(未收费)`);
        await refundCancelCharge(t, '快递拒绝取消,退回取消费用');
      });
      await syncShipment(deliveryId);
      return 'refused';
    }
    throw e;
  }
}

/** 拦截物流 (§三 l.26): 配送中 only; may fail (拦截失败 → the parcel goes on). */
export async function interceptDelivery(deliveryId: string, actor: string): Promise<{ message: string }> {
  const d = await withDelivery(deliveryId, 'user', actor, async (t) => {
    if (t.delivery.interceptRequestedAt) return null;
    if (!canIntercept(t.state)) throw new AppError('conflict', '只有配送中的包裹可以拦截。');
    await t.patch({ interceptRequestedAt: new Date() });
    await t.event('intercept', t.state, t.state, '申请拦截物流');
    return t.delivery;
  });
  if (!d) return { message: '已处理:拦截申请已提交。' };
  try {
    await applyShipment(deliveryId, await courier().intercept(d.courierWaybillNo!), 'user');
  } catch (e) {
    await withDelivery(deliveryId, 'user', actor, async (t) => {
      await t.patch({ interceptRequestedAt: null });
      await t.event('intercept', t.state, t.state, `拦截未能提交:${e instanceof Error ? e.message : String(e)}`);
    });
    throw new AppError('conflict', '拦截申请未能提交给快递,请稍后再试。');
  }
  return { message: '拦截申请已提交,结果以快递回复为准(可能拦截失败)。' };
}

/** Queues a sync of every delivery's fee or shipment still moving (the minute's sweep). */
export async function sweepDeliveries(): Promise<number> {
  const open = await db()
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      sql`${deliveries.status} not in ('signed', 'cancelled', 'intercepted', 'lost') and ${deliveries.updatedAt} < now() - interval '1 minute'`,
    )
    .limit(200);
  for (const d of open)
    await enqueue(QUEUES.deliverySync, { deliveryId: d.id }, { singletonKey: `delivery-sync:${d.id}` });
  return open.length;
}

export async function runDeliverySync(deliveryId: string): Promise<void> {
  await syncDeliveryPayments(deliveryId);
  await syncShipment(deliveryId);
  await submitCourierCancel(deliveryId);
}

/**
 * What the 送票 pages show. The address is masked (§七); the tracking number and the courier's events
 * are in the view only because every caller reached it through ownDelivery (the order's owner, its
 * agency's staff) or the admin list, and no page puts them in a URL.
 */
import { awaitingCancelCharge } from './charge';
import 'server-only';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { deliveries, deliveryAddresses, deliveryEvents, orders, type Delivery } from '@/db/schema';
import type { CourierTrackingEvent } from '@/protocol/courier';
import {
  canIntercept,
  DISTANCE_BAND_LABELS,
  deliveryStateLabel,
  isDeliveryFinal,
  SPEED_LABELS,
  type CancelQuote,
  type DeliveryState,
  type DistanceBand,
  type DeliverySpeed,
} from '@/lib/domain/delivery';
import { formatShanghai } from '@/lib/time';
import { cancelQuoteOf } from './service';

export const COURIER_NAME = '顺丰速运(沙箱)';

export interface DeliveryView {
  id: string;
  orderId: string;
  status: DeliveryState;
  statusLabel: string;
  final: boolean;
  speedLabel: string;
  bandLabel: string;
  feeFen: number;
  fareFen: number;
  payWith: 'gateway' | 'balance';
  feePaidFen: number;
  feeRefundFen: number;
  feeKeptFen: number;
  fareChargeFen: number;
  courier: string;
  trackingNo: string | null;
  eta: string | null;
  lateByCourier: boolean;
  address: { name: string; phone: string; address: string };
  timeline: { at: string; text: string }[];
  cancelQuote: CancelQuote;
  cancelRequested: boolean;
  canIntercept: boolean;
  interceptRequested: boolean;
  needsPayment: boolean;
  /** A cancel confirmed with a fare charge the traveller has yet to pay (支付取消费用), in fen; else null. */
  awaitingChargeFen: number | null;
  chargePaidFen: number;
  chargeRefundFen: number;
}

export async function deliveryView(d: Delivery): Promise<DeliveryView> {
  const [addr] = await db().select().from(deliveryAddresses).where(eq(deliveryAddresses.id, d.addressId));
  const events = await db()
    .select()
    .from(deliveryEvents)
    .where(eq(deliveryEvents.deliveryId, d.id))
    .orderBy(asc(deliveryEvents.at), asc(deliveryEvents.id));
  const tracking = (d.tracking as CourierTrackingEvent[]).map((e) => ({ at: new Date(e.at), text: `快递:${e.text}` }));
  const ours = events
    .filter((e) => e.kind !== 'delivery' || e.source !== 'callback')
    .map((e) => ({
      at: e.at,
      text: e.note ?? `${deliveryStateLabel(e.fromStatus ?? '')} → ${deliveryStateLabel(e.toStatus ?? '')}`,
    }));
  const timeline = [...ours, ...tracking]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((e) => ({ at: formatShanghai(e.at), text: e.text }));
  const state = d.status as DeliveryState;
  return {
    id: d.id,
    orderId: d.orderId,
    status: state,
    statusLabel: deliveryStateLabel(state),
    final: isDeliveryFinal(state),
    speedLabel: SPEED_LABELS[d.speed as DeliverySpeed] ?? d.speed,
    bandLabel: DISTANCE_BAND_LABELS[d.band as DistanceBand] ?? d.band,
    feeFen: d.feeFen,
    fareFen: d.fareFen,
    payWith: d.payWith === 'balance' ? 'balance' : 'gateway',
    feePaidFen: d.feePaidFen,
    feeRefundFen: d.feeRefundFen,
    feeKeptFen: d.feeKeptFen,
    fareChargeFen: d.fareChargeFen,
    courier: COURIER_NAME,
    trackingNo: d.courierWaybillNo,
    eta: d.etaAt ? formatShanghai(d.etaAt) : null,
    lateByCourier: d.courierAtFault,
    address: { name: addr?.nameMasked ?? '', phone: addr?.phoneMasked ?? '', address: addr?.addressMasked ?? '' },
    timeline,
    cancelQuote: cancelQuoteOf(d),
    cancelRequested: !!d.cancelRequestedAt,
    canIntercept: canIntercept(state) && !d.interceptRequestedAt && !d.cancelRequestedAt,
    interceptRequested: !!d.interceptRequestedAt,
    needsPayment: state === 'pending_payment' && d.feePaidFen === 0,
    awaitingChargeFen:
      awaitingCancelCharge(d) && !isDeliveryFinal(state)
        ? (d.cancelQuote as { fareChargeFen: number }).fareChargeFen
        : null,
    chargePaidFen: d.chargePaidFen,
    chargeRefundFen: d.chargeRefundFen,
  };
}

/** The deliveries of an order, newest first (the order page's panel). */
export async function deliveriesOfOrder(orderId: string): Promise<DeliveryView[]> {
  const rows = await db()
    .select()
    .from(deliveries)
    .where(eq(deliveries.orderId, orderId))
    .orderBy(desc(deliveries.createdAt));
  return Promise.all(rows.map(deliveryView));
}

export interface OpenDeliveryRow {
  id: string;
  orderId: string;
  trainCode: string;
  status: string;
  statusLabel: string;
  trackingNo: string | null;
  feeFen: number;
  feePaidFen: number;
  feeRefundFen: number;
  feeKeptFen: number;
  payWith: string;
  updatedAt: string;
}

/** Admin: deliveries not final (or whose fee refund is under way), with their money. */
export async function openDeliveries(limit = 200): Promise<OpenDeliveryRow[]> {
  const rows = await db()
    .select({ d: deliveries, trainCode: orders.trainCode })
    .from(deliveries)
    .innerJoin(orders, eq(orders.id, deliveries.orderId))
    .where(
      sql`${deliveries.status} not in ('signed', 'cancelled', 'intercepted', 'lost') or ${deliveries.feeRefundStatus} = 'pending'`,
    )
    .orderBy(desc(deliveries.updatedAt))
    .limit(limit);
  return rows.map(({ d, trainCode }) => ({
    id: d.id,
    orderId: d.orderId,
    trainCode,
    status: d.status,
    statusLabel: deliveryStateLabel(d.status),
    trackingNo: d.courierWaybillNo,
    feeFen: d.feeFen,
    feePaidFen: d.feePaidFen,
    feeRefundFen: d.feeRefundFen,
    feeKeptFen: d.feeKeptFen,
    payWith: d.payWith,
    updatedAt: formatShanghai(d.updatedAt),
  }));
}

export interface DeliveryMoney {
  paidFen: number;
  refundedFen: number;
  keptFen: number;
  pendingRefundFen: number;
}

/**
 * The money of every delivery, for the admin: its fee and the cancel charges (fee + 10 % of the fare,
 * issue 27), each as paid = refunded + pending refund + kept (what lib/delivery/audit.ts checks per row).
 */
export async function deliveryMoneyTotals(): Promise<{ fee: DeliveryMoney; charge: DeliveryMoney }> {
  const d = deliveries;
  const [r] = await db()
    .select({
      feePaid: sql<string>`coalesce(sum(${d.feePaidFen}), 0)`,
      feeRefunded: sql<string>`coalesce(sum(${d.feeRefundFen}) filter (where ${d.feeRefundStatus} = 'succeeded'), 0)`,
      feePending: sql<string>`coalesce(sum(${d.feeRefundFen}) filter (where ${d.feeRefundStatus} = 'pending'), 0)`,
      feeKept: sql<string>`coalesce(sum(${d.feeKeptFen}), 0)`,
      chargePaid: sql<string>`coalesce(sum(${d.chargePaidFen}), 0)`,
      chargeRefunded: sql<string>`coalesce(sum(${d.chargeRefundFen}) filter (where ${d.chargeRefundStatus} = 'succeeded'), 0)`,
      chargePending: sql<string>`coalesce(sum(${d.chargeRefundFen}) filter (where ${d.chargeRefundStatus} = 'pending'), 0)`,
      chargeKept: sql<string>`coalesce(sum(${d.fareChargeFen}), 0)`,
    })
    .from(d);
  const n = (v: string | undefined) => Number(v ?? 0);
  return {
    fee: {
      paidFen: n(r?.feePaid),
      refundedFen: n(r?.feeRefunded),
      pendingRefundFen: n(r?.feePending),
      keptFen: n(r?.feeKept),
    },
    charge: {
      paidFen: n(r?.chargePaid),
      refundedFen: n(r?.chargeRefunded),
      pendingRefundFen: n(r?.chargePending),
      keptFen: n(r?.chargeKept),
    },
  };
}

/**
 * The courier (送票 快递) wire protocol, shared by the courier sandbox (sandbox/courier) and the portal's
 * client (lib/courier). Like the payment gateway's: flat JSON both ways, every request and answer signed
 * with protocol/payments/sign.ts (sorted non-empty fields, HMAC-SHA256 under the partner's secret), and
 * status webhooks POSTed as signed flat JSON to the shipment's notifyUrl (answer `success`).
 *
 * A webhook is a notification only: it may come twice, late or out of order, so the receiver re-reads
 * the shipment (`shipments/query`) and applies what that answers; `version` grows with every change.
 *
 * Operations (POST <base>/api/<op>):
 *   shipments/create    {partnerId, shipmentNo, fromProvince, fromCity, toProvince, toCity, speed, notifyUrl, timestamp}
 *                       idempotent by shipmentNo (a repeat answers the existing shipment)
 *   shipments/query     {partnerId, waybillNo, timestamp}
 *   shipments/cancel    {partnerId, waybillNo, timestamp}  before pickup or 配送中 (the parcel goes back);
 *                       a repeat answers the same cancelled shipment; a signed one: code ALREADY_SIGNED
 *   shipments/intercept {partnerId, waybillNo, timestamp}  配送中 only → intercepting, resolved later
 *                       (intercepted or intercept_refused)
 */
import { z } from 'zod';

export const COURIER_STATUSES = [
  'awaiting_pickup',
  'in_transit',
  'intercepting',
  'intercept_refused',
  'intercepted',
  'signed',
  'cancelled',
  'lost',
] as const;
export type CourierStatus = (typeof COURIER_STATUSES)[number];

export const COURIER_SPEEDS = ['standard', 'express'] as const;
export type CourierSpeed = (typeof COURIER_SPEEDS)[number];

export const COURIER_OPERATIONS = [
  'shipments/create',
  'shipments/query',
  'shipments/cancel',
  'shipments/intercept',
] as const;
export type CourierOperation = (typeof COURIER_OPERATIONS)[number];

const base = { partnerId: z.string().min(1), timestamp: z.string().min(1), sign: z.string() };
const waybill = { ...base, waybillNo: z.string().min(1).max(64) };

export const COURIER_REQUESTS = {
  'shipments/create': z
    .object({
      ...base,
      shipmentNo: z.string().min(1).max(64),
      fromProvince: z.string().min(1).max(32),
      fromCity: z.string().min(1).max(32),
      toProvince: z.string().min(1).max(32),
      toCity: z.string().min(1).max(32),
      speed: z.enum(COURIER_SPEEDS),
      notifyUrl: z.url(),
    })
    .strict(),
  'shipments/query': z.object(waybill).strict(),
  'shipments/cancel': z.object(waybill).strict(),
  'shipments/intercept': z.object(waybill).strict(),
} as const satisfies Record<CourierOperation, z.ZodType>;

/** Answer codes: SUCCESS, or a refusal the caller shows / acts on. */
export type CourierCode =
  | 'SUCCESS'
  | 'INVALID_PARAMS'
  | 'UNKNOWN_PARTNER'
  | 'BAD_SIGN'
  | 'SHIPMENT_NOT_FOUND'
  | 'ALREADY_SIGNED'
  | 'NOT_CANCELLABLE'
  | 'NOT_INTERCEPTABLE'
  | 'SYSTEM_ERROR';

/** A shipment as every answer and `shipments/query` carries it (flat). */
export interface ShipmentFields {
  waybillNo: string;
  shipmentNo: string;
  status: CourierStatus;
  /** Grows by one with every change of the shipment (the receiver ignores an older one). */
  version: number;
  speed: CourierSpeed;
  /** The courier (not the sender) caused a delay: cancelling then costs nothing (§三 l.24). */
  lateByCourier: boolean;
  /** ISO instants (sandbox clock). */
  createdAt: string;
  pickedUpAt?: string;
  etaAt: string;
  signedAt?: string;
  /** JSON array of {at, status, text} (flat fields only on the wire): the tracking events. */
  events: string;
}

export interface CourierTrackingEvent {
  at: string;
  status: CourierStatus;
  text: string;
}

/** The webhook's signed fields (a notification: re-read the shipment). */
export interface CourierWebhookFields {
  partnerId: string;
  notifyId: string;
  waybillNo: string;
  shipmentNo: string;
  status: CourierStatus;
  version: number;
  timestamp: string;
}

export const courierWebhookSchema = z.object({
  partnerId: z.string().min(1),
  notifyId: z.string().min(1),
  waybillNo: z.string().min(1),
  shipmentNo: z.string().min(1),
  status: z.enum(COURIER_STATUSES),
  version: z.coerce.number().int().min(0),
  timestamp: z.string().min(1),
  sign: z.string(),
});

export const COURIER_STATUS_TEXT: Readonly<Record<CourierStatus, string>> = {
  awaiting_pickup: '快递已接单,等待揽收',
  in_transit: '快递已揽收,运输中',
  intercepting: '拦截申请已提交',
  intercept_refused: '拦截失败,包裹继续派送',
  intercepted: '包裹已拦截,退回寄件人',
  signed: '已签收',
  cancelled: '寄件已取消',
  lost: '包裹丢失',
};

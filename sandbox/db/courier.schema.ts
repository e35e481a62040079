/**
 * The courier sandbox's own state (sandbox/courier): shipments and their outgoing status webhooks.
 * `pickup_at`, `eta_at` and `intercept_due_at` are sandbox time (moving the clock moves parcels);
 * webhook `next_at` is real time, like the gateway's notifications.
 */
import { bigint, boolean, index, integer, jsonb, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { deliveryColumns, tstz } from './columns';
import { sandbox } from './sandbox.schema';

/** One shipment per (partner, shipment number). status: protocol/courier.ts COURIER_STATUSES. */
export const courierShipments = sandbox.table(
  'courier_shipments',
  {
    waybillNo: text('waybill_no').primaryKey(),
    partnerId: text('partner_id').notNull(),
    shipmentNo: text('shipment_no').notNull(),
    speed: text('speed').notNull(),
    fromProvince: text('from_province').notNull(),
    fromCity: text('from_city').notNull(),
    toProvince: text('to_province').notNull(),
    toCity: text('to_city').notNull(),
    notifyUrl: text('notify_url').notNull(),
    status: text('status').notNull().default('awaiting_pickup'),
    version: integer('version').notNull().default(1),
    lateByCourier: boolean('late_by_courier').notNull().default(false),
    /** Decided at creation (fault injection): the parcel is lost in transit instead of signed. */
    willBeLost: boolean('will_be_lost').notNull().default(false),
    pickupAt: tstz('pickup_at').notNull(),
    etaAt: tstz('eta_at').notNull(),
    interceptDueAt: tstz('intercept_due_at'),
    createdAt: tstz('created_at').notNull(),
    pickedUpAt: tstz('picked_up_at'),
    signedAt: tstz('signed_at'),
    /** [{at, status, text}] */
    events: jsonb('events').notNull().default([]),
  },
  (t) => [
    uniqueIndex('courier_shipments_partner_no').on(t.partnerId, t.shipmentNo),
    index('courier_shipments_due_idx').on(t.status, t.pickupAt),
  ],
);

/** Signed status webhooks with their delivery attempts; a duplicate (fault) is a second row, same notify_id. */
export const courierWebhooks = sandbox.table(
  'courier_webhooks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    notifyId: text('notify_id').notNull(),
    waybillNo: text('waybill_no').notNull(),
    url: text('url').notNull(),
    body: jsonb('body').notNull(),
    ...deliveryColumns,
  },
  (t) => [
    index('courier_webhooks_due_idx').on(t.status, t.nextAt),
    index('courier_webhooks_waybill_idx').on(t.waybillNo),
  ],
);

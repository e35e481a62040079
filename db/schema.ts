/**
 * The portal's own tables (schema `public`). The provider sandbox keeps its state in the separate
 * Postgres schema `sandbox` with its own migrations; the portal never reads those tables.
 *
 * Conventions: camelCase in TypeScript, snake_case in SQL; money is integer fen (bigint columns read
 * as JS numbers); every time is timestamptz.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const userRole = pgEnum('user_role', ['traveller', 'agent', 'admin']);
export const agencyMemberRole = pgEnum('agency_member_role', ['owner', 'staff']);

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const agencies = pgTable(
  'agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** Prepaid balance the agency keeps with us, integer fen. */
    balanceFen: bigint('balance_fen', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('agencies_name_key').on(t.name),
    check('agencies_balance_non_negative', sql`${t.balanceFen} >= 0`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-cased and trimmed; unique. */
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    role: userRole('role').notNull().default('traveller'),
    /** Consecutive failed sign-ins since the last success; drives the temporary lock. */
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    check('users_email_lowercase', sql`${t.email} = lower(${t.email})`),
  ],
);

/** Staff of an agency. A user belongs to at most one agency. */
export const agencyMembers = pgTable(
  'agency_members',
  {
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    memberRole: agencyMemberRole('member_role').notNull().default('staff'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.agencyId, t.userId] }),
    uniqueIndex('agency_members_user_key').on(t.userId),
    index('agency_members_agency_idx').on(t.agencyId),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Agency = typeof agencies.$inferSelect;
export type Role = (typeof userRole.enumValues)[number];
export const ROLES = userRole.enumValues;

// ---------------------------------------------------------------------------------------------------
// Orders placed with the provider. Status codes are the provider's (lib/domain/states.ts); every
// change goes through `UPDATE ... WHERE status = <expected>` so a duplicate or late callback cannot
// move an order backwards.

export const paymentStatus = pgEnum('payment_status', ['unpaid', 'paid', 'refunded']);

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    agencyId: uuid('agency_id').references(() => agencies.id),
    /** Our idempotency key, sent as customerOrderNo: one per booking attempt. */
    customerOrderNo: text('customer_order_no').notNull(),
    /** The provider's orderNo, known once 创单 answered. */
    providerOrderNo: text('provider_order_no'),
    status: smallint('status').notNull(),
    trainCode: text('train_code').notNull(),
    trainNo: text('train_no'),
    fromStation: text('from_station').notNull(),
    toStation: text('to_station').notNull(),
    departureAt: timestamp('departure_at', { withTimezone: true }).notNull(),
    arrivalAt: timestamp('arrival_at', { withTimezone: true }),
    seatType: smallint('seat_type').notNull(),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull().default(0),
    payLimitAt: timestamp('pay_limit_at', { withTimezone: true }),
    contactMobile: text('contact_mobile'),
    chooseSeats: text('choose_seats'),
    chooseSleeper: text('choose_sleeper'),
    acceptStanding: boolean('accept_standing').notNull().default(false),
    failureReason: text('failure_reason'),
    /** The traveller's payment to us (sandbox payment page today): unpaid -> paid -> refunded. */
    paymentStatus: paymentStatus('payment_status').notNull().default('unpaid'),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    paymentRef: text('payment_ref'),
    /** The latest 订单详情 as received (callback or detail poll), for support and reconciliation. */
    providerDetail: jsonb('provider_detail'),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_customer_order_no_key').on(t.customerOrderNo),
    uniqueIndex('orders_provider_order_no_key').on(t.providerOrderNo),
    index('orders_user_idx').on(t.userId, t.createdAt),
    check('orders_total_non_negative', sql`${t.totalFen} >= 0`),
  ],
);

export const orderTickets = pgTable(
  'order_tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** Position of the passenger in the order (the provider's passengers[] order). */
    position: smallint('position').notNull(),
    passengerName: text('passenger_name').notNull(),
    idType: text('id_type').notNull(),
    idNo: text('id_no').notNull(),
    ticketType: smallint('ticket_type').notNull(),
    status: smallint('status').notNull(),
    ticketNo: text('ticket_no'),
    seatNo: text('seat_no'),
    ticketEntrance: text('ticket_entrance'),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull().default(0),
    refundFeeFen: bigint('refund_fee_fen', { mode: 'number' }),
    refundAmountFen: bigint('refund_amount_fen', { mode: 'number' }),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('order_tickets_order_position_key').on(t.orderId, t.position)],
);

/** Status history of an order (and its tickets), shown on the order page. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').references(() => orderTickets.id, { onDelete: 'cascade' }),
    fromStatus: smallint('from_status'),
    toStatus: smallint('to_status').notNull(),
    source: text('source').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.at)],
);

export const callbackKind = pgEnum('callback_kind', ['order', 'refund', 'change']);
export const callbackVerdict = pgEnum('callback_verdict', [
  'applied',
  'duplicate',
  'stale',
  'bad_sign',
  'unknown_order',
  'invalid',
]);

/** Every provider callback as received, with what we made of it (admin callback log). */
export const providerCallbacks = pgTable(
  'provider_callbacks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: callbackKind('kind').notNull(),
    eventType: text('event_type'),
    providerOrderNo: text('provider_order_no'),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    verdict: callbackVerdict('verdict').notNull(),
    detail: text('detail'),
    raw: text('raw').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('provider_callbacks_order_idx').on(t.providerOrderNo, t.receivedAt)],
);

/** A traveller's saved passengers (常用乘客), used to fill bookings. Owner-only. */
export const savedPassengers = pgTable(
  'saved_passengers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Provider 证件类型 code, e.g. '1' 二代身份证. */
    idType: text('id_type').notNull(),
    idNo: text('id_no').notNull(),
    /** 1 adult, 2 child, 3 student, 4 disabled military/police. */
    ticketType: smallint('ticket_type').notNull().default(1),
    mobile: text('mobile'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('saved_passengers_user_id_no_key').on(t.userId, t.idType, t.idNo)],
);

export type SavedPassenger = typeof savedPassengers.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type OrderTicket = typeof orderTickets.$inferSelect;

/**
 * The portal's own tables (schema `public`). The provider sandbox keeps its state in the separate
 * Postgres schema `sandbox` with its own migrations; the portal never reads those tables.
 *
 * Conventions: camelCase in TypeScript, snake_case in SQL; money is integer fen (bigint columns read
 * as JS numbers); every time is timestamptz.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

import {
  cascadeRef,
  createdAt,
  eventColumns,
  fen,
  fenZero,
  legColumns,
  passengerDetailColumns,
  timestamps,
  tstz,
  uuidPk,
} from './columns';

export const userRole = pgEnum('user_role', ['traveller', 'agent', 'admin']);
export const agencyMemberRole = pgEnum('agency_member_role', ['owner', 'staff']);

export const agencies = pgTable(
  'agencies',
  {
    id: uuidPk(),
    name: text('name').notNull(),
    /** Prepaid balance the agency keeps with us, integer fen. */
    balanceFen: fenZero('balance_fen'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('agencies_name_key').on(t.name),
    check('agencies_balance_non_negative', sql`${t.balanceFen} >= 0`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuidPk(),
    /** Stored lower-cased and trimmed; unique. */
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    role: userRole('role').notNull().default('traveller'),
    /**
     * Sessions carry the version they were issued under; bumping it (sign-out, password change) ends
     * every session issued before (lib/auth/sessions.ts, checked by lib/auth/guard.ts on each request).
     */
    sessionVersion: integer('session_version').notNull().default(0),
    lastLoginAt: tstz('last_login_at'),
    /** The language the user chose (lib/i18n/config.ts); null: never chose, the portal's default. */
    locale: text('locale'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    check('users_email_lowercase', sql`${t.email} = lower(${t.email})`),
    check('users_locale_known', sql`${t.locale} is null or ${t.locale} in ('zh', 'en')`),
  ],
);

/**
 * Failed sign-ins per (account, address): five in a row from one address lock the account for that
 * address only (lib/auth/credentials.ts), so guessing from one network never locks the owner out of
 * another. A success from the address deletes its row.
 */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    userId: cascadeRef('user_id', () => users.id),
    /** The caller's address key (lib/auth/client-address.ts: an IPv6 address by its /64). */
    address: text('address').notNull(),
    failedCount: integer('failed_count').notNull().default(0),
    lockedUntil: tstz('locked_until'),
    updatedAt: timestamps.updatedAt,
  },
  (t) => [primaryKey({ columns: [t.userId, t.address] })],
);

/**
 * The browsers a user has signed in from (lib/auth/devices.ts): a long-lived random device cookie,
 * kept here only as its SHA-256. A sign-in from a device not in the list (and not the account's first
 * ever) sends the owner a new-device notice, once per (user, device).
 */
export const userDevices = pgTable(
  'user_devices',
  {
    id: uuidPk(),
    userId: cascadeRef('user_id', () => users.id),
    deviceHash: text('device_hash').notNull(),
    /** A short summary of the User-Agent (browser and system), for the notice and the user. */
    userAgent: text('user_agent'),
    /** The address key (lib/auth/client-address.ts) of the first and the last sign-in. */
    firstIp: text('first_ip'),
    lastIp: text('last_ip'),
    firstSeenAt: tstz('first_seen_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('user_devices_user_device_key').on(t.userId, t.deviceHash)],
);

/** Staff of an agency. A user belongs to at most one agency. */
export const agencyMembers = pgTable(
  'agency_members',
  {
    agencyId: cascadeRef('agency_id', () => agencies.id),
    userId: cascadeRef('user_id', () => users.id),
    memberRole: agencyMemberRole('member_role').notNull().default('staff'),
    /** A suspended member keeps the record (and the audit trail) but can do nothing. */
    suspendedAt: tstz('suspended_at'),
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
    id: uuidPk(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    agencyId: uuid('agency_id').references(() => agencies.id),
    /** For an agency order: the agency's customer it is for (user_id is the staff member who booked). */
    customerId: uuid('customer_id'),
    /** Our idempotency key, sent as customerOrderNo: one per booking attempt. */
    customerOrderNo: text('customer_order_no').notNull(),
    /**
     * Which distributor the order is placed with (lib/provider: 'panhe' | 'juhe'); fixed at creation,
     * every later step (sync, confirm, refund, reconciliation) goes to it.
     */
    provider: text('provider').notNull().default('panhe'),
    /** The provider's orderNo, known once 创单 answered. */
    providerOrderNo: text('provider_order_no'),
    status: smallint('status').notNull(),
    ...legColumns,
    trainNo: text('train_no'),
    seatType: smallint('seat_type').notNull(),
    totalFen: fenZero('total_fen'),
    payLimitAt: tstz('pay_limit_at'),
    /** Ciphertext of the contact mobile (lib/crypto/pii sealPii), never the number itself. */
    contactMobile: text('contact_mobile'),
    /** The masked copy shown on pages (138****5678). */
    contactMobileMasked: text('contact_mobile_masked'),
    chooseSeats: text('choose_seats'),
    chooseSleeper: text('choose_sleeper'),
    acceptStanding: boolean('accept_standing').notNull().default(false),
    failureReason: text('failure_reason'),
    /** The traveller's payment to us: unpaid -> paid -> refunded (fully). Set only by the order service. */
    paymentStatus: paymentStatus('payment_status').notNull().default('unpaid'),
    /** What the traveller paid us for this order, integer fen, from a verified gateway notification. */
    paidFen: fenZero('paid_fen'),
    /** What we have paid back to the traveller (succeeded gateway refunds), integer fen. */
    refundedFen: fenZero('refunded_fen'),
    paidAt: tstz('paid_at'),
    paymentRef: text('payment_ref'),
    /** Set under the row lock when the traveller cancels: a payment arriving after it is refunded. */
    cancelRequestedAt: tstz('cancel_requested_at'),
    /** The latest 订单详情 as received (callback or detail poll), for support and reconciliation. */
    providerDetail: jsonb('provider_detail'),
    /**
     * The 12306 account the order is placed with: the traveller's bound account (train_accounts), or
     * null for the platform's account (PROVIDER_TRAIN_ACCOUNT). Fixed when the order is created.
     */
    trainAccountId: uuid('train_account_id').references((): AnyPgColumn => trainAccounts.id, { onDelete: 'set null' }),
    /** The masked 12306 account name the order used, kept when the binding is removed; null: platform. */
    trainAccountMasked: text('train_account_masked'),
    /** Set on an order a 抢票 grab order placed (lib/grab): it is paid from the grab's prepayment. */
    grabOrderId: uuid('grab_order_id').references((): AnyPgColumn => grabOrders.id, { onDelete: 'set null' }),
    /** Set on a leg of a two-leg trip (中转 or 往返, lib/trips): held, paid and shown together. */
    tripId: uuid('trip_id').references((): AnyPgColumn => trips.id, { onDelete: 'set null' }),
    /** The leg's number in its trip (1, 2). */
    tripLeg: smallint('trip_leg'),
    lastSyncedAt: tstz('last_synced_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('orders_customer_order_no_key').on(t.customerOrderNo),
    uniqueIndex('orders_provider_order_no_key').on(t.provider, t.providerOrderNo),
    index('orders_user_idx').on(t.userId, t.createdAt),
    index('orders_agency_idx').on(t.agencyId, t.createdAt),
    // The agency orders list filtered by customer (bench/agency-orders.ts: 161 ms p99 at 1M without it).
    index('orders_customer_idx').on(t.customerId, t.createdAt),
    uniqueIndex('orders_trip_leg_key').on(t.tripId, t.tripLeg),
    check('orders_total_non_negative', sql`${t.totalFen} >= 0`),
    check('orders_refunded_within_paid', sql`${t.refundedFen} >= 0 and ${t.refundedFen} <= ${t.paidFen}`),
    // The worker's sweep: orders still moving, by when they next need a look.
    index('orders_live_idx')
      .on(t.status, t.updatedAt)
      .where(sql`${t.status} in (1, 2, 7)`),
    // Reconciliation's scope: orders that ended without tickets, by when (lib/reconcile/checks.ts).
    index('orders_ended_idx')
      .on(t.updatedAt)
      .where(sql`${t.status} in (3, 5, 9)`),
  ],
);

export const orderTickets = pgTable(
  'order_tickets',
  {
    id: uuidPk(),
    orderId: cascadeRef('order_id', () => orders.id),
    /** Position of the passenger in the order (the provider's passengers[] order). */
    position: smallint('position').notNull(),
    passengerName: text('passenger_name').notNull(),
    /** The name on the ID the ticket is booked on: the accompanying adult's for a child on an adult's ID. */
    idName: text('id_name'),
    idType: text('id_type').notNull(),
    /** Ciphertext (lib/crypto/pii.ts sealPii), never the number itself. */
    idNo: text('id_no').notNull(),
    /** Keyed hash of type + number (lib/crypto/pii idNoHash): counts per passenger (cancels, student trips). */
    idNoHash: text('id_no_hash'),
    /**
     * The document details 创单 needs for the card type (panhe-train-api.md 创单 passengers: birthday and
     * sex when cardType = 2, 3, 4, 8; countryCode when 2, 8), copied from the passenger when booked.
     */
    birthday: text('birthday'),
    /** 1 male, 2 female. */
    sex: smallint('sex'),
    countryCode: text('country_code'),
    cardValidUntil: text('card_valid_until'),
    /** Ciphertext of the passenger's own mobile (创单 passengers.mobile), when known. */
    mobile: text('mobile'),
    ticketType: smallint('ticket_type').notNull(),
    status: smallint('status').notNull(),
    ticketNo: text('ticket_no'),
    seatNo: text('seat_no'),
    ticketEntrance: text('ticket_entrance'),
    priceFen: fenZero('price_fen'),
    refundFeeFen: fen('refund_fee_fen'),
    refundAmountFen: fen('refund_amount_fen'),
    /** Set on a ticket issued by a 改签: the change order that issued it and the ticket it replaced. */
    changeOrderId: uuid('change_order_id'),
    replacesTicketId: uuid('replaces_ticket_id'),
    updatedAt: timestamps.updatedAt,
  },
  (t) => [
    uniqueIndex('order_tickets_order_position_key').on(t.orderId, t.position),
    index('order_tickets_id_no_hash_idx').on(t.idNoHash),
    uniqueIndex('order_tickets_replaces_key').on(t.replacesTicketId),
  ],
);

/**
 * A 改签 (change) is its own order with its own forward-only machine (lib/domain/states.ts
 * CHANGE_ORDER_TRANSITIONS), keyed by the provider's chaNo; one row per change order per ticket it
 * covers is not needed: its tickets are order_tickets rows with change_order_id set once issued.
 */
export const changeOrders = pgTable(
  'change_orders',
  {
    id: uuidPk(),
    orderId: cascadeRef('order_id', () => orders.id),
    providerChangeNo: text('provider_change_no').notNull(),
    status: smallint('status').notNull(),
    ...legColumns,
    /** 1 dearer, 2 same, 3 cheaper (priceChangeType). */
    priceChangeType: smallint('price_change_type'),
    needPayFen: fen('need_pay_fen'),
    /** What the provider refunded for a cheaper change (refundAmount). */
    providerRefundFen: fen('provider_refund_fen'),
    changeFeeFen: fen('change_fee_fen'),
    /** Original tickets this change covers (ids of order_tickets). */
    ticketIds: uuid('ticket_ids').array().notNull(),
    seatType: smallint('seat_type'),
    /** 确认改签 must happen before this (confirmChangeLimitTime); an unconfirmed hold is cancelled then. */
    confirmDeadlineAt: tstz('confirm_deadline_at'),
    /** What the traveller paid us for a dearer change (verified gateway notifications), integer fen. */
    paidFen: fenZero('paid_fen'),
    /** Who applied for it (a user id). */
    requestedBy: uuid('requested_by'),
    failureReason: text('failure_reason'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('change_orders_provider_no_key').on(t.providerChangeNo),
    index('change_orders_order_idx').on(t.orderId),
    index('change_orders_updated_idx').on(t.updatedAt),
  ],
);

/**
 * One refund request (退票) for one ticket: 20 → 21 / 22 / 23 → 21 (REFUND_TRANSITIONS). A failed
 * request is final; trying again is a new row, so nothing cycles. At most one open request per ticket.
 */
export const ticketRefunds = pgTable(
  'ticket_refunds',
  {
    id: uuidPk(),
    orderId: cascadeRef('order_id', () => orders.id),
    ticketId: cascadeRef('ticket_id', () => orderTickets.id),
    status: smallint('status').notNull(),
    /** Who started it: 'user' (online), 'provider' (seen first in 订单详情, e.g. a station-window refund). */
    origin: text('origin').notNull(),
    feeFen: fen('fee_fen'),
    /** The fee the dialog showed before the traveller confirmed (lib/domain/fees), to compare. */
    expectedFeeFen: fen('expected_fee_fen'),
    requestedBy: uuid('requested_by'),
    providerRefundFen: fen('provider_refund_fen'),
    providerTransactionNo: text('provider_transaction_no'),
    failureReason: text('failure_reason'),
    ...timestamps,
  },
  (t) => [
    index('ticket_refunds_order_idx').on(t.orderId),
    index('ticket_refunds_ticket_idx').on(t.ticketId),
    // Reconciliation's scope and the dashboard's refunds per day.
    index('ticket_refunds_updated_idx').on(t.updatedAt),
    uniqueIndex('ticket_refunds_open_key')
      .on(t.ticketId)
      .where(sql`${t.status} in (20, 23)`),
  ],
);

export const paymentState = pgEnum('payment_state', ['pending', 'paid', 'failed', 'closed']);
export const paymentRefundState = pgEnum('payment_refund_state', ['pending', 'succeeded', 'failed']);

/** A payment the traveller makes through the gateway (lib/payments), one per attempt. */
export const payments = pgTable(
  'payments',
  {
    id: uuidPk(),
    /**
     * The order the money belongs to. Null only for a grab order's prepayment that has not been handed
     * to the order the grab placed (grab_order_id is set then).
     */
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'cascade' }),
    /** Set when the payment is for a dearer 改签 (the difference), not for the order itself. */
    changeOrderId: uuid('change_order_id'),
    /** Set when the payment is a 抢票 grab order's prepayment (lib/grab). */
    grabOrderId: uuid('grab_order_id').references((): AnyPgColumn => grabOrders.id, { onDelete: 'cascade' }),
    /**
     * Set on a trip's one payment (order_id null: the gateway's payment for both legs) and on its
     * shares (order_id set: the part of it each leg's order was paid with; lib/trips/money.ts).
     */
    tripId: uuid('trip_id').references((): AnyPgColumn => trips.id, { onDelete: 'cascade' }),
    /** A share: the trip payment it is part of (refunds of it go to the gateway under that payment's number). */
    shareOfPaymentId: uuid('share_of_payment_id').references((): AnyPgColumn => payments.id),
    paymentNo: text('payment_no').notNull(),
    gateway: text('gateway').notNull(),
    amountFen: fen('amount_fen').notNull(),
    status: paymentState('status').notNull().default('pending'),
    cashierUrl: text('cashier_url'),
    gatewayTradeNo: text('gateway_trade_no'),
    expiresAt: tstz('expires_at').notNull(),
    paidAt: tstz('paid_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('payments_payment_no_key').on(t.paymentNo),
    index('payments_order_idx').on(t.orderId),
    index('payments_grab_idx').on(t.grabOrderId),
    index('payments_trip_idx').on(t.tripId),
    check('payments_amount_positive', sql`${t.amountFen} > 0`),
    check('payments_owner', sql`${t.orderId} is not null or ${t.grabOrderId} is not null or ${t.tripId} is not null`),
  ],
);

/**
 * Money going back to the traveller through the gateway. `cause` names why (issue failure, cancelled
 * after payment, ticket refund, change difference) and `causeRef` which record: unique together, so one
 * cause is paid back once however often a callback, a sync or a job repeats.
 */
export const paymentRefunds = pgTable(
  'payment_refunds',
  {
    id: uuidPk(),
    /** Null for a refund a grab order pays back while the prepayment is still the grab's. */
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'cascade' }),
    /** Set for refunds of a grab order's prepayment (before or after it was handed to the order). */
    grabOrderId: uuid('grab_order_id').references((): AnyPgColumn => grabOrders.id, { onDelete: 'cascade' }),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    refundNo: text('refund_no').notNull(),
    cause: text('cause').notNull(),
    causeRef: text('cause_ref').notNull(),
    amountFen: fen('amount_fen').notNull(),
    status: paymentRefundState('status').notNull().default('pending'),
    reason: text('reason').notNull(),
    settledAt: tstz('settled_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('payment_refunds_refund_no_key').on(t.refundNo),
    // One row per (cause, payment): a refund larger than any one payment is split over the order's
    // payments (a dearer 改签 paid its difference separately), each part back through its own payment.
    uniqueIndex('payment_refunds_cause_key').on(t.cause, t.causeRef, t.paymentId),
    index('payment_refunds_order_idx').on(t.orderId),
    index('payment_refunds_grab_idx').on(t.grabOrderId),
    index('payment_refunds_updated_idx').on(t.updatedAt),
    index('payment_refunds_settled_idx')
      .on(t.settledAt)
      .where(sql`${t.status} = 'succeeded'`),
    // Money in flight on the reconciliation dashboard: refunds to travellers not yet settled.
    index('payment_refunds_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending'`),
    check('payment_refunds_amount_non_negative', sql`${t.amountFen} >= 0`),
    check('payment_refunds_owner', sql`${t.orderId} is not null or ${t.grabOrderId} is not null`),
  ],
);

export const windowClaimState = pgEnum('window_claim_state', ['claimed', 'verified', 'rejected']);

/**
 * "Refunded at the station window", recorded by staff for a customer's ticket; an admin verifies or
 * rejects it against what the provider says (订单详情 ticketStatus 21/23 with its refund amount).
 */
export const windowRefundClaims = pgTable(
  'window_refund_claims',
  {
    id: uuidPk(),
    orderId: cascadeRef('order_id', () => orders.id),
    ticketId: cascadeRef('ticket_id', () => orderTickets.id),
    state: windowClaimState('state').notNull().default('claimed'),
    claimedBy: uuid('claimed_by').notNull(),
    claimedAt: tstz('claimed_at').notNull().defaultNow(),
    note: text('note'),
    decidedBy: uuid('decided_by'),
    decidedAt: tstz('decided_at'),
    decision: text('decision'),
  },
  (t) => [
    uniqueIndex('window_refund_claims_open_key')
      .on(t.ticketId)
      .where(sql`${t.state} = 'claimed'`),
    index('window_refund_claims_state_idx').on(t.state, t.claimedAt),
  ],
);

/** Per-address throttle buckets of rate-limiter-flexible's Postgres store (sign-in, sign-up). */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: bigint('expire', { mode: 'number' }),
});

/** Status history of an order (and its tickets), shown on the order page. */
/**
 * Partitioned by month on `at` (migration 0025_partition_events: PARTITION BY RANGE, a partition per
 * month created ahead by lib/partitions and a default partition as the safety net), so the key holds
 * the partition key: ids stay unique (one identity sequence), (id, at) is the primary key.
 */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    orderId: cascadeRef('order_id', () => orders.id),
    ticketId: uuid('ticket_id').references(() => orderTickets.id, { onDelete: 'cascade' }),
    /** Which machine moved: order, ticket, refund, change or payment. */
    kind: text('kind').notNull().default('order'),
    /** The record of that machine (ticket, refund, change order or payment id). */
    refId: text('ref_id'),
    fromStatus: smallint('from_status'),
    toStatus: smallint('to_status').notNull(),
    ...eventColumns,
  },
  (t) => [primaryKey({ columns: [t.id, t.at] }), index('order_events_order_idx').on(t.orderId, t.at)],
);

/** The callback paths: panhe's order/refund/change, juhe's submit/pay/refund (lib/provider adapters). */
export const callbackKind = pgEnum('callback_kind', ['order', 'refund', 'change', 'submit', 'pay']);
export const callbackVerdict = pgEnum('callback_verdict', [
  'applied',
  'no_change',
  'retry_later',
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
    provider: text('provider').notNull().default('panhe'),
    kind: callbackKind('kind').notNull(),
    eventType: text('event_type'),
    providerOrderNo: text('provider_order_no'),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    verdict: callbackVerdict('verdict').notNull(),
    detail: text('detail'),
    raw: text('raw').notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    /** Set when an admin replayed a stored callback: the row re-run (lib/orders/callbacks.ts). */
    replayOf: bigint('replay_of', { mode: 'number' }).references((): AnyPgColumn => providerCallbacks.id, {
      onDelete: 'set null',
    }),
    /** The admin who replayed it (null for callbacks the provider sent). */
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('provider_callbacks_order_idx').on(t.providerOrderNo, t.receivedAt)],
);

/**
 * A traveller's 12306 account binding (at most one per traveller). Account name and password are
 * AES-256-GCM ciphertext (lib/crypto/pii.ts); the 密文 the provider wants is made from them only at
 * call time. `status`: `pending_sms` while 12306 asks for the 登录短信验证, `bound` once logged in,
 * `relogin` when a renewal failed and the traveller must bind again.
 */
export const trainAccounts = pgTable(
  'train_accounts',
  {
    id: uuidPk(),
    userId: cascadeRef('user_id', () => users.id),
    accountEnc: text('account_enc').notNull(),
    passwordEnc: text('password_enc').notNull(),
    accountMasked: text('account_masked').notNull(),
    status: text('status').notNull(),
    /** The last login refusal or renewal failure, in 12306's words (no credentials in it). */
    lastMessage: text('last_message'),
    /** Last successful 账号登录 (or 登录短信验证): the ~10 h provider session runs from here. */
    loggedInAt: tstz('logged_in_at'),
    faceVerifiedAt: tstz('face_verified_at'),
    lastSyncedAt: tstz('last_synced_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('train_accounts_user_key').on(t.userId),
    check('train_accounts_status', sql`${t.status} in ('pending_sms', 'bound', 'relogin')`),
    index('train_accounts_renew_idx').on(t.status, t.loggedInAt),
  ],
);

/**
 * A traveller's 常旅客. Without a bound 12306 account they are the portal's own; with one, rows with
 * train_account_id set mirror the provider's list (passengers/list), which wins every conflict.
 * `id_no` and `mobile` are ciphertext (lib/crypto/pii.ts); `id_no_hash` is a keyed hash (HMAC) of
 * type + number for uniqueness; the masked copies serve list views without decrypting.
 */
export const savedPassengers = pgTable(
  'saved_passengers',
  {
    id: uuidPk(),
    userId: cascadeRef('user_id', () => users.id),
    name: text('name').notNull(),
    /** Provider 证件类型 code, e.g. '1' 二代身份证. */
    idType: text('id_type').notNull(),
    /** Ciphertext of the ID number (or of the provider's masked number when idComplete is false). */
    idNo: text('id_no').notNull(),
    /** Keyed hash of type + full number; null while only the provider's masked number is known. */
    idNoHash: text('id_no_hash'),
    idNoMasked: text('id_no_masked'),
    /** False for a provider passenger whose full number we never saw: it cannot be booked until completed. */
    idComplete: boolean('id_complete').notNull().default(true),
    ...passengerDetailColumns,
    trainAccountId: uuid('train_account_id').references(() => trainAccounts.id, { onDelete: 'set null' }),
    /** The provider's 常旅客 id (passengers/list `id`). */
    providerId: text('provider_id'),
    /** identityVerifyStatus as the provider reports it (0 未通过 1 已通过 2 未知 3 待核验 4 请报验 5 预通过). */
    verifyStatus: smallint('verify_status'),
    mobileVerified: boolean('mobile_verified'),
    /**
     * Ciphertext of the 手机核验 code the provider returned (增/改常旅客 verificationCode: "发送此验证码至
     * '12306'完成手机核验即可"), kept while the mobile is unverified so the traveller can finish it.
     */
    verificationCode: text('verification_code'),
    verificationCodeAt: tstz('verification_code_at'),
    /** The 12306 account holder's own record (isUserSelf): not deletable, only the ticket type changes. */
    isSelf: boolean('is_self').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('saved_passengers_user_id_hash_key').on(t.userId, t.idType, t.idNoHash),
    uniqueIndex('saved_passengers_provider_key').on(t.trainAccountId, t.providerId),
    index('saved_passengers_user_idx').on(t.userId, t.createdAt),
  ],
);

export type SavedPassenger = typeof savedPassengers.$inferSelect;
export type TrainAccount = typeof trainAccounts.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type OrderTicket = typeof orderTickets.$inferSelect;
export type ChangeOrder = typeof changeOrders.$inferSelect;
export type TicketRefund = typeof ticketRefunds.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type PaymentRefund = typeof paymentRefunds.$inferSelect;
export type WindowRefundClaim = typeof windowRefundClaims.$inferSelect;

// ---------------------------------------------------------------------------------------------------
// Agencies: invitations, customers, the double-entry ledger of the prepaid balance, the audit trail.

/** An invitation link for staff: only the token's hash is stored; it expires. */
export const agencyInvitations = pgTable(
  'agency_invitations',
  {
    id: uuidPk(),
    agencyId: cascadeRef('agency_id', () => agencies.id),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    acceptedAt: tstz('accepted_at'),
    acceptedBy: uuid('accepted_by'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('agency_invitations_token_key').on(t.tokenHash),
    index('agency_invitations_agency_idx').on(t.agencyId),
  ],
);

/** An agency's customer. The mobile is sealed (lib/crypto/pii) with a masked copy and a keyed hash. */
export const customers = pgTable(
  'customers',
  {
    id: uuidPk(),
    agencyId: cascadeRef('agency_id', () => agencies.id),
    name: text('name').notNull(),
    mobile: text('mobile').notNull(),
    mobileMasked: text('mobile_masked').notNull(),
    mobileHash: text('mobile_hash').notNull(),
    createdBy: uuid('created_by').notNull(),
    ...timestamps,
  },
  (t) => [
    index('customers_agency_name_idx').on(t.agencyId, t.name),
    uniqueIndex('customers_agency_mobile_key').on(t.agencyId, t.mobileHash),
  ],
);

/** A customer's travellers: ID numbers sealed, masked copy and last digits for search. */
export const customerPassengers = pgTable(
  'customer_passengers',
  {
    id: uuidPk(),
    customerId: cascadeRef('customer_id', () => customers.id),
    agencyId: cascadeRef('agency_id', () => agencies.id),
    name: text('name').notNull(),
    idType: text('id_type').notNull(),
    idNo: text('id_no').notNull(),
    idNoHash: text('id_no_hash').notNull(),
    idNoMasked: text('id_no_masked').notNull(),
    /** The last 4 characters, for "search by the last digits of an ID". */
    idNoTail: text('id_no_tail').notNull(),
    /** The same ticket type and document details as saved_passengers. */
    ...passengerDetailColumns,
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('customer_passengers_doc_key').on(t.customerId, t.idType, t.idNoHash),
    index('customer_passengers_tail_idx').on(t.agencyId, t.idNoTail),
  ],
);

export const ledgerAccountKind = pgEnum('ledger_account_kind', ['agency_balance', 'agency_held', 'provider', 'bank']);

/**
 * Double-entry ledger (one currency, integer fen). Accounts: an agency's balance and the money held
 * for its unissued orders; the provider (what we paid for tickets); the bank (top-ups). balance_fen
 * caches the sum of the account's entries, updated in the same statement as the entry, guarded
 * non-negative where it must be.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: uuidPk(),
    kind: ledgerAccountKind('kind').notNull(),
    agencyId: uuid('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
    balanceFen: fenZero('balance_fen'),
    nonNegative: boolean('non_negative').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ledger_accounts_kind_agency_key')
      .on(t.kind, t.agencyId)
      .where(sql`${t.agencyId} is not null`),
    uniqueIndex('ledger_accounts_kind_global_key')
      .on(t.kind)
      .where(sql`${t.agencyId} is null`),
    check('ledger_accounts_non_negative', sql`not ${t.nonNegative} or ${t.balanceFen} >= 0`),
  ],
);

/** One balanced movement: its entries sum to zero. `ref` makes it idempotent (one per cause). */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: uuidPk(),
    kind: text('kind').notNull(),
    ref: text('ref').notNull(),
    agencyId: uuid('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    memo: text('memo'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ledger_transactions_ref_key').on(t.ref),
    index('ledger_transactions_agency_idx').on(t.agencyId, t.createdAt),
    index('ledger_transactions_order_idx').on(t.orderId),
    // Reconciliation's scope: money credited back to agencies, by when.
    index('ledger_transactions_credit_idx')
      .on(t.createdAt)
      .where(sql`${t.orderId} is not null and ${t.kind} in ('refund', 'release')`),
  ],
);

/** Entries are append-only (a trigger refuses UPDATE and DELETE); a mistake is fixed by a reversal. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => ledgerTransactions.id, { onDelete: 'restrict' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => ledgerAccounts.id, { onDelete: 'restrict' }),
    amountFen: fen('amount_fen').notNull(),
    /** The account's balance right after this entry (statement column). */
    balanceAfterFen: fen('balance_after_fen').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('ledger_entries_account_idx').on(t.accountId, t.id),
    index('ledger_entries_tx_idx').on(t.transactionId),
  ],
);

/** Who did what in an agency (staff actions on customers and orders), for the owner. */
export const agencyAudit = pgTable(
  'agency_audit',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    agencyId: cascadeRef('agency_id', () => agencies.id),
    actorId: uuid('actor_id').notNull(),
    action: text('action').notNull(),
    subject: text('subject'),
    detail: text('detail'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('agency_audit_agency_idx').on(t.agencyId, t.at)],
);

export type Customer = typeof customers.$inferSelect;
export type CustomerPassenger = typeof customerPassengers.$inferSelect;
export type LedgerAccount = typeof ledgerAccounts.$inferSelect;

// ---------------------------------------------------------------------------------------------------
// 抢票 grab orders (lib/grab): their own aggregate with the forward-only GRAB machine of
// lib/domain/states.ts (status is the dictionary's letter). A success creates an ordinary order
// (orders.grab_order_id) through the order service.

/**
 * A grab order. Money: the traveller prepays `prepaid_fen` (the dearest alternate × passengers) with
 * a payments row whose grab_order_id is set and order_id still null. `paid_fen` counts verified
 * payments of the grab, `refunded_fen` the gateway-confirmed refunds made while the money is the
 * grab's (expiry, cancel, a second payment). On success the prepayment is handed to the resulting
 * order (payments.order_id set, `handed_over_fen`), which then owns it like any order's payment and
 * pays the difference back; so paid = refunded + handed over + held, and the order's paid_fen is the
 * whole prepayment.
 */
export const grabOrders = pgTable(
  'grab_orders',
  {
    id: uuidPk(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** Idempotency key of the create form: one grab order per form. */
    requestNo: text('request_no').notNull(),
    /** N B D F U O C T E (juhe-grab-ticket-dictionary.md orderStatus). */
    status: text('status').notNull(),
    /** The saved passengers ({ passengerId, ticketType, name }); ID numbers stay sealed in saved_passengers. */
    passengers: jsonb('passengers').notNull(),
    /** Ciphertext of the contact mobile (lib/crypto/pii sealPii). */
    contactMobile: text('contact_mobile').notNull(),
    contactMobileMasked: text('contact_mobile_masked'),
    /** The traveller's deadline: no later than the last alternate's departure minus the sales cut-off. */
    deadlineAt: tstz('deadline_at').notNull(),
    /** When the pre-sale opens for the earliest alternate's date (state B waits for it). */
    saleOpensAt: tstz('sale_opens_at'),
    prepaidFen: fen('prepaid_fen').notNull(),
    paidFen: fenZero('paid_fen'),
    refundedFen: fenZero('refunded_fen'),
    handedOverFen: fenZero('handed_over_fen'),
    /** The attempt's order while one is in flight (at most one at a time). */
    currentOrderId: uuid('current_order_id'),
    /** The order that got the tickets. */
    resultOrderId: uuid('result_order_id'),
    /** Consecutive provider errors (search or 创单), for the backoff. */
    errorStreak: integer('error_streak').notNull().default(0),
    lastTriedAt: tstz('last_tried_at'),
    cancelledAt: tstz('cancelled_at'),
    failureReason: text('failure_reason'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('grab_orders_request_no_key').on(t.requestNo),
    index('grab_orders_user_idx').on(t.userId, t.createdAt),
    index('grab_orders_live_idx')
      .on(t.status, t.updatedAt)
      .where(sql`${t.status} in ('N', 'B', 'D')`),
    check('grab_orders_status', sql`${t.status} in ('N', 'B', 'D', 'F', 'U', 'O', 'C', 'T', 'E')`),
    check('grab_orders_money', sql`${t.refundedFen} + ${t.handedOverFen} <= ${t.paidFen} and ${t.prepaidFen} > 0`),
  ],
);

/** The trains × seat classes × dates a grab tries, in the traveller's order of preference. */
export const grabAlternates = pgTable(
  'grab_alternates',
  {
    id: uuidPk(),
    grabOrderId: cascadeRef('grab_order_id', () => grabOrders.id),
    position: smallint('position').notNull(),
    ...legColumns,
    travelDate: text('travel_date').notNull(),
    seatType: smallint('seat_type').notNull(),
    /** Per passenger, as searched when the grab was created (the prepayment is built from the dearest). */
    priceFen: fen('price_fen').notNull(),
    /** A train that just failed (占座失败) is not tried again before this. */
    skipUntil: tstz('skip_until'),
  },
  (t) => [uniqueIndex('grab_alternates_position_key').on(t.grabOrderId, t.position)],
);

/** Each 创单 the engine made for a grab, and how it ended. */
export const grabAttempts = pgTable(
  'grab_attempts',
  {
    id: uuidPk(),
    grabOrderId: cascadeRef('grab_order_id', () => grabOrders.id),
    alternateId: cascadeRef('alternate_id', () => grabAlternates.id),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    /** trying → held → issued | failed. */
    outcome: text('outcome').notNull(),
    note: text('note'),
    startedAt: tstz('started_at').notNull().defaultNow(),
    endedAt: tstz('ended_at'),
  },
  (t) => [
    index('grab_attempts_grab_idx').on(t.grabOrderId, t.startedAt),
    uniqueIndex('grab_attempts_order_key').on(t.orderId),
  ],
);

/** Status history of a grab order (from → to, source, actor), shown on its page. */
export const grabEvents = pgTable(
  'grab_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    grabOrderId: cascadeRef('grab_order_id', () => grabOrders.id),
    kind: text('kind').notNull().default('grab'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    ...eventColumns,
  },
  (t) => [index('grab_events_grab_idx').on(t.grabOrderId, t.at)],
);

/**
 * The engine's 余票 rate limit, shared by every worker process: one row per (from, to, date); a
 * process may search the provider only when it moves `claimed_at` forward past the interval, and
 * leaves the answer (seat counts) here for every other grab on that route to read.
 */
export const grabSearchSlots = pgTable('grab_search_slots', {
  routeKey: text('route_key').primaryKey(),
  claimedAt: tstz('claimed_at').notNull(),
  answeredAt: tstz('answered_at'),
  answer: jsonb('answer'),
  searches: integer('searches').notNull().default(0),
  error: text('error'),
});

export type GrabOrder = typeof grabOrders.$inferSelect;
export type GrabAlternate = typeof grabAlternates.$inferSelect;
export type GrabAttempt = typeof grabAttempts.$inferSelect;

// ---------------------------------------------------------------------------------------------------
// Refund reconciliation (lib/reconcile): per ticket and per order, what the provider should have
// refunded, what it says it refunded (订单详情, refund callbacks), what the distributor balance at the
// provider moved by (its balance statement), and what we paid back (payment_refunds, the ledger).

// The same list as lib/domain/recon.ts RECON_REASONS (db/ imports nothing from lib/; a unit test keeps them equal).
export const reconReason = pgEnum('recon_reason', [
  'refund_missing',
  'amount_differs',
  'offline_refund_unreported',
  'refund_reported_twice',
  'debit_without_ticket',
  'traveller_not_credited',
  'credited_twice',
]);
export const reconState = pgEnum('recon_state', ['open', 'explained', 'resolved']);

/** One reconciliation run (the daily job or an admin's hand start). */
export const reconRuns = pgTable(
  'recon_runs',
  {
    id: uuidPk(),
    /** 'schedule' (the daily job), 'manual' (an admin), 'test'. */
    trigger: text('trigger').notNull(),
    /** Who: a user id, or 'worker'. */
    actor: text('actor').notNull(),
    status: text('status').notNull().default('running'),
    startedAt: tstz('started_at').notNull().defaultNow(),
    finishedAt: tstz('finished_at'),
    /** The run's "now" (the clock its N-hour rules were applied with). */
    asOf: tstz('as_of').notNull(),
    /** Refund missing after this many hours (RECON_REFUND_MISSING_HOURS). */
    missingAfterHours: integer('missing_after_hours').notNull(),
    ordersChecked: integer('orders_checked').notNull().default(0),
    ticketsChecked: integer('tickets_checked').notNull().default(0),
    /** Discrepancies seen in this run / first seen in it / closed because no longer seen. */
    found: integer('found').notNull().default(0),
    opened: integer('opened').notNull().default(0),
    autoResolved: integer('auto_resolved').notNull().default(0),
    /** Statement lines imported from the provider in this run. */
    movementsImported: integer('movements_imported').notNull().default(0),
    /** The distributor balance at the provider when the run read it (null when unknown). */
    providerBalanceFen: fen('provider_balance_fen'),
    error: text('error'),
  },
  (t) => [
    index('recon_runs_started_idx').on(t.startedAt),
    check('recon_runs_status', sql`${t.status} in ('running', 'done', 'failed')`),
  ],
);

/**
 * A discrepancy found by reconciliation. One row per (reason, order, subject): `subject_key` is the
 * ticket id, the change order id or '' for the order itself, so a re-run updates `last_seen_*` and
 * never duplicates. The four sides are integer fen (null when that side has nothing to say). State
 * changes go through lib/reconcile setDiscrepancyState (RECON_TRANSITIONS in lib/domain), with an event.
 */
export const reconDiscrepancies = pgTable(
  'recon_discrepancies',
  {
    id: uuidPk(),
    reason: reconReason('reason').notNull(),
    orderId: cascadeRef('order_id', () => orders.id),
    ticketId: uuid('ticket_id').references(() => orderTickets.id, { onDelete: 'cascade' }),
    changeOrderId: uuid('change_order_id'),
    subjectKey: text('subject_key').notNull().default(''),
    /** What the provider should have refunded (fee schedule, change difference, failed issue). */
    expectedFen: fen('expected_fen'),
    /** What the provider says it refunded (订单详情 / refund callbacks). */
    reportedFen: fen('reported_fen'),
    /** What the distributor balance at the provider moved by for it (the provider's statement). */
    providerMovedFen: fen('provider_moved_fen'),
    /** What we paid back to the traveller or credited to the agency. */
    paidBackFen: fen('paid_back_fen'),
    /** A sentence for the admin: what was compared and what differed. */
    detail: text('detail').notNull(),
    state: reconState('state').notNull().default('open'),
    stateBy: text('state_by'),
    stateAt: tstz('state_at'),
    stateNote: text('state_note'),
    firstSeenRun: uuid('first_seen_run')
      .notNull()
      .references(() => reconRuns.id),
    lastSeenRun: uuid('last_seen_run')
      .notNull()
      .references(() => reconRuns.id),
    firstSeenAt: tstz('first_seen_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('recon_discrepancies_subject_key').on(t.reason, t.orderId, t.subjectKey),
    index('recon_discrepancies_state_idx').on(t.state, t.firstSeenAt),
    index('recon_discrepancies_reason_idx').on(t.reason, t.state, t.firstSeenAt),
    index('recon_discrepancies_order_idx').on(t.orderId),
    // The admin list's default filter (unresolved) and its by-reason filter, in the list's order.
    index('recon_discrepancies_unresolved_idx')
      .on(t.firstSeenAt, t.id)
      .where(sql`${t.state} in ('open', 'explained')`),
    index('recon_discrepancies_unresolved_reason_idx')
      .on(t.reason, t.firstSeenAt, t.id)
      .where(sql`${t.state} in ('open', 'explained')`),
  ],
);

/**
 * The reconciliation dashboard's money per Beijing day, kept by triggers (migration
 * 0014_recon_daily) in the same transaction as every write to ticket_refunds (status 21, by
 * updated_at), change_orders (status 34 with provider_refund_fen > 0, by updated_at) and
 * payment_refunds (succeeded, by settled_at): each write subtracts the old row's share and adds the
 * new one's, so the sums equal the live aggregates. Never written by application code.
 */
export const reconDaily = pgTable('recon_daily', {
  day: date('day', { mode: 'string' }).primaryKey(),
  refunds: integer('refunds').notNull().default(0),
  refundFen: fenZero('refund_fen'),
  feeFen: fenZero('fee_fen'),
  changeRefundFen: fenZero('change_refund_fen'),
  paidBackFen: fenZero('paid_back_fen'),
});

/** Every state change of a discrepancy: who, when, why (and the run for automatic ones). */
export const reconDiscrepancyEvents = pgTable(
  'recon_discrepancy_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    discrepancyId: cascadeRef('discrepancy_id', () => reconDiscrepancies.id),
    /** Null for the first sighting. */
    fromState: reconState('from_state'),
    toState: reconState('to_state').notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
    runId: uuid('run_id'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('recon_discrepancy_events_idx').on(t.discrepancyId, t.at)],
);

/**
 * The distributor balance at the provider, line by line, as the provider's statement (资金流水) reports
 * it: signed fen (+ money back to our balance, − a debit), imported idempotently by the provider's
 * line id. Matched to our order by provider order number.
 */
export const providerBalanceMovements = pgTable(
  'provider_balance_movements',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Whose statement the line comes from (lib/provider ids). */
    provider: text('provider').notNull().default('panhe'),
    /** The provider's id of the statement line (unique per provider: a re-import adds nothing). */
    providerRef: text('provider_ref').notNull(),
    /** debit, issue_fail_refund, ticket_refund, offline_refund, change_debit, change_refund, topup, adjust. */
    kind: text('kind').notNull(),
    providerOrderNo: text('provider_order_no'),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    ticketNo: text('ticket_no'),
    changeNo: text('change_no'),
    amountFen: fen('amount_fen').notNull(),
    balanceAfterFen: fen('balance_after_fen'),
    transactionNo: text('transaction_no'),
    occurredAt: tstz('occurred_at').notNull(),
    importedAt: tstz('imported_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('provider_balance_movements_ref_key').on(t.provider, t.providerRef),
    index('provider_balance_movements_order_idx').on(t.orderId),
    index('provider_balance_movements_at_idx').on(t.occurredAt),
    // Reconciliation's scope: credits (money back to our balance), by when.
    index('provider_balance_movements_credit_idx')
      .on(t.occurredAt)
      .where(sql`${t.amountFen} > 0`),
  ],
);

export type ReconRun = typeof reconRuns.$inferSelect;
export type ReconDiscrepancy = typeof reconDiscrepancies.$inferSelect;
export type ReconDiscrepancyEvent = typeof reconDiscrepancyEvents.$inferSelect;
export type ReconReason = (typeof reconReason.enumValues)[number];
export type ReconState = (typeof reconState.enumValues)[number];
export type ProviderBalanceMovement = typeof providerBalanceMovements.$inferSelect;

/**
 * The 余票 search cache shared by every portal instance (lib/search/search.ts): the provider's answer
 * per "from|to|date", valid until expires_at. A miss is loaded under a transaction-scoped advisory lock
 * on the key, so instances together make one provider call per window; a failed load stores nothing.
 */
export const searchCacheEntries = pgTable(
  'search_cache',
  {
    key: text('key').primaryKey(),
    value: jsonb('value').notNull(),
    loadedAt: tstz('loaded_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [index('search_cache_expires_idx').on(t.expiresAt)],
);

/**
 * The providers' rotation, set by an admin (/admin/providers): a provider out of rotation gets no new
 * searches or bookings; its existing orders keep syncing. A provider without a row is in rotation.
 */
export const providerSettings = pgTable('provider_settings', {
  provider: text('provider').primaryKey(),
  inRotation: boolean('in_rotation').notNull().default(true),
  /** Why an admin took it out (shown on the admin page). */
  note: text('note'),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/**
 * Every call to a provider with its outcome and duration (lib/provider/resilience.ts), for the health
 * page's calls, error rate and p50/p99; pruned after PROVIDER_CALLS_KEEP_HOURS by the worker's sweep.
 */
export const providerCalls = pgTable(
  'provider_calls',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    provider: text('provider').notNull(),
    method: text('method').notNull(),
    /** ok, business (a refusal: the provider answered), or a failure kind: timeout, network, http, malformed, circuit_open, bulkhead. */
    outcome: text('outcome').notNull(),
    durationMs: integer('duration_ms').notNull(),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('provider_calls_at_idx').on(t.provider, t.at)],
);

/** Each process's circuit breaker per provider, as last changed (the health page shows the worst). */
export const providerCircuits = pgTable(
  'provider_circuits',
  {
    provider: text('provider').notNull(),
    /** A process label (web-<pid>, worker-<pid>). */
    process: text('process').notNull(),
    state: text('state').notNull(),
    changedAt: tstz('changed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.process] })],
);

/**
 * The provider's station list, kept locally as panhe-train-api.md asks (站点 list: stationName,
 * stationShortChar, stationPinYin, stationCode), refreshed on start and daily by a job; the bundled
 * list (lib/stations) stays the fallback while a provider's list is missing.
 */
export const providerStations = pgTable(
  'provider_stations',
  {
    provider: text('provider').notNull(),
    name: text('name').notNull(),
    code: text('code').notNull(),
    pinyin: text('pinyin'),
    shortChar: text('short_char'),
    syncedAt: tstz('synced_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.name] })],
);

/** One row per sync of a provider's station list: when, how many, what changed, or why it failed. */
export const providerStationSyncs = pgTable(
  'provider_station_syncs',
  {
    id: uuidPk(),
    provider: text('provider').notNull(),
    ok: boolean('ok').notNull(),
    stations: integer('stations').notNull().default(0),
    added: integer('added').notNull().default(0),
    removed: integer('removed').notNull().default(0),
    error: text('error'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('provider_station_syncs_idx').on(t.provider, t.at)],
);

/**
 * A trip of two legs booked as one (issue 30): a 中转 journey (kind transfer: leg 2 leaves from where
 * leg 1 arrives, or from the same city) or a round trip (kind round). Its legs are ordinary orders
 * (orders.trip_id, trip_leg), held together and paid with one gateway payment (payments.trip_id);
 * lib/trips/service.ts withTrip is the one writer of its state (lib/domain/trips.ts TRIP_TRANSITIONS).
 */
export const trips = pgTable(
  'trips',
  {
    id: uuidPk(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    agencyId: uuid('agency_id').references(() => agencies.id),
    customerId: uuid('customer_id'),
    /** Idempotency key of the trip booking form. */
    requestNo: text('request_no').notNull(),
    /** transfer | round. */
    kind: text('kind').notNull(),
    /** lib/domain/trips.ts TRIP_STATUS. */
    status: text('status').notNull(),
    /** The plain-words reason a trip failed or was cancelled. */
    failureReason: text('failure_reason'),
    /** The earlier of the legs' pay-by times, once both are held. */
    payLimitAt: tstz('pay_limit_at'),
    /** What the one payment was (or will be) for: the legs' totals when both were held. */
    totalFen: fenZero('total_fen'),
    paidFen: fenZero('paid_fen'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('trips_request_no_key').on(t.requestNo),
    index('trips_user_idx').on(t.userId, t.createdAt),
    index('trips_live_idx')
      .on(t.status, t.updatedAt)
      .where(sql`${t.status} in ('holding', 'held', 'paid')`),
  ],
);

export const tripEvents = pgTable(
  'trip_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tripId: cascadeRef('trip_id', () => trips.id),
    kind: text('kind').notNull().default('trip'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    ...eventColumns,
  },
  (t) => [index('trip_events_trip_idx').on(t.tripId, t.at)],
);

export type Trip = typeof trips.$inferSelect;

/**
 * The station-and-train index the transfer search (lib/transfers) reads: every train the providers'
 * 余票 answers showed (trainNo with a code and one (from, to, date) it was seen on, which 经停站 needs),
 * and when its stops were last fetched. Built and refreshed by the worker (lib/transfers/jobs.ts).
 */
export const timetableTrains = pgTable(
  'timetable_trains',
  {
    trainNo: text('train_no').primaryKey(),
    trainCode: text('train_code').notNull(),
    /** The provider whose answer showed it last. */
    provider: text('provider').notNull(),
    seenFrom: text('seen_from').notNull(),
    seenTo: text('seen_to').notNull(),
    seenDate: date('seen_date', { mode: 'string' }).notNull(),
    seenAt: tstz('seen_at').notNull().defaultNow(),
    /** Last good 经停站 answer (null: never). */
    stopsAt: tstz('stops_at'),
    /** Last attempt (good or not) and its failure, so a failing train is not asked again at once. */
    stopsTriedAt: tstz('stops_tried_at'),
    stopsError: text('stops_error'),
  },
  (t) => [index('timetable_trains_stops_idx').on(t.stopsAt)],
);

/**
 * A train's 经停站 in the index: minutes after the train's first departure (the stops answer's wall-clock
 * times unrolled over midnight), and the station's city (12306's station list) for same-city transfers.
 */
export const timetableStops = pgTable(
  'timetable_stops',
  {
    trainNo: text('train_no')
      .notNull()
      .references(() => timetableTrains.trainNo, { onDelete: 'cascade' }),
    seq: smallint('seq').notNull(),
    station: text('station').notNull(),
    city: text('city').notNull(),
    /** Minutes after midnight of the train's origin date (null: arrive at the first, depart at the last stop). */
    arriveMinute: integer('arrive_minute'),
    departMinute: integer('depart_minute'),
  },
  (t) => [primaryKey({ columns: [t.trainNo, t.seq] }), index('timetable_stops_city_idx').on(t.city)],
);

/**
 * Liveness of the job workers (scripts/worker.ts): each worker process upserts its row every few
 * seconds and deletes it on a clean stop. The portal's readiness (lib/ops/health.ts) wants at least one
 * row fresher than its bound; an operator sees which workers run and since when.
 */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  /** `<hostname>:<pid>` of the worker process. */
  workerId: text('worker_id').primaryKey(),
  startedAt: tstz('started_at').notNull().defaultNow(),
  beatAt: tstz('beat_at').notNull().defaultNow(),
});

// ---------------------------------------------------------------------------------------------------
// Notifications (lib/notify): one row per (event key, channel, recipient). The unique key is the
// exactly-once guarantee: a retried job or a restarted worker finds the row and never sends it again
// (claim-then-send, lib/notify/deliver.ts). The inbox channel's rows are the in-app inbox.

export const notifications = pgTable(
  'notifications',
  {
    id: uuidPk(),
    /** The event this notification is about, e.g. `order:<id>:held` (lib/notify/events.ts). */
    eventKey: text('event_key').notNull(),
    /** email | push | inbox. */
    channel: text('channel').notNull(),
    /** The email address, the push subscription's endpoint, or the user id (inbox). */
    recipient: text('recipient').notNull(),
    userId: cascadeRef('user_id', () => users.id),
    /** The event kind (lib/notify/kinds.ts), for preferences and the admin page. */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    /** pending → sending (claimed, lease) → sent | failed (retried while attempts remain) | skipped. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** While `sending`: another worker may take the row over only after this. */
    leaseUntil: tstz('lease_until'),
    /** The SMTP Message-ID (fixed at the first claim, the same on any resend). */
    messageId: text('message_id'),
    lastError: text('last_error'),
    sentAt: tstz('sent_at'),
    /** The inbox: when the owner marked it read. */
    readAt: tstz('read_at'),
    createdAt: createdAt(),
    updatedAt: timestamps.updatedAt,
  },
  (t) => [
    uniqueIndex('notifications_event_channel_recipient_key').on(t.eventKey, t.channel, t.recipient),
    index('notifications_inbox_idx')
      .on(t.userId, t.createdAt)
      .where(sql`${t.channel} = 'inbox'`),
    index('notifications_status_idx').on(t.status, t.updatedAt),
    check('notifications_channel', sql`${t.channel} in ('email', 'push', 'inbox')`),
    check('notifications_status', sql`${t.status} in ('pending', 'sending', 'sent', 'failed', 'skipped')`),
  ],
);

/**
 * A user's choice per (event kind, channel): a missing row means the default (lib/notify/kinds.ts).
 */
export const notificationPrefs = pgTable(
  'notification_prefs',
  {
    userId: cascadeRef('user_id', () => users.id),
    kind: text('kind').notNull(),
    channel: text('channel').notNull(),
    enabled: boolean('enabled').notNull(),
    updatedAt: timestamps.updatedAt,
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.channel] })],
);

/** Quiet hours (Beijing time, minutes after midnight; start > end spans midnight); null: none. */
export const notificationSettings = pgTable('notification_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  quietStartMin: smallint('quiet_start_min'),
  quietEndMin: smallint('quiet_end_min'),
  /** Agencies: the owner's low-balance threshold, integer fen. */
  lowBalanceFen: fen('low_balance_fen'),
  updatedAt: timestamps.updatedAt,
});

/** A browser's web push subscription (PushSubscription.toJSON()). */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: uuidPk(),
    userId: cascadeRef('user_id', () => users.id),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('push_subscriptions_endpoint_key').on(t.endpoint),
    index('push_subscriptions_user_idx').on(t.userId),
  ],
);

export type Notification = typeof notifications.$inferSelect;

// ---- issue 27: 送票 delivery of paper tickets / 报销凭证 (lib/delivery, lib/domain/delivery.ts) ----

/**
 * An address book entry, of a traveller (user_id) or of an agency's customer (customer_id + agency_id).
 * Every part is sealed at rest (lib/crypto/pii.ts, ticket-delivery-cancellation.md §七); the masked
 * copies are what every page but the owner's own form shows.
 */
export const deliveryAddresses = pgTable(
  'delivery_addresses',
  {
    id: uuidPk(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    agencyId: uuid('agency_id').references(() => agencies.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'cascade' }),
    nameSealed: text('name_sealed').notNull(),
    phoneSealed: text('phone_sealed').notNull(),
    provinceSealed: text('province_sealed').notNull(),
    citySealed: text('city_sealed').notNull(),
    districtSealed: text('district_sealed').notNull(),
    detailSealed: text('detail_sealed').notNull(),
    nameMasked: text('name_masked').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    /** 省 市 区 and the detail hidden: 上海市 上海市 浦东新区 **** */
    addressMasked: text('address_masked').notNull(),
    deletedAt: tstz('deleted_at'),
    ...timestamps,
  },
  (t) => [
    index('delivery_addresses_user_idx').on(t.userId),
    index('delivery_addresses_customer_idx').on(t.customerId),
    check('delivery_addresses_owner', sql`${t.userId} is not null or ${t.customerId} is not null`),
  ],
);

/**
 * A 送票 delivery: its own aggregate (one writer, lib/delivery/service.ts `withDelivery`), moved only
 * along DELIVERY_TRANSITIONS. Money in fen: fee_paid = fee_refunded + fee_kept once settled (the money
 * auditor, lib/delivery/audit.ts).
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuidPk(),
    orderId: cascadeRef('order_id', () => orders.id),
    /** The order's owner (for an agency order, the staff member who booked it). */
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    agencyId: uuid('agency_id').references(() => agencies.id),
    customerId: uuid('customer_id'),
    addressId: uuid('address_id')
      .notNull()
      .references(() => deliveryAddresses.id),
    /** Our shipment number at the courier (its idempotency key). */
    shipmentNo: text('shipment_no').notNull(),
    status: text('status').notNull(),
    speed: text('speed').notNull(),
    band: text('band').notNull(),
    feeFen: fen('fee_fen').notNull(),
    /** The fare of the tickets sent (the base of the cancellation percentages). */
    fareFen: fen('fare_fen').notNull(),
    departureAt: tstz('departure_at').notNull(),
    /** How the fee is paid: gateway (a traveller) or balance (the agency's prepaid balance). */
    payWith: text('pay_with').notNull().default('gateway'),
    feePaymentNo: text('fee_payment_no'),
    feeCashierUrl: text('fee_cashier_url'),
    feePaidFen: fenZero('fee_paid_fen'),
    feePaidAt: tstz('fee_paid_at'),
    /** The part of the fee paid back (refund_no below), and the part kept (cancellation charge). */
    feeRefundNo: text('fee_refund_no'),
    feeRefundFen: fenZero('fee_refund_fen'),
    feeRefundStatus: text('fee_refund_status').notNull().default('none'),
    feeKeptFen: fenZero('fee_kept_fen'),
    /** The fare share a cancellation charged on top of the kept fee (§三 l.24 / §二 l.16). */
    fareChargeFen: fenZero('fare_charge_fen'),
    /**
     * The fare charge collected (issue 27 §三 l.24): a traveller pays it at the gateway under
     * charge_payment_no before the cancel goes to the courier; an agency's is debited from the balance in
     * the cancel's transaction. Paid back (charge_refund_*) when the courier refuses the cancel.
     */
    chargePaymentNo: text('charge_payment_no'),
    chargeCashierUrl: text('charge_cashier_url'),
    chargePaidFen: fenZero('charge_paid_fen'),
    chargeRefundFen: fenZero('charge_refund_fen'),
    chargeRefundStatus: text('charge_refund_status').notNull().default('none'),
    /** The quote the traveller confirmed (what was shown before confirming). */
    cancelQuote: jsonb('cancel_quote'),
    cancelRequestedAt: tstz('cancel_requested_at'),
    /** Courier cancel attempts that failed on the network (retried by the job; charge nothing until done). */
    cancelAttempts: integer('cancel_attempts').notNull().default(0),
    interceptRequestedAt: tstz('intercept_requested_at'),
    courierWaybillNo: text('courier_waybill_no'),
    courierVersion: integer('courier_version').notNull().default(0),
    courierAtFault: boolean('courier_at_fault').notNull().default(false),
    etaAt: tstz('eta_at'),
    tracking: jsonb('tracking').notNull().default([]),
    failureReason: text('failure_reason'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('deliveries_shipment_no_key').on(t.shipmentNo),
    uniqueIndex('deliveries_fee_payment_no_key').on(t.feePaymentNo),
    uniqueIndex('deliveries_charge_payment_no_key').on(t.chargePaymentNo),
    uniqueIndex('deliveries_waybill_key').on(t.courierWaybillNo),
    index('deliveries_order_idx').on(t.orderId),
    index('deliveries_user_idx').on(t.userId, t.createdAt),
    index('deliveries_open_idx')
      .on(t.status, t.updatedAt)
      .where(sql`${t.status} not in ('signed', 'cancelled', 'intercepted', 'lost')`),
    check('deliveries_fee_positive', sql`${t.feeFen} > 0`),
    check('deliveries_fee_split', sql`${t.feeRefundFen} + ${t.feeKeptFen} <= ${t.feePaidFen}`),
  ],
);

export const deliveryEvents = pgTable(
  'delivery_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: cascadeRef('delivery_id', () => deliveries.id),
    kind: text('kind').notNull().default('delivery'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    ...eventColumns,
  },
  (t) => [index('delivery_events_delivery_idx').on(t.deliveryId, t.at)],
);

export type Delivery = typeof deliveries.$inferSelect;
export type DeliveryAddress = typeof deliveryAddresses.$inferSelect;

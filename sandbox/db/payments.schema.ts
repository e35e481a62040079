/**
 * The sandbox payment gateway's own state (sandbox/payments), in the schema `sandbox`: payments,
 * refunds and outgoing notifications. Money is integer fen. `expires_at` and `due_at` are compared
 * with sandbox time (moving the clock expires payments and settles refunds); notification `next_at`
 * is real time, like provider callbacks.
 */
import { bigint, index, jsonb, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { deliveryColumns, fen, tstz } from './columns';
import { sandbox } from './sandbox.schema';

/** One payment per (merchant, payment number). status: pending | paid | failed | closed. */
export const gatewayPayments = sandbox.table(
  'gateway_payments',
  {
    tradeNo: text('trade_no').primaryKey(),
    merchantId: text('merchant_id').notNull(),
    paymentNo: text('payment_no').notNull(),
    amountFen: fen('amount_fen').notNull(),
    subject: text('subject').notNull(),
    notifyUrl: text('notify_url').notNull(),
    returnUrl: text('return_url').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    status: text('status').notNull().default('pending'),
    /** The cashier page's unguessable address part (the page needs no sign-in). */
    cashierToken: text('cashier_token').notNull(),
    createdAt: tstz('created_at').notNull(),
    paidAt: tstz('paid_at'),
    /** When it left pending (paid, failed or closed). */
    settledAt: tstz('settled_at'),
  },
  (t) => [
    uniqueIndex('gateway_payments_merchant_no').on(t.merchantId, t.paymentNo),
    uniqueIndex('gateway_payments_token').on(t.cashierToken),
    index('gateway_payments_due_idx').on(t.status, t.expiresAt),
  ],
);

/** Refunds of a paid payment, one per (merchant, refund number). status: pending | succeeded | failed. */
export const gatewayRefunds = sandbox.table(
  'gateway_refunds',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: text('merchant_id').notNull(),
    refundNo: text('refund_no').notNull(),
    tradeNo: text('trade_no').notNull(),
    paymentNo: text('payment_no').notNull(),
    amountFen: fen('amount_fen').notNull(),
    reason: text('reason').notNull(),
    notifyUrl: text('notify_url').notNull(),
    status: text('status').notNull().default('pending'),
    /** Sandbox time at which the refund settles. */
    dueAt: tstz('due_at').notNull(),
    createdAt: tstz('created_at').notNull(),
    settledAt: tstz('settled_at'),
  },
  (t) => [
    uniqueIndex('gateway_refunds_merchant_no').on(t.merchantId, t.refundNo),
    index('gateway_refunds_trade_idx').on(t.tradeNo),
    index('gateway_refunds_due_idx').on(t.status, t.dueAt),
  ],
);

/**
 * Signed notifications to merchants with their delivery attempts (real time). status: pending |
 * delivered | failed (no `success` after the last attempt) | dropped (fault injection). A claimed
 * delivery pushes next_at ahead as a lease, so after a crash it is retried once the lease runs out.
 * A duplicate (fault) is a second row with the same notify_id and body.
 */
export const gatewayNotifications = sandbox.table(
  'gateway_notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    notifyId: text('notify_id').notNull(),
    merchantId: text('merchant_id').notNull(),
    kind: text('kind').notNull(),
    paymentNo: text('payment_no').notNull(),
    refundNo: text('refund_no'),
    url: text('url').notNull(),
    /** The signed fields, sent form-encoded. */
    body: jsonb('body').notNull(),
    ...deliveryColumns,
  },
  (t) => [
    index('gateway_notifications_due_idx').on(t.status, t.nextAt),
    index('gateway_notifications_payment_idx').on(t.paymentNo),
  ],
);

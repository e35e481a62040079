/**
 * The distributor's balance statement (资金流水) and the money faults of the sandbox (schema `sandbox`).
 *
 * balance_movements: every change of sandbox.distributors.balance_fen, written in the same transaction
 * by sandbox/engine/money.ts moveBalance — 确认出票 and 确认改签 debits, 出票失败 / 退票 / 线下退票 /
 * 改签退差价 credits, control top-ups — served at GET /sandbox/statement for reconciliation.
 * money_faults: money going wrong on purpose (POST /sandbox/money-faults), for one order or at a rate;
 * money_fault_hits: each time one took effect, so a harness knows exactly what it injected.
 */
import { index, real, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { fen, tstz } from './columns';
import { sandbox } from './sandbox.schema';

export const balanceMovements = sandbox.table(
  'balance_movements',
  {
    id: serial('id').primaryKey(),
    appKey: text('app_key').notNull(),
    /** debit, issue_fail_refund, ticket_refund, offline_refund, change_debit, change_refund, topup, adjust. */
    kind: text('kind').notNull(),
    orderNo: text('order_no'),
    ticketNo: text('ticket_no'),
    chaNo: text('cha_no'),
    /** Signed: + back to the balance, − debited. */
    amountFen: fen('amount_fen').notNull(),
    balanceAfterFen: fen('balance_after_fen').notNull(),
    transactionNo: text('transaction_no').notNull(),
    /** Sandbox time. */
    at: tstz('at').notNull(),
  },
  (t) => [index('balance_movements_app_idx').on(t.appKey, t.id), index('balance_movements_order_idx').on(t.orderNo)],
);

export const moneyFaults = sandbox.table('money_faults', {
  id: serial('id').primaryKey(),
  /** refund_never_arrives | refund_wrong_amount | offline_refund_unreported | refund_reported_twice | debit_without_ticket */
  kind: text('kind').notNull(),
  /** One order (provider orderNo), or null with `rate` for every order at that rate. */
  orderNo: text('order_no'),
  rate: real('rate'),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export const moneyFaultHits = sandbox.table(
  'money_fault_hits',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    orderNo: text('order_no').notNull(),
    ticketNo: text('ticket_no').notNull().default(''),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('money_fault_hits_key').on(t.kind, t.orderNo, t.ticketNo)],
);

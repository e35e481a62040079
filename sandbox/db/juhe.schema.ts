/**
 * The Juhe front's own rows (sandbox/juhe), in the schema `sandbox`: what a Juhe submit carried that the
 * engine's order does not keep (the passengers exactly as submitted, the telecodes), submits refused
 * by "12306" before they became engine orders, and the account-wide push URLs of setPush.
 */
import { index, jsonb, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tstz } from './columns';
import { sandbox } from './sandbox.schema';

/**
 * One row per Juhe orderid. Most also have a sandbox.orders row (same order_no, front 'juhe'); a submit
 * whose train does not call at the stations has none: `reject_reason` is set at submit and the
 * `juheReject` job turns it into a failed hold (status 1) at `rejected_at`.
 */
export const juheOrders = sandbox.table(
  'juhe_orders',
  {
    orderNo: text('order_no').primaryKey(),
    appKey: text('app_key').notNull(),
    userOrderId: text('user_orderid').notNull(),
    /** The `passengers` array as submitted (values keep their submitted types). */
    passengers: jsonb('passengers').notNull(),
    checi: text('checi').notNull(),
    trainDate: text('train_date').notNull(),
    fromCode: text('from_code').notNull(),
    fromName: text('from_name').notNull(),
    toCode: text('to_code').notNull(),
    toName: text('to_name').notNull(),
    rejectReason: text('reject_reason'),
    rejectedAt: tstz('rejected_at'),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('juhe_orders_user_key').on(t.appKey, t.userOrderId),
    index('juhe_orders_list_idx').on(t.appKey, t.createdAt),
  ],
);

/** setPush: the three callback URLs of a Juhe key (account-wide, not per order). */
export const juhePush = sandbox.table('juhe_push', {
  appKey: text('app_key').primaryKey(),
  submitCallback: text('submit_callback').notNull(),
  payCallback: text('pay_callback').notNull(),
  refundCallback: text('refund_callback').notNull(),
  name: text('name'),
  updatedAt: tstz('updated_at').notNull(),
});

/** Row shapes of the sandbox tables as the engine reads them (`select *`), and the row locks. */
import { MSG } from '@/protocol/panhe/codes';
import { ownKeys, SandboxError, type Ctx, type Tx } from './context';

/** The train leg booked (legColumns of sandbox/db/columns.ts): an order's, a change order's new one. */
export interface LegRow {
  train_code: string;
  train_no: string;
  run_key: string;
  from_idx: number;
  to_idx: number;
  from_station: string;
  to_station: string;
  depart_at: Date;
  arrive_at: Date;
  seat_type: number;
  choose_seats: string | null;
  choose_sleeper: string | null;
  accept_standing: boolean;
}
export interface OrderRow extends LegRow {
  order_no: string;
  app_key: string;
  customer_order_no: string | null;
  status: number;
  callback_url: string | null;
  refund_callback_url: string | null;
  contact_name: string;
  contact_mobile: string;
  train_account: string;
  amount_fen: string | null;
  pay_limit_at: Date | null;
  unfinished_reason: string | null;
  ticket_entrance: string | null;
  order_no_12306: string | null;
  pay_time: Date | null;
  ticket_time: Date | null;
  issue_fail_refund_at: Date | null;
  created_at: Date;
  front: string;
  deal_at: Date | null;
  cancelled_at: Date | null;
  finished_at: Date | null;
}
export interface TicketRow {
  id: number;
  order_no: string;
  position: number;
  name: string;
  card_type: number;
  card_no: string;
  mobile: string | null;
  ticket_type: number;
  seat_type: number;
  status: number;
  seat_no: string | null;
  ticket_no: string | null;
  price_fen: string | null;
  refund_fee_fen: string | null;
  refund_amount_fen: string | null;
  refund_at: Date | null;
  refund_requested_at: Date | null;
  issued_at: Date | null;
}
export interface ChangeRow extends LegRow {
  cha_no: string;
  order_no: string;
  status: number;
  remark: string | null;
  callback_url: string | null;
  price_change_type: number | null;
  price_change_type_info: string | null;
  total_price_diff_fen: string | null;
  diff_refund_fee_fen: string | null;
  diff_rate_percent: number | null;
  change_fee_fen: string | null;
  need_pay_fen: string | null;
  refund_amount_fen: string | null;
  cha_refund_type: number | null;
  pay_time: Date | null;
  refund_time: Date | null;
  confirm_limit_at: Date | null;
  applied_at: Date;
  unfinished_reason: string | null;
  ticket_entrance: string | null;
}
export interface ChangeTicketRow {
  id: number;
  cha_no: string;
  ticket_id: number;
  status: number;
  seat_type: number;
  seat_no: string | null;
  ticket_no: string | null;
  price_fen: string | null;
  issued_at: Date | null;
}

export const EXPIRED_REASON = '超过支付时限未支付';
export const CHANGE_EXPIRED_REASON = '超过确认时限未确认';
const ALL_CHANGE_STATES = [30, 31, 32, 33, 34, 35, 37, 20, 21, 22];

export async function lockOrder(ctx: Ctx, tx: Tx, orderNo: string): Promise<OrderRow> {
  const keys = ownKeys(ctx);
  const [order] = await tx<OrderRow[]>`select * from sandbox.orders
    where order_no = ${orderNo} and (${keys === null} or app_key = any(${keys ?? []})) for update`;
  if (!order) throw new SandboxError('该订单不存在', MSG.NO_ORDER);
  return order;
}

export async function lockChange(ctx: Ctx, tx: Tx, chaNo: string, status?: number): Promise<ChangeRow | undefined> {
  const keys = ownKeys(ctx);
  const [cha] = await tx<ChangeRow[]>`select c.* from sandbox.change_orders c
    join sandbox.orders o on o.order_no = c.order_no
    where c.cha_no = ${chaNo} and (${keys === null} or o.app_key = any(${keys ?? []})) and c.status = any(${status === undefined ? ALL_CHANGE_STATES : [status]})
    for update of c`;
  return cha;
}

/** 订单详情: the order, its tickets and its change orders mapped to exactly the documented fields. */
import { ORDER_STATUS as O, TICKET_STATUS as T, orderStatusLabel, ticketStatusLabel } from '@/protocol/panhe/codes';
import { MSG } from '@/protocol/panhe/codes';
import { CARD_TYPE_NAMES, optTime, seatTypeName, TICKET_TYPE_NAMES, wireTime } from '../format';
import { readKeys, SandboxError, yuan, type Ctx, type Q } from './context';
import { CHANGE_RATE } from './pricing';
import type { ChangeRow, ChangeTicketRow, OrderRow, TicketRow } from './rows';

/** One trainTicketInfo: the passenger of `person`, the ticket of `t` (the original or a changed one). */
function ticketWire(
  person: TicketRow,
  t: {
    status: number;
    ticket_no: string | null;
    seat_type: number;
    seat_no: string | null;
    price_fen: string | null;
  },
  refunded: { fee: string | null; amount: string | null; at: Date | null } | null,
) {
  const done = t.status === T.REFUNDED;
  return {
    passengerId: person.id,
    name: person.name,
    ticketNo: t.ticket_no,
    cardType: person.card_type,
    cardTypeName: CARD_TYPE_NAMES[person.card_type] ?? '其他证件',
    cardNo: person.card_no,
    mobile: person.mobile,
    ticketType: person.ticket_type,
    ticketTypeName: TICKET_TYPE_NAMES[person.ticket_type] ?? '成人票',
    seatType: t.seat_type,
    seatTypeName: seatTypeName(t.seat_type),
    ticketStatus: t.status,
    ticketStatusName: ticketStatusLabel(t.status),
    seatNo: t.seat_no,
    ticketPrice: yuan(t.price_fen),
    insuranceAmount: 0,
    policyNos: null,
    refundTicketPoundage: done && refunded ? yuan(refunded.fee) : null,
    refundTicketAmount: done && refunded ? yuan(refunded.amount) : null,
    refundSuccessTime: done && refunded ? optTime(refunded.at) : null,
    refundTransactionNo:
      done && refunded?.at ? `R${person.order_no.slice(1)}${String(person.position + 1).padStart(2, '0')}` : null,
    refundFailReason: null,
  };
}

/** The 订单详情 object as stored now (no lazy expiry: callers that answer requests expire first). */
export async function detailOf(ctx: Ctx, q: Q, orderNo: string) {
  const keys = readKeys(ctx);
  const [o] = await q<OrderRow[]>`select * from sandbox.orders
    where order_no = ${orderNo} and (${keys === null} or app_key = any(${keys ?? []}))`;
  if (!o) throw new SandboxError('该订单不存在', MSG.NO_ORDER);
  const tickets = await q<TicketRow[]>`select * from sandbox.tickets where order_no = ${orderNo} order by position`;
  const chas = await q<
    ChangeRow[]
  >`select * from sandbox.change_orders where order_no = ${orderNo} order by applied_at, cha_no`;
  const cts = chas.length
    ? await q<
        ChangeTicketRow[]
      >`select * from sandbox.change_tickets where cha_no = any(${chas.map((c) => c.cha_no)}) order by id`
    : [];
  const amount = yuan(o.amount_fen);
  const paid = !!o.pay_time;
  const failedRefund = o.status === O.ISSUE_FAILED && o.issue_fail_refund_at;
  const refundOf = (t: TicketRow) => ({ fee: t.refund_fee_fen, amount: t.refund_amount_fen, at: t.refund_at });
  return {
    orderNo: o.order_no,
    orderAmount: amount,
    ticketAmount: amount,
    insuranceAmount: 0,
    serviceFeeAmount: 0,
    serviceFeePerTicket: 0,
    customerOrderNo: o.customer_order_no,
    orderNo12306: o.order_no_12306,
    trainCode: o.train_code,
    fromStation: o.from_station,
    toStation: o.to_station,
    fromDateTime: wireTime(o.depart_at, true),
    toDateTime: wireTime(o.arrive_at, true),
    orderStatus: o.status,
    orderStatusName: orderStatusLabel(o.status),
    payStatus: paid ? 1 : 0,
    paymentType: paid ? 1 : 0,
    realPayAmount: paid ? amount : null,
    payTime: optTime(o.pay_time),
    transactionNo: paid ? `P${o.order_no.slice(1)}` : null,
    ticketTime: optTime(o.ticket_time),
    isChooseSeats: !!o.choose_seats,
    chooseSeats: o.choose_seats,
    isSnatchOrder: false,
    snatchDeadLine: null,
    insuranceCodes: null,
    contactName: o.contact_name,
    contactMobile: o.contact_mobile,
    outTicketFail_RefundSuccessTime: failedRefund ? optTime(o.issue_fail_refund_at) : null,
    outTicketFail_RefundTransactionNo: failedRefund ? `F${o.order_no.slice(1)}` : null,
    outTicketFail_RefundAmount: failedRefund ? amount : null,
    outTicketFail_RefundTransactionMethods: failedRefund ? 1 : 0,
    payLimitTime: optTime(o.pay_limit_at),
    unFinishedReason: o.unfinished_reason,
    ticketEntrance: o.ticket_entrance,
    createTime: optTime(o.created_at),
    trainTickets: tickets.map((t) => ticketWire(t, t, refundOf(t))),
    trainChaOrder: chas.map((c) => ({
      chaNo: c.cha_no,
      chaOrderStatus: c.status,
      chaOrderStatusName: ticketStatusLabel(c.status),
      trainCode: c.train_code,
      fromStation: c.from_station,
      toStation: c.to_station,
      fromDateTime: wireTime(c.depart_at, true),
      toDateTime: wireTime(c.arrive_at, true),
      isChooseSeats: !!c.choose_seats,
      chooseSeats: c.choose_seats,
      priceChangeType: c.price_change_type ?? 0,
      priceChangeTypeInfo: c.price_change_type_info,
      realPayAmount: c.pay_time ? yuan(c.need_pay_fen) : null,
      payTime: optTime(c.pay_time),
      totalPriceDiff: yuan(c.total_price_diff_fen),
      diffRate: c.diff_rate_percent === null ? null : c.diff_rate_percent / 100,
      diffRefundFeeAmount: yuan(c.diff_refund_fee_fen),
      changRate: CHANGE_RATE,
      changFeeAmount: yuan(c.change_fee_fen),
      needPayAmount: yuan(c.need_pay_fen),
      chaRefundType: c.refund_time ? c.cha_refund_type : null,
      refundAmount: c.refund_time ? yuan(c.refund_amount_fen) : null,
      refundTime: optTime(c.refund_time),
      refundTransactionNo: c.refund_time ? `R${c.cha_no.slice(1)}` : null,
      refundTransactionMethods: c.refund_time ? 1 : 0,
      remark: c.remark,
      unFinishedReason: c.unfinished_reason,
      ticketEntrance: c.ticket_entrance,
      confirmChangeLimitTime: optTime(c.confirm_limit_at),
      applayChangeTime: optTime(c.applied_at),
      trainTickets: cts
        .filter((ct) => ct.cha_no === c.cha_no)
        .flatMap((ct) => {
          const person = tickets.find((t) => t.id === ct.ticket_id);
          return person ? [ticketWire(person, ct, refundOf(person))] : [];
        }),
    })),
  };
}

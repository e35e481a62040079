/**
 * The Juhe Order object (§13) and passengers (§14) from the engine's rows, and the Juhe status (§15)
 * derived from the engine's state by the reverse of the §19 mapping:
 *
 * | engine | Juhe |
 * | --- | --- |
 * | no engine order yet (refused before the hold: `juhe_orders.reject_reason`) | 0, then 1 |
 * | 1 占位中 | 0 |
 * | 3 占位失败, 5 已取消 (cancel or lapse) | 1 |
 * | 2 占位成功 | 2 |
 * | 7 出票中 | 3 |
 * | 8 出票成功 | 4, or the last refund event: 6 requested, 7 succeeded, 8 failed |
 * | 9 出票失败 | 5 |
 *
 * "status records only the last event" (§15): after refunds it is the kind of the latest refund
 * event of any ticket (request time, completion time). Per ticket: `returntickets` (its last refund
 * result) and `refundTimeline` (every refund event), from the ticket rows.
 */
import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import { ORDER_STATUS as O, TICKET_STATUS as T } from '@/protocol/panhe/codes';
import type { OrderRow, TicketRow } from '../engine/rows';
import { hhmm, optTime } from '../format';
import { telecodeOf } from '../network';
import { priceText, yuan2 } from './codes';

type Q = postgres.Sql | postgres.TransactionSql;

/** A passenger as submitted (values keep their submitted types). */
export type SubmittedPassenger = Record<string, unknown>;

export interface JuheOrderRow {
  order_no: string;
  app_key: string;
  user_orderid: string;
  passengers: SubmittedPassenger[];
  checi: string;
  train_date: string;
  from_code: string;
  from_name: string;
  to_code: string;
  to_name: string;
  reject_reason: string | null;
  rejected_at: Date | null;
  created_at: Date;
}

/** Everything the Order object is made of. */
export interface OrderView {
  j: JuheOrderRow;
  o: OrderRow | null;
  tickets: TicketRow[];
}

/** Loads a Juhe order (of `appKey` when given; callbacks load by number alone). */
export async function loadView(q: Q, orderNo: string, appKey?: string): Promise<OrderView | null> {
  const [j] = await q<JuheOrderRow[]>`select * from sandbox.juhe_orders
    where order_no = ${orderNo} and (${appKey === undefined} or app_key = ${appKey ?? ''})`;
  if (!j) return null;
  const [o] = await q<OrderRow[]>`select * from sandbox.orders where order_no = ${orderNo}`;
  const tickets = o
    ? await q<TicketRow[]>`select * from sandbox.tickets where order_no = ${orderNo} order by position`
    : [];
  return { j, o: o ?? null, tickets };
}

export type JuheStatus = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8';

interface RefundEvent {
  time: Date;
  kind: '6' | '7' | '8';
  msg: string;
}

/** The refund events of one ticket, oldest first. */
function refundEvents(t: TicketRow): RefundEvent[] {
  const out: RefundEvent[] = [];
  if (t.refund_requested_at) out.push({ time: t.refund_requested_at, kind: '6', msg: '线上申请退票' });
  const online = !!t.refund_requested_at;
  if (t.status === T.REFUNDED && t.refund_at)
    out.push({ time: t.refund_at, kind: '7', msg: online ? '线上退票成功' : '线下退票成功' });
  if (t.status === T.REFUND_FAILED)
    out.push({ time: t.refund_at ?? t.refund_requested_at ?? new Date(0), kind: '8', msg: '线上退票失败' });
  return out;
}

const STATUS_MSG: Record<JuheStatus, string> = {
  '0': '订单提交成功,正在处理',
  '1': '订单已失效',
  '2': '处理或操作成功;待支付',
  '3': '出票请求已接收,正在出票',
  '4': '出票成功',
  '5': '出票失败',
  '6': '退票请求已接收,正在处理',
  '7': '线上退票成功',
  '8': '线上退票失败',
};

/** The Juhe status and `msg` of an order now. */
export function statusOf(v: OrderView): { status: JuheStatus; msg: string } {
  const { j, o } = v;
  if (!o)
    return j.rejected_at
      ? { status: '1', msg: j.reject_reason ?? STATUS_MSG['1'] }
      : { status: '0', msg: STATUS_MSG['0'] };
  switch (o.status) {
    case O.HOLDING:
      return { status: '0', msg: STATUS_MSG['0'] };
    case O.HOLD_FAILED:
    case O.CANCELLED:
      return { status: '1', msg: o.unfinished_reason ?? STATUS_MSG['1'] };
    case O.HELD:
      return { status: '2', msg: STATUS_MSG['2'] };
    case O.ISSUING:
      return { status: '3', msg: STATUS_MSG['3'] };
    case O.ISSUE_FAILED:
      return { status: '5', msg: o.unfinished_reason ?? STATUS_MSG['5'] };
    default: {
      // 出票成功: the latest refund event of any ticket, if there is one (ties: the later kind).
      const last = v.tickets
        .flatMap(refundEvents)
        .sort((a, b) => a.time.getTime() - b.time.getTime() || a.kind.localeCompare(b.kind))
        .at(-1);
      if (!last) return { status: '4', msg: STATUS_MSG['4'] };
      return { status: last.kind, msg: last.kind === '6' ? STATUS_MSG['6'] : last.msg };
    }
  }
}

/** Refund result fields of a ticket (returntickets and the timeline's `detail`). */
function returnFields(t: TicketRow, online: boolean) {
  const ok = t.status === T.REFUNDED;
  return {
    returnsuccess: ok,
    returnmoney: priceText(ok ? Number(t.refund_amount_fen ?? 0) : 0),
    returnfailid: ok ? '' : '1',
    returnfailmsg: ok ? '' : '退票失败',
    returntype: online ? '1' : '2',
  };
}

/** One passenger of the Order object: as submitted, plus the hold/issue/refund fields. */
function passengerOf(v: OrderView, i: number): Record<string, unknown> {
  const p = v.j.passengers[i] ?? {};
  const keep = [
    'passengerid',
    'passengersename',
    'piaotype',
    'piaotypename',
    'passporttypeseid',
    'passporttypeseidname',
    'passportseno',
    'price',
    'zwcode',
    'zwname',
  ];
  const out: Record<string, unknown> = Object.fromEntries(keep.filter((k) => k in p).map((k) => [k, p[k]]));
  const t = v.tickets[i];
  const held = !!v.o && v.o.amount_fen !== null && !!t;
  if (!held || !t) return out;
  out.price = priceText(Number(t.price_fen ?? 0));
  out.ticket_no = t.ticket_no;
  out.cxin = t.seat_no;
  out.reason = 0;
  const events = refundEvents(t);
  const online = !!t.refund_requested_at;
  const done = t.status === T.REFUNDED || t.status === T.REFUND_FAILED;
  if (done)
    out.returntickets = {
      ...returnFields(t, online),
      returntime: optTime(t.refund_at),
    };
  if (events.length)
    out.refundTimeline = events.map((e) =>
      e.kind === '6'
        ? { time: optTime(e.time), msg: e.msg }
        : {
            time: optTime(e.time),
            msg: e.msg,
            detail: {
              ...returnFields(t, online),
              ticket_no: t.ticket_no,
              passengername: p.passengersename ?? t.name,
              passporttypeseid: p.passporttypeseid ?? '',
              passportseno: p.passportseno ?? t.card_no,
            },
          },
    );
  return out;
}

/** md5("juhe" + key + orderid + user_orderid), lower-case hex (§16.3). */
export const pushSign = (key: string, orderId: string, userOrderId: string) =>
  createHash('md5').update(`juhe${key}${orderId}${userOrderId}`, 'utf8').digest('hex');

function common(v: OrderView) {
  const { j, o, tickets } = v;
  const { status, msg } = statusOf(v);
  const refunded = tickets.filter((t) => t.status === T.REFUNDED);
  return {
    status,
    msg,
    orderamount: o?.amount_fen !== null && o?.amount_fen !== undefined ? yuan2(Number(o.amount_fen)) : null,
    ordernumber: o?.order_no_12306 ?? null,
    passengers: j.passengers.map((_, i) => passengerOf(v, i)),
    refund_money: refunded.length
      ? yuan2(refunded.reduce((sum, t) => sum + Number(t.refund_amount_fen ?? 0), 0))
      : null,
    from_station_name: o?.from_station ?? j.from_name,
    from_station_code: (o && telecodeOf(o.from_station)) ?? j.from_code,
    to_station_name: o?.to_station ?? j.to_name,
    to_station_code: (o && telecodeOf(o.to_station)) ?? j.to_code,
  };
}

const latest = (dates: (Date | null)[]): Date | null =>
  dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);

/** The orderStatus `result` (§5, §13): the Order object with the query-only time fields. */
export function queryObject(v: OrderView) {
  const { j, o, tickets } = v;
  const c = common(v);
  const held = !!o && o.amount_fen !== null;
  return {
    orderid: j.order_no,
    user_orderid: j.user_orderid,
    msg: c.msg,
    orderamount: c.orderamount,
    status: c.status,
    passengers: c.passengers,
    checi: j.checi,
    ordernumber: c.ordernumber,
    submit_time: optTime(j.created_at),
    deal_time: optTime(o ? o.deal_at : j.rejected_at),
    cancel_time: optTime(o?.cancelled_at),
    pay_time: optTime(o?.pay_time),
    finished_time: optTime(o?.finished_at),
    refund_time: optTime(latest(tickets.map((t) => t.refund_requested_at))),
    juhe_refund_time: optTime(
      latest(tickets.map((t) => (t.status === T.REFUNDED || t.status === T.REFUND_FAILED ? t.refund_at : null))),
    ),
    start_time: held ? optTime(o.depart_at) : null,
    arrive_time: held ? optTime(o.arrive_at) : null,
    runtime: held ? hhmm((o.arrive_at.getTime() - o.depart_at.getTime()) / 60_000) : null,
    train_date: j.train_date,
    from_station_name: c.from_station_name,
    from_station_code: c.from_station_code,
    to_station_name: c.to_station_name,
    to_station_code: c.to_station_code,
    refund_money: c.refund_money,
  };
}

/** The callback `data` (§13, §16): exactly 15 keys, `sign` included, no time fields. */
export function pushObject(v: OrderView) {
  const { j } = v;
  const c = common(v);
  return {
    from_station_name: c.from_station_name,
    from_station_code: c.from_station_code,
    to_station_name: c.to_station_name,
    to_station_code: c.to_station_code,
    train_date: j.train_date,
    orderid: j.order_no,
    user_orderid: j.user_orderid,
    orderamount: c.orderamount,
    ordernumber: c.ordernumber,
    checi: j.checi,
    msg: c.msg,
    status: c.status,
    passengers: c.passengers,
    refund_money: c.refund_money,
    sign: pushSign(j.app_key, j.order_no, j.user_orderid),
  };
}

/** JSON text with every non-ASCII character as \uXXXX (§16.1: how Juhe's pushes carry Chinese). */
export function asciiJson(x: unknown): string {
  return JSON.stringify(x).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Juhe → domain (juhe-train-api.md §13–§15, §19, §20). Amounts: decimal yuan text → integer fen by
 * string parsing, never floats (§20.3 "amounts like "8.5" must be converted to integer fen exactly").
 * Times: "yyyy-MM-dd HH:mm:ss" Beijing wall clock → Date through lib/time.
 */
import { payLimitAt } from '@/lib/domain/rules';
import type { Fen } from '@/lib/domain/money';
import { addDays, shanghaiInstant } from '@/lib/time';
import {
  ORDER_STATUS,
  TICKET_STATUS,
  type Berth,
  type OrderDetail,
  type OrderStatus,
  type SeatOffer,
  type Ticket,
  type TicketStatus,
  type TrainLine,
} from '../../types';
import { orderStatusLabel, ticketStatusLabel } from '@/protocol/panhe/codes';
import { seatTypeName } from '@/protocol/panhe/seats';
import {
  cardTypeOfIdType,
  JUHE_STATUS,
  ORDER_STATUS_OF,
  SEAT_CHOICE_TYPES,
  SEAT_PREFIXES,
  seatTypeOfZwcode,
  STANDING_SEAT_TYPE,
  trainTypeOf,
} from './codes';
import type { OrderWire, PassengerWire, RefundDetailWire, TrainWire } from './wire';

// ---- money

/**
 * Decimal yuan → integer fen, exactly: "8.5" → 850, "933.00" → 93300, 8.5 → 850, "0.00" → 0. Refuses
 * more than two decimals ("1.005"), signs, exponents and anything not a plain decimal.
 */
export function yuanTextToFen(v: string | number): Fen {
  // A number is read through its shortest text form (8.5 → "8.5", 1e21 → refused as "1e+21").
  const s = (typeof v === 'number' ? String(v) : v).trim();
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new RangeError(`not a yuan amount with at most two decimals: ${JSON.stringify(v)}`);
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount too large: ${s}`);
  return fen;
}

/** Integer fen → the yuan text Juhe is sent ("8.50", "933.00"). */
export function fenToYuanText(fen: Fen): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a fen amount: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

const optFen = (s: string | null | undefined): Fen | null => (s === null || s === undefined ? null : yuanTextToFen(s));

// ---- time

/** "yyyy-MM-dd HH:mm[:ss]" (Beijing) → Date; throws on anything else (2017-02-30 included). */
export function parseJuheDateTime(s: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2})?)$/.exec(s.trim());
  const at = m ? shanghaiInstant(m[1]!, m[2]) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not a Juhe time (yyyy-MM-dd HH:mm:ss): ${s}`);
  return at;
}

const optDate = (s: string | null | undefined): Date | null => (s ? parseJuheDateTime(s) : null);

/** A calendar day's Beijing midnight; throws on an invalid day. */
function dayStart(date: string): Date {
  const at = shanghaiInstant(date);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not a date (yyyy-MM-dd): ${date}`);
  return at;
}

/** "05:56" → 356 minutes; null when not HH:mm. */
function minutesOf(hhmm: string | null | undefined): number | null {
  const m = /^(\d{1,3}):(\d{2})$/.exec(hhmm?.trim() ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

// ---- ticketsAvailable → TrainLine

/** `<seat>_num`: "--" (or absent) = not sold on this train → null; "0" = sold out; "有" = plenty. */
export function leftOf(v: unknown): number | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const s = String(v).trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '无') return 0;
  // 12306's own word for "20 or more" (not in Juhe's table; seen in 12306's left-ticket answer).
  if (s === '有') return 20;
  return null;
}

/** `<seat>_price`: a number in yuan, "0" = not applicable → null. */
function priceOf(v: unknown): Fen | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v !== 'number' && typeof v !== 'string') return null;
  const fen = yuanTextToFen(v);
  return fen > 0 ? fen : null;
}

/** §2: rw_price upper / rwx_price lower, yw_price upper / ywz_price middle / ywx_price lower, … */
const BERTH_FIELDS: Readonly<Record<string, { kind: Berth['kind']; field: string }[]>> = {
  gjrw: [
    { kind: 'lower', field: 'gjrw_price' },
    { kind: 'upper', field: 'gjrws_price' },
  ],
  rw: [
    { kind: 'lower', field: 'rwx_price' },
    { kind: 'upper', field: 'rw_price' },
  ],
  dw: [
    { kind: 'lower', field: 'dwx_price' },
    { kind: 'upper', field: 'dw_price' },
  ],
  yw: [
    { kind: 'lower', field: 'ywx_price' },
    { kind: 'middle', field: 'ywz_price' },
    { kind: 'upper', field: 'yw_price' },
  ],
};
const BERTH_NAMES: Readonly<Record<Berth['kind'], string>> = { lower: '下铺', middle: '中铺', upper: '上铺' };

/**
 * Berth prices of a sleeper class; only when the split fields are there (older answers had a single
 * `rw_price`/`yw_price` whose berth is not stated: no berth list then).
 */
function berthsOf(prefix: string, raw: Record<string, unknown>): Berth[] {
  const fields = BERTH_FIELDS[prefix];
  if (!fields) return [];
  const split = fields.filter((f) => f.field !== `${prefix}_price`);
  if (!split.some((f) => priceOf(raw[f.field]) !== null)) return [];
  return fields.flatMap((f) => {
    const priceFen = priceOf(raw[f.field]);
    return priceFen === null ? [] : [{ kind: f.kind, name: BERTH_NAMES[f.kind], priceFen }];
  });
}

/** The seat offers of a train: flat `<seat>_num/_price`, classes not sold on it left out. */
export function seatOffersOf(raw: Record<string, unknown>): SeatOffer[] {
  const offers: SeatOffer[] = [];
  for (const { prefix, seatType } of SEAT_PREFIXES) {
    const left = leftOf(raw[`${prefix}_num`]);
    if (left === null) continue;
    let priceFen = priceOf(raw[`${prefix}_price`]);
    // 无座 costs what the class it stands in costs (§14: "send the train's lowest class"): when the
    // answer leaves its price at 0, take the lowest seated class's.
    if (priceFen === null && seatType === STANDING_SEAT_TYPE)
      priceFen = priceOf(raw.yz_price) ?? priceOf(raw.edz_price) ?? null;
    if (priceFen === null) continue;
    offers.push({ seatType, name: seatTypeName(seatType), priceFen, left, berths: berthsOf(prefix, raw) });
  }
  return offers;
}

/**
 * One train of ticketsAvailable → TrainLine. `date` is the queried train_date (the boarding day);
 * `nameOf` turns a telecode into a station name when the answer lacks one.
 */
export function toTrainLine(t: TrainWire, date: string, nameOf: (code: string) => string | null): TrainLine {
  const raw = t as Record<string, unknown>;
  const arriveDays = Number(t.arrive_days ?? 0) || 0;
  const departAt = shanghaiInstant(date, t.start_time);
  const arriveAt = shanghaiInstant(addDays(date, arriveDays), t.arrive_time);
  if (Number.isNaN(departAt.getTime()) || Number.isNaN(arriveAt.getTime()))
    throw new RangeError(`bad train times ${t.train_code}: ${date} ${t.start_time} → ${t.arrive_time}`);
  const { type, name } = trainTypeOf(t.train_type || t.train_code);
  const seats = seatOffersOf(raw);
  const sale = /^(\d{2}):?(\d{2})$/.exec(t.sale_date_time ?? '');
  const station = (name: string | null, code: string | null) => name ?? (code ? nameOf(code) : null) ?? code ?? '';
  return {
    trainCode: t.train_code,
    trainNo: t.train_no ?? '',
    fromStation: station(t.from_station_name, t.from_station_code),
    toStation: station(t.to_station_name, t.to_station_code),
    departAt,
    arriveAt,
    arriveDays,
    runMinutes:
      (t.run_time_minute && /^\d+$/.test(t.run_time_minute) ? Number(t.run_time_minute) : null) ??
      minutesOf(t.run_time) ??
      Math.round((arriveAt.getTime() - departAt.getTime()) / 60_000),
    trainType: type,
    trainTypeName: name,
    beginStation: t.start_station_name,
    endStation: t.end_station_name,
    // §3 choose_seats: seat letters exist for 商务座, 一等座 and 二等座 only.
    canChooseSeat: seats.some((s) => SEAT_CHOICE_TYPES.includes(s.seatType)),
    // §14 "Sleepers are booked without choosing a berth".
    canChooseSleeper: false,
    saleTime: t.can_buy_now?.toUpperCase() === 'N' && sale ? `${sale[1]}:${sale[2]}` : null,
    seats,
  };
}

// ---- Order object → OrderDetail

/** Whether the hold succeeded at some point (a later status 1 is then a cancel or a lapse). */
function wasHeld(o: OrderWire): boolean {
  return o.orderamount !== null || o.ordernumber !== null || o.passengers.some((p) => !!p.ticket_no);
}

/**
 * §19's order table. 1 is 占位失败, or 已取消 when `cancel_time` is set or the order had been held (a
 * lapse: "2 → 1 payment window passed"). A status Juhe adds later (§15 "Juhe may add statuses") is
 * "needs query" (§20.10): the furthest state the order's own fields prove (refund history → issued,
 * pay_time → issuing, a hold → held, else holding), never a terminal one, so the order keeps being polled.
 */
export function orderStatusOf(o: OrderWire): { status: OrderStatus; known: boolean } {
  if (o.status === JUHE_STATUS.FAILED)
    return { status: o.cancel_time || wasHeld(o) ? ORDER_STATUS.CANCELLED : ORDER_STATUS.HOLD_FAILED, known: true };
  const mapped = ORDER_STATUS_OF[o.status];
  if (mapped !== undefined) return { status: mapped, known: true };
  // A ticket with refund history was issued: its refund states still apply.
  const refunded = o.passengers.some((p) => !!p.refundTimeline?.length || !!p.returntickets);
  const status = refunded
    ? ORDER_STATUS.ISSUED
    : o.pay_time
      ? ORDER_STATUS.ISSUING
      : wasHeld(o)
        ? ORDER_STATUS.HELD
        : ORDER_STATUS.HOLDING;
  return { status, known: false };
}

type RefundState = Pick<Ticket, 'status' | 'refundFen' | 'refundFeeFen' | 'refundedAt' | 'refundFailReason'> & {
  /** A 线下改签退款 (station change difference) seen on the ticket, in fen. */
  changeRefundFen: Fen | null;
};

/**
 * A ticket's refund state from its own history (§20.10: "status … reflects only the last event;
 * derive each ticket's state from returntickets/refundTimeline"). refundTimeline (every event, in
 * order) wins; returntickets (the last refund only, "obsolete for accounts opened after 2016-02-01")
 * is read when there is no timeline. null: no refund event for this ticket.
 */
export function refundStateOf(p: PassengerWire, priceFen: Fen | null): RefundState | null {
  const none: RefundState = {
    status: TICKET_STATUS.ISSUED,
    refundFen: null,
    refundFeeFen: null,
    refundedAt: null,
    refundFailReason: null,
    changeRefundFen: null,
  };
  const fee = (back: Fen | null) => (back !== null && priceFen !== null ? Math.max(0, priceFen - back) : null);
  const succeeded = (d: RefundDetailWire | null | undefined, at: Date | null): RefundState => {
    const back = optFen(d?.returnmoney);
    return { ...none, status: TICKET_STATUS.REFUNDED, refundFen: back, refundFeeFen: fee(back), refundedAt: at };
  };
  const failed = (why: string | null): RefundState => ({
    ...none,
    status: TICKET_STATUS.REFUND_FAILED,
    refundFailReason: why || '退票失败',
  });

  const events = p.refundTimeline ?? [];
  if (events.length) {
    let state: RefundState | null = null;
    let changeRefundFen: Fen | null = null;
    for (const e of events) {
      const msg = e.msg ?? '';
      const at = optDate(e.time) ?? optDate(e.detail?.returntime);
      if (/改签/.test(msg)) {
        // FAQ §36 线下改签退款: the ticket was changed at a station; the difference comes back. The
        // ticket itself is not refunded.
        changeRefundFen = (changeRefundFen ?? 0) + (optFen(e.detail?.returnmoney) ?? 0);
      } else if (/申请/.test(msg)) state = { ...none, status: TICKET_STATUS.REFUNDING };
      else if (/失败/.test(msg) || e.detail?.returnsuccess === false)
        state = failed(e.detail?.returnfailmsg ?? (msg || null));
      else if (/成功/.test(msg) || e.detail?.returnsuccess === true) {
        // The amount: the event's detail, else returntickets when it reports the same success.
        const d = e.detail?.returnmoney != null ? e.detail : p.returntickets?.returnsuccess ? p.returntickets : null;
        state = succeeded(d, at ?? optDate(p.returntickets?.returntime));
      }
    }
    if (!state && changeRefundFen === null) return null;
    return { ...(state ?? none), changeRefundFen };
  }
  const r = p.returntickets;
  if (!r) return null;
  if (r.returnsuccess) return succeeded(r, optDate(r.returntime));
  if (r.returnfailmsg || r.returnfailid) return failed(r.returnfailmsg ?? r.returnfailid ?? null);
  return null;
}

/** The ticket of a passenger in an order whose lifecycle state is `lifecycle`. */
export function toTicket(p: PassengerWire, lifecycle: OrderStatus, refundRequestedHere: boolean): Ticket {
  const cardType = cardTypeOfIdType(p.passporttypeseid);
  if (cardType === null) throw new RangeError(`unknown passporttypeseid: ${p.passporttypeseid}`);
  const priceFen = optFen(p.price);
  let seatType = seatTypeOfZwcode(p.zwcode) ?? 99;
  // A 无座 result keeps the class's zwcode; its seat text says 无座 (FAQ §8–9).
  if (p.cxin && /无座/.test(p.cxin)) seatType = STANDING_SEAT_TYPE;
  let status: TicketStatus = lifecycle;
  let refund: RefundState | null = null;
  if (lifecycle === ORDER_STATUS.ISSUED) {
    refund = refundStateOf(p, priceFen);
    if (refund) status = refund.status;
    else if (refundRequestedHere) status = TICKET_STATUS.REFUNDING;
  }
  return {
    passengerId: p.passengerid,
    name: p.passengersename,
    ticketNo: p.ticket_no ?? null,
    cardType,
    cardNo: p.passportseno,
    mobile: null,
    ticketType: Number(p.piaotype) || 1,
    seatType,
    seatTypeName: seatType === STANDING_SEAT_TYPE ? '无座' : (p.zwname ?? seatTypeName(seatType)),
    status,
    statusName:
      refund?.changeRefundFen != null && status === TICKET_STATUS.ISSUED ? '已在车站改签' : ticketStatusLabel(status),
    seatNo: p.cxin ?? null,
    priceFen,
    insuranceFen: null,
    refundFeeFen: refund?.refundFeeFen ?? null,
    refundFen: refund?.refundFen ?? null,
    refundedAt: refund?.refundedAt ?? null,
    refundTransactionNo: null,
    refundFailReason: refund?.refundFailReason ?? null,
  };
}

/** The order states that end an order without tickets. */
const ENDED: ReadonlySet<number> = new Set([
  ORDER_STATUS.HOLD_FAILED,
  ORDER_STATUS.CANCELLED,
  ORDER_STATUS.ISSUE_FAILED,
]);

export interface OrderMapOptions {
  /**
   * §20.9: Juhe answers no pay deadline: "apply the configured window (verify the current 12306 rule;
   * the FAQ's era used 30 min)". null: the current 12306 rule of lib/domain/rules.ts (10 min from the
   * hold, 2 min when the train leaves within 30 min), as the sandbox applies; 217302 stays authoritative.
   */
  payWindowMinutes: number | null;
}

/**
 * orderStatus `result` (or a callback's `data`) → OrderDetail. The time fields exist only in the
 * query (§13): departAt/arriveAt from start_time/arrive_time, else the travel day's midnight.
 */
export function toOrderDetail(o: OrderWire, opts: OrderMapOptions): OrderDetail {
  const { status, known } = orderStatusOf(o);
  const orderFen = optFen(o.orderamount);
  const prices = o.passengers.map((p) => optFen(p.price));
  const held = status !== ORDER_STATUS.HOLDING && status !== ORDER_STATUS.HOLD_FAILED;
  const departAt = optDate(o.start_time) ?? dayStart(o.train_date);
  const run = minutesOf(o.runtime);
  const arriveAt =
    optDate(o.arrive_time) ?? (o.start_time && run !== null ? new Date(departAt.getTime() + run * 60_000) : departAt);
  const dealAt = optDate(o.deal_time);
  const paid = o.status >= JUHE_STATUS.PAID && status !== ORDER_STATUS.HOLDING && status !== ORDER_STATUS.HELD;
  // §19 "6 → 20 退票中 for the requested tickets": when no ticket shows its own refund history, a
  // one-passenger order's request can only be that passenger's.
  const onlyOneAsked = o.status === JUHE_STATUS.REFUNDING && o.passengers.length === 1;
  const tickets = o.passengers.map((p) => toTicket(p, status, onlyOneAsked));
  return {
    orderNo: o.orderid,
    customerOrderNo: o.user_orderid,
    orderNo12306: o.ordernumber,
    trainCode: o.checi,
    fromStation: o.from_station_name ?? o.from_station_code ?? '',
    toStation: o.to_station_name ?? o.to_station_code ?? '',
    departAt,
    arriveAt,
    status,
    statusName: known ? orderStatusLabel(status) : `聚合数据状态 ${o.status}(待查询)`,
    paid,
    // §13 "null until the hold succeeds; the amount `pay` debits and the amount to charge the traveller".
    orderFen,
    ticketFen:
      held && prices.length && prices.every((p) => p !== null)
        ? prices.reduce<number>((a, b) => a + (b ?? 0), 0)
        : null,
    insuranceFen: null,
    // FAQ §39: Juhe's fee is debited at issue, apart from orderamount (amount contractual, not answered).
    serviceFeeFen: null,
    serviceFeePerTicketFen: null,
    realPayFen: paid ? orderFen : null,
    paidAt: optDate(o.pay_time),
    transactionNo: null,
    issuedAt: status === ORDER_STATUS.ISSUED ? optDate(o.finished_time) : null,
    payDeadline:
      dealAt && wasHeld(o)
        ? opts.payWindowMinutes === null
          ? payLimitAt(dealAt, departAt)
          : new Date(dealAt.getTime() + opts.payWindowMinutes * 60_000)
        : null,
    createdAt: optDate(o.submit_time),
    chooseSeats: null,
    contactName: null,
    contactMobile: null,
    // The 12306 text of a failed hold or issue ("乘客身份信息未通过验证_订票失败 …", §20.14).
    unfinishedReason: ENDED.has(status) || !known ? o.msg : null,
    ticketEntrance: null,
    // §17 "Issue failure (status 5): the whole debited amount goes back to the balance."
    issueFailRefund:
      status === ORDER_STATUS.ISSUE_FAILED
        ? { fen: orderFen, at: optDate(o.finished_time), transactionNo: null }
        : null,
    tickets,
    changes: [],
  };
}

/**
 * Wire → domain: yuan to integer fen (yuanToFen, which refuses sub-fen amounts), Beijing wall-clock
 * datetimes to Date (through lib/time: the wire's "yyyy-MM-dd HH:mm" is the portal's own format).
 */
import { yuanToFen, type Fen } from '@/lib/domain/money';
import { formatShanghai, shanghaiDate, shanghaiInstant } from '@/lib/time';
import type {
  Berth,
  BerthKind,
  ChangeOrder,
  ChangeOrderStatus,
  FrequentPassenger,
  OrderDetail,
  OrderStatus,
  Station,
  Stop,
  Ticket,
  TicketStatus,
  TrainLine,
} from '../../types';
import type {
  ChangeOrderDetailWire,
  OrderDetailWire,
  PassengerRecordWire,
  StationWire,
  StopWire,
  TicketDetailWire,
  TrainLineWire,
} from '@/protocol/panhe/wire';

/** "yyyy-MM-dd HH:mm[:ss]" (Beijing time) → Date. Throws on anything else, including 2024-02-30. */
export function parseWireDateTime(s: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2})?)$/.exec(s);
  if (!m) throw new RangeError(`not a provider datetime (yyyy-MM-dd HH:mm[:ss]): ${s}`);
  const at = shanghaiInstant(m[1]!, m[2]);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not a valid provider datetime: ${s}`);
  return at;
}

function valid(d: Date): Date {
  if (Number.isNaN(d.getTime())) throw new RangeError('invalid Date');
  return d;
}

/** Date → "yyyy-MM-dd HH:mm" (or with seconds) in Beijing time, as requests carry it. */
export function formatWireDateTime(d: Date, withSeconds = false): string {
  return formatShanghai(valid(d), { seconds: withSeconds });
}

/** Date → "yyyy-MM-dd", the Beijing calendar day. */
export function formatWireDate(d: Date): string {
  return shanghaiDate(valid(d));
}

const optDate = (s: string | null | undefined): Date | null => (s ? parseWireDateTime(s) : null);
const optFen = (y: number | null | undefined): Fen | null => (y === null || y === undefined ? null : yuanToFen(y));
const orNull = <T>(v: T | null | undefined): T | null => v ?? null;

const BERTHS: Record<number, BerthKind> = { 1: 'lower', 2: 'middle', 3: 'upper' };

/** "10:40" → 640. */
function minutesOf(runTime: string): number {
  const [h, m] = runTime.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function toTrainLine(l: TrainLineWire): TrainLine {
  return {
    trainCode: l.trainCode,
    trainNo: l.trainNo,
    fromStation: l.fromStation,
    toStation: l.toStation,
    departAt: parseWireDateTime(l.fromDateTime),
    arriveAt: parseWireDateTime(l.toDateTime),
    arriveDays: Number(l.arrive_days),
    runMinutes: minutesOf(l.runTime),
    trainType: l.trainsType,
    trainTypeName: l.trainsTypeName,
    beginStation: orNull(l.beginStation),
    endStation: orNull(l.endStation),
    canChooseSeat: l.isSupportChooseSeat ?? false,
    canChooseSleeper: l.isSupportChooseSleeper ?? false,
    saleTime: saleTimeOf(l.note),
    seats: l.Seats.map((s) => ({
      seatType: s.seatType,
      name: s.seatTypeName,
      priceFen: yuanToFen(s.ticketPrice),
      left: s.leftTicketNum,
      berths: (s.otherSeats ?? []).flatMap((b): Berth[] => {
        const kind = BERTHS[b.sleeperType];
        return kind ? [{ kind, name: b.sleeperTypeName, priceFen: yuanToFen(b.ticketPrice) }] : [];
      }),
    })),
  };
}

/**
 * The 余票 note's sale time: "12:45起售" (the sandbox, 12306's list), "12点30分起售", "23点起售" →
 * "HH:mm"; anything else (an empty note, other hints) → null.
 */
export function saleTimeOf(note: string | null | undefined): string | null {
  const m = /(\d{1,2})\s*[:：点]\s*(?:(\d{2})\s*分?)?\s*起售/.exec(note ?? '');
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** "07:46" (or the docs' "07;46") → "07:46"; "----" and anything else → null. */
function stopTime(s: string): string | null {
  const m = /^(\d{2})[:;](\d{2})$/.exec(s.trim());
  return m ? `${m[1]}:${m[2]}` : null;
}

export function toStop(s: StopWire): Stop {
  const minutes = /^(\d+)(分钟)?$/.exec(s.interval.trim());
  return {
    index: s.stationId,
    stationName: s.stationName,
    arrive: stopTime(s.arriveTime),
    depart: stopTime(s.startTime),
    stopMinutes: minutes ? Number(minutes[1]) : null,
  };
}

export function toStation(s: StationWire): Station {
  return { name: s.stationName, shortChar: s.stationShortChar, pinyin: s.stationPinYin, code: s.stationCode };
}

export function toTicket(t: TicketDetailWire): Ticket {
  return {
    passengerId: t.passengerId === null || t.passengerId === undefined ? null : String(t.passengerId),
    name: t.name,
    ticketNo: orNull(t.ticketNo),
    cardType: t.cardType,
    cardNo: t.cardNo,
    mobile: orNull(t.mobile),
    ticketType: t.ticketType,
    seatType: t.seatType,
    seatTypeName: orNull(t.seatTypeName),
    status: t.ticketStatus as TicketStatus,
    statusName: orNull(t.ticketStatusName),
    seatNo: orNull(t.seatNo),
    priceFen: optFen(t.ticketPrice),
    insuranceFen: optFen(t.insuranceAmount),
    refundFeeFen: optFen(t.refundTicketPoundage),
    refundFen: optFen(t.refundTicketAmount),
    refundedAt: optDate(t.refundSuccessTime),
    refundTransactionNo: orNull(t.refundTransactionNo),
    refundFailReason: orNull(t.refundFailReason),
  };
}

export function toChangeOrder(c: ChangeOrderDetailWire): ChangeOrder {
  return {
    chaNo: c.chaNo,
    status: c.chaOrderStatus as ChangeOrderStatus,
    statusName: orNull(c.chaOrderStatusName),
    trainCode: c.trainCode,
    fromStation: c.fromStation,
    toStation: c.toStation,
    departAt: parseWireDateTime(c.fromDateTime),
    arriveAt: parseWireDateTime(c.toDateTime),
    chooseSeats: orNull(c.chooseSeats),
    priceChangeType: orNull(c.priceChangeType),
    priceChangeInfo: orNull(c.priceChangeTypeInfo),
    needPayFen: optFen(c.needPayAmount),
    totalPriceDiffFen: optFen(c.totalPriceDiff),
    changeFeeFen: optFen(c.changFeeAmount),
    changeRate: orNull(c.changRate),
    diffRefundFeeFen: optFen(c.diffRefundFeeAmount),
    diffRate: orNull(c.diffRate),
    realPayFen: optFen(c.realPayAmount),
    paidAt: optDate(c.payTime),
    refundType: orNull(c.chaRefundType),
    refundFen: optFen(c.refundAmount),
    refundedAt: optDate(c.refundTime),
    refundTransactionNo: orNull(c.refundTransactionNo),
    remark: orNull(c.remark),
    unfinishedReason: orNull(c.unFinishedReason),
    ticketEntrance: orNull(c.ticketEntrance),
    confirmDeadline: optDate(c.confirmChangeLimitTime),
    appliedAt: optDate(c.applayChangeTime),
    tickets: c.trainTickets.map(toTicket),
  };
}

export function toOrderDetail(d: OrderDetailWire): OrderDetail {
  const refundAt = optDate(d.outTicketFail_RefundSuccessTime);
  const refundFen = optFen(d.outTicketFail_RefundAmount);
  return {
    orderNo: d.orderNo,
    customerOrderNo: d.customerOrderNo || null,
    orderNo12306: d.orderNo12306 || null,
    trainCode: d.trainCode,
    fromStation: d.fromStation,
    toStation: d.toStation,
    departAt: parseWireDateTime(d.fromDateTime),
    arriveAt: parseWireDateTime(d.toDateTime),
    status: d.orderStatus as OrderStatus,
    statusName: orNull(d.orderStatusName),
    paid: d.payStatus === 1,
    orderFen: optFen(d.orderAmount),
    ticketFen: optFen(d.ticketAmount),
    insuranceFen: optFen(d.insuranceAmount),
    serviceFeeFen: optFen(d.serviceFeeAmount),
    serviceFeePerTicketFen: optFen(d.serviceFeePerTicket),
    realPayFen: optFen(d.realPayAmount),
    paidAt: optDate(d.payTime),
    transactionNo: orNull(d.transactionNo),
    issuedAt: optDate(d.ticketTime),
    payDeadline: optDate(d.payLimitTime),
    createdAt: optDate(d.createTime),
    chooseSeats: orNull(d.chooseSeats),
    contactName: d.contactName || null,
    contactMobile: d.contactMobile || null,
    unfinishedReason: orNull(d.unFinishedReason),
    ticketEntrance: orNull(d.ticketEntrance),
    issueFailRefund:
      refundAt || refundFen !== null
        ? { fen: refundFen, at: refundAt, transactionNo: orNull(d.outTicketFail_RefundTransactionNo) }
        : null,
    tickets: d.trainTickets.map(toTicket),
    changes: (d.trainChaOrder ?? []).map(toChangeOrder),
  };
}

export function toFrequentPassenger(p: PassengerRecordWire): FrequentPassenger {
  return {
    id: String(p.id),
    name: p.name,
    cardType: p.cardType,
    cardNo: p.cardNo,
    mobile: p.mobile || null,
    passengerType: orNull(p.passengerType),
    birthday: p.birthday || null,
    sex: orNull(p.sex),
    country: p.country || null,
    identityVerifyStatus: orNull(p.identityVerifyStatus),
    mobileVerified: p.mobileVerifyStatus === 1,
    isAccountHolder: p.isUserSelf ?? false,
  };
}

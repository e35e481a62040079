/**
 * The portal's view of provider data: integer fen (never yuan), Date for instants, the provider's
 * codes kept as numbers next to their names. Produced from the wire types by mappers.ts.
 */
import type { Fen } from '@/lib/domain/money';

/**
 * 火车票订单状态 (orderStatus), 改签单状态 (chaOrderStatus) and 乘客客票状态 (ticketStatus), and the
 * callback eventTypes: the provider protocol's codes, defined once in protocol/panhe/codes.ts (shared
 * with the sandbox; lib/domain/states.ts re-exports the status codes for the UI).
 */
export {
  CALLBACK_EVENT_TYPES,
  CHANGE_ORDER_STATUS,
  ORDER_STATUS,
  TICKET_STATUS,
  type CallbackEventType,
  type ChangeOrderStatus,
  type OrderStatus,
  type TicketStatus,
} from '@/protocol/panhe/codes';
import type { CallbackEventType, ChangeOrderStatus, OrderStatus, TicketStatus } from '@/protocol/panhe/codes';

export type BerthKind = 'lower' | 'middle' | 'upper';

export interface Berth {
  kind: BerthKind;
  name: string;
  priceFen: Fen;
}

export interface SeatOffer {
  /** 席别 code (二等座 = 4, 硬卧 = 8, 无座 = 98, ...). */
  seatType: number;
  name: string;
  priceFen: Fen;
  left: number;
  /** Sleeper prices by berth; empty for seats. */
  berths: Berth[];
}

/** One train of a 余票查询 answer. */
export interface TrainLine {
  trainCode: string;
  /** 12306's internal number, needed for 经停站. */
  trainNo: string;
  fromStation: string;
  toStation: string;
  departAt: Date;
  arriveAt: Date;
  /** 0 same day, 1 next day, ... */
  arriveDays: number;
  runMinutes: number;
  /** 高铁 = 1, 动车 = 2, 直达 = 3, 特快 = 4, 快速 = 5, 其他 = 6. */
  trainType: number;
  trainTypeName: string;
  beginStation: string | null;
  endStation: string | null;
  canChooseSeat: boolean;
  canChooseSleeper: boolean;
  /**
   * Not on sale yet: the boarding station's daily sale time ("HH:mm", Beijing) from the answer's note
   * ("12:45起售"); the date opens at that time on the day it enters the pre-sale window. null when on sale.
   */
  saleTime: string | null;
  seats: SeatOffer[];
}

/** A stop of 查询经停站V2. Times are wall-clock "HH:mm" without a date (a run may span days). */
export interface Stop {
  index: number;
  stationName: string;
  /** null at the first station. */
  arrive: string | null;
  /** null at the last station. */
  depart: string | null;
  stopMinutes: number | null;
}

export interface Station {
  name: string;
  shortChar: string;
  pinyin: string;
  code: string;
}

export interface Ticket {
  passengerId: string | null;
  name: string;
  ticketNo: string | null;
  cardType: number;
  cardNo: string;
  mobile: string | null;
  ticketType: number;
  seatType: number;
  seatTypeName: string | null;
  status: TicketStatus;
  statusName: string | null;
  seatNo: string | null;
  priceFen: Fen | null;
  insuranceFen: Fen | null;
  refundFeeFen: Fen | null;
  refundFen: Fen | null;
  refundedAt: Date | null;
  refundTransactionNo: string | null;
  refundFailReason: string | null;
}

export interface ChangeOrder {
  chaNo: string;
  status: ChangeOrderStatus;
  statusName: string | null;
  trainCode: string;
  fromStation: string;
  toStation: string;
  departAt: Date;
  arriveAt: Date;
  chooseSeats: string | null;
  /** 0 待确定, 1 higher fare, 2 same, 3 lower. */
  priceChangeType: number | null;
  priceChangeInfo: string | null;
  /** To pay before 确认改签 (> 0: payment needed); sent as payAmount. */
  needPayFen: Fen | null;
  /** To refund after a successful change. */
  totalPriceDiffFen: Fen | null;
  changeFeeFen: Fen | null;
  /** 0.05 = 5 %. */
  changeRate: number | null;
  diffRefundFeeFen: Fen | null;
  diffRate: number | null;
  realPayFen: Fen | null;
  paidAt: Date | null;
  refundType: number | null;
  refundFen: Fen | null;
  refundedAt: Date | null;
  refundTransactionNo: string | null;
  remark: string | null;
  unfinishedReason: string | null;
  ticketEntrance: string | null;
  confirmDeadline: Date | null;
  appliedAt: Date | null;
  tickets: Ticket[];
}

/** 订单详情. */
export interface OrderDetail {
  orderNo: string;
  customerOrderNo: string | null;
  orderNo12306: string | null;
  trainCode: string;
  fromStation: string;
  toStation: string;
  departAt: Date;
  arriveAt: Date;
  status: OrderStatus;
  statusName: string | null;
  paid: boolean;
  /** Set once held: tickets + service fees + insurance. */
  orderFen: Fen | null;
  ticketFen: Fen | null;
  insuranceFen: Fen | null;
  serviceFeeFen: Fen | null;
  serviceFeePerTicketFen: Fen | null;
  realPayFen: Fen | null;
  paidAt: Date | null;
  transactionNo: string | null;
  issuedAt: Date | null;
  payDeadline: Date | null;
  createdAt: Date | null;
  chooseSeats: string | null;
  contactName: string | null;
  contactMobile: string | null;
  unfinishedReason: string | null;
  ticketEntrance: string | null;
  /** 出票失败 refund, once made. */
  issueFailRefund: { fen: Fen | null; at: Date | null; transactionNo: string | null } | null;
  tickets: Ticket[];
  changes: ChangeOrder[];
}

export interface FrequentPassenger {
  id: string;
  name: string;
  cardType: number;
  cardNo: string;
  mobile: string | null;
  passengerType: number | null;
  birthday: string | null;
  sex: number | null;
  country: string | null;
  /** 0 未通过, 1 已通过, 2 未知, 3 待核验, 4 请报验, 5 预通过. */
  identityVerifyStatus: number | null;
  mobileVerified: boolean;
  isAccountHolder: boolean;
}

/** A verified, parsed callback. */
export interface CallbackEvent {
  eventType: CallbackEventType;
  order: OrderDetail;
}

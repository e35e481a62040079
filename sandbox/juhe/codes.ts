/**
 * The Juhe 火车订票 API's codes (juhe-train-api.md §0, §14, §19), as the sandbox reads them: error
 * codes, ticket/ID/seat codes and how they map to the engine's (Panhe) numbers, the seat prefixes of
 * `ticketsAvailable`. Kept inside the sandbox on purpose (not in protocol/): the portal's Juhe adapter
 * is written from the same document independently, so the two readings check each other.
 */

/** error_code values (§0). 217305 is the sandbox's own choice (see REFUND_REFUSED). */
export const JUHE = {
  OK: 0,
  /** 错误的请求KEY. */
  BAD_KEY: 10001,
  /** 系统内部异常 (for money-moving calls: check the order before retrying). */
  INTERNAL: 10014,
  /** HTTP 404 on an unknown path (the doc has no code for it; 10021 "API disabled" is the nearest). */
  NO_API: 10021,
  /** 支付失败,您的账户余额不足,需要扣费X.XX */
  BALANCE: 217300,
  /** 参数错误:… */
  BAD_PARAMS: 217301,
  /** 未在规定时间内支付,订单已失效 */
  LAPSED: 217302,
  /** 订单号…不存在 */
  NO_ORDER: 217303,
  /** 只有占座成功(状态为2)的订单才可以支付,当前订单状态:N (also cancel outside status 2). */
  BAD_STATE: 217304,
  /**
   * A refund refused (FAQ §31 "订单…中不存在您提供的tickets参数中指定的可退的车票", and the 12306 rules:
   * 5 minutes after issue, too close to departure, child first). The document has no code ("code not
   * seen"); the sandbox answers this undocumented 2173xx, as the doc says unknown 2173xx may come.
   */
  REFUND_REFUSED: 217305,
  /**
   * A cancel refused by the daily cancel limit (policy.ts MAX_CANCELS_PER_DAY). The Juhe document has no
   * code for it; the sandbox answers this undocumented 2173xx with the dictionary's text for msgCode 206
   * ("取消次数过多,取消请求已锁定"), as the doc says unknown 2173xx may come.
   */
  CANCEL_LOCKED: 217306,
} as const;

export class JuheError extends Error {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'JuheError';
  }
}
export const badParams = (what: string) => new JuheError(JUHE.BAD_PARAMS, `参数错误:${what}`);

/** piaotype → the engine's ticketType (same numbers; 3 学生票 is not bookable, §14). */
export const PIAOTYPE: Readonly<Record<string, { ticketType: number; name: string }>> = {
  '1': { ticketType: 1, name: '成人票' },
  '2': { ticketType: 2, name: '儿童票' },
  '4': { ticketType: 4, name: '残军票' },
};
export const STUDENT_PIAOTYPE = '3';

/** passporttypeseid → the engine's cardType (2 一代身份证 has none: no longer valid for travel). */
export const PASSPORT_TYPE: Readonly<Record<string, { cardType: number | null; name: string }>> = {
  '1': { cardType: 1, name: '二代身份证' },
  '2': { cardType: null, name: '一代身份证' },
  C: { cardType: 3, name: '港澳通行证' },
  G: { cardType: 4, name: '台湾通行证' },
  B: { cardType: 2, name: '护照' },
};

/** zwcode → the engine's seatType (§19: 9/P/M/O/6/4/F/3/2/1 ↔ 1..10). 无座 has no code. */
export const ZWCODE: Readonly<Record<string, { seatType: number; name: string }>> = {
  '9': { seatType: 1, name: '商务座' },
  P: { seatType: 2, name: '特等座' },
  M: { seatType: 3, name: '一等座' },
  O: { seatType: 4, name: '二等座' },
  '6': { seatType: 5, name: '高级软卧' },
  '4': { seatType: 6, name: '软卧' },
  F: { seatType: 7, name: '动卧' },
  '3': { seatType: 8, name: '硬卧' },
  '2': { seatType: 9, name: '软座' },
  '1': { seatType: 10, name: '硬座' },
};

/** ticketsAvailable seat prefixes in the document's order, with the engine seatType they show. */
export const SEAT_PREFIXES = [
  ['swz', 1],
  ['tdz', 2],
  ['ydz', 3],
  ['edz', 4],
  ['gjrw', 5],
  ['rw', 6],
  ['dw', 7],
  ['yw', 8],
  ['rz', 9],
  ['yz', 10],
  ['wz', 98],
  ['qtxb', 0],
] as const;
export type SeatPrefix = (typeof SEAT_PREFIXES)[number][0];

/** The prefix of an engine seatType (11-19, which Juhe has no code for, show as qtxb 其他席别). */
export function prefixOf(seatType: number): SeatPrefix {
  return SEAT_PREFIXES.find(([, t]) => t === seatType)?.[0] ?? 'qtxb';
}

/**
 * Berth price fields per sleeper prefix, by berth (the engine's sleeperType 3 上, 2 中, 1 下): `rw_price`
 * upper + `rwx_price` lower, `dw_price` + `dwx_price`, `yw_price` upper + `ywz_price` middle + `ywx_price`
 * lower, `gjrws_price` upper with `gjrw_price` the lower berth (§2).
 */
export const BERTH_FIELDS: Partial<Record<SeatPrefix, Record<number, string>>> = {
  gjrw: { 3: 'gjrws_price', 1: 'gjrw_price' },
  rw: { 3: 'rw_price', 1: 'rwx_price' },
  dw: { 3: 'dw_price', 1: 'dwx_price' },
  yw: { 3: 'yw_price', 2: 'ywz_price', 1: 'ywx_price' },
};

/** Every price field of a ticketsAvailable train, in a stable order. */
export const PRICE_FIELDS: readonly string[] = SEAT_PREFIXES.flatMap(([p]) => {
  const berths = BERTH_FIELDS[p];
  return berths ? [...new Set([`${p}_price`, ...Object.values(berths)])] : [`${p}_price`];
});

/** Amounts as the document prints them: orderamount / refund_money "933.00", price "933.0" / "8.5". */
export function yuan2(fen: number): string {
  const f = Math.round(fen);
  const sign = f < 0 ? '-' : '';
  const a = Math.abs(f);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
export function priceText(fen: number): string {
  const s = yuan2(fen);
  return s.endsWith('0') ? s.slice(0, -1) : s;
}

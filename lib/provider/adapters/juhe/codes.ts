/**
 * Juhe's codes (juhe-train-api.md §14, §15, §19) and the domain's, both ways. Only this adapter knows
 * the Juhe side: zwcode letters, passporttypeseid letters, piaotype numbers, order status "0"…"8".
 */
import { ORDER_STATUS, type OrderStatus } from '../../types';

/** §14 zwcode ↔ §19 "zwcode 9 / P / M / O / 6 / 4 / F / 3 / 2 / 1 | seatType 1 / 2 / … / 10". */
export const ZWCODE_OF_SEAT: Readonly<Record<number, string>> = {
  1: '9',
  2: 'P',
  3: 'M',
  4: 'O',
  5: '6',
  6: '4',
  7: 'F',
  8: '3',
  9: '2',
  10: '1',
};

/** §14 "zwcode | zwname". */
export const ZWNAME: Readonly<Record<string, string>> = {
  '9': '商务座',
  P: '特等座',
  M: '一等座',
  O: '二等座',
  '6': '高级软卧',
  '4': '软卧',
  F: '动卧',
  '3': '硬卧',
  '2': '软座',
  '1': '硬座',
};

export const SEAT_OF_ZWCODE: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(ZWCODE_OF_SEAT).map(([seat, code]) => [code, Number(seat)]),
);

/** The domain's 无座 (§14: "无座 has no code and cannot be ordered"). */
export const STANDING_SEAT_TYPE = 98;

/** Domain seat type of a zwcode ("O" → 4), or null for a code Juhe has not documented. */
export function seatTypeOfZwcode(code: string): number | null {
  // The doc warns the letter is O, not zero; a client that typed 0 still means 二等座.
  const c = code.trim().toUpperCase();
  return SEAT_OF_ZWCODE[c === '0' ? 'O' : c] ?? null;
}

/**
 * §2 seat prefixes of ticketsAvailable → the domain seat type (`wz` 无座 → 98; `qtxb` 其他席别 has no
 * zwcode and cannot be booked, so it is not offered).
 */
export const SEAT_PREFIXES: readonly { prefix: string; seatType: number }[] = [
  { prefix: 'swz', seatType: 1 },
  { prefix: 'tdz', seatType: 2 },
  { prefix: 'ydz', seatType: 3 },
  { prefix: 'edz', seatType: 4 },
  { prefix: 'gjrw', seatType: 5 },
  { prefix: 'rw', seatType: 6 },
  { prefix: 'dw', seatType: 7 },
  { prefix: 'yw', seatType: 8 },
  { prefix: 'rz', seatType: 9 },
  { prefix: 'yz', seatType: 10 },
  { prefix: 'wz', seatType: STANDING_SEAT_TYPE },
];

/** Classes where Juhe takes `choose_seats` (商务座, 一等座, 二等座: FAQ §43's letters A B C D F). */
export const SEAT_CHOICE_TYPES: readonly number[] = [1, 3, 4];

/**
 * §14 passporttypeseid ↔ domain cardType (§19: "1 / B / C / G / 2 | cardType 1 / 2 / 3 / 4 / —").
 * Domain 8 (外国人永久居留身份证) and 9 (港澳台居民居住证) have no Juhe code.
 */
export const ID_TYPE_OF_CARD: Readonly<Record<number, { code: string; name: string }>> = {
  1: { code: '1', name: '二代身份证' },
  2: { code: 'B', name: '护照' },
  3: { code: 'C', name: '港澳通行证' },
  4: { code: 'G', name: '台湾通行证' },
};

/** Card types Juhe cannot book, with the words the traveller is shown. */
export const UNSUPPORTED_CARDS: Readonly<Record<number, string>> = {
  8: '外国人永久居留身份证',
  9: '港澳台居民居住证',
};

/**
 * Domain cardType of a passporttypeseid, or null when unknown. `2` (一代身份证) has no domain code of
 * its own and is never sent; should an answer carry it, it is still a 身份证 (1).
 */
export function cardTypeOfIdType(code: string): number | null {
  const c = code.trim().toUpperCase();
  if (c === '2') return 1;
  const hit = Object.entries(ID_TYPE_OF_CARD).find(([, v]) => v.code === c);
  return hit ? Number(hit[0]) : null;
}

/** §14 piaotype: 1 成人票, 2 儿童票, 4 残军票 (3 学生票 "not documented as bookable"). Same numbers as the domain. */
export const PIAOTYPE_NAMES: Readonly<Record<number, string>> = { 1: '成人票', 2: '儿童票', 4: '残军票' };

/** §15 order statuses Juhe documents. */
export const JUHE_STATUS = {
  SUBMITTED: 0,
  FAILED: 1,
  HELD: 2,
  PAID: 3,
  ISSUED: 4,
  ISSUE_FAILED: 5,
  REFUNDING: 6,
  REFUNDED: 7,
  REFUND_FAILED: 8,
} as const;

/** §19's order table for the statuses that map one to one (1 and the unknown ones need the order). */
export const ORDER_STATUS_OF: Readonly<Record<number, OrderStatus>> = {
  0: ORDER_STATUS.HOLDING,
  2: ORDER_STATUS.HELD,
  3: ORDER_STATUS.ISSUING,
  4: ORDER_STATUS.ISSUED,
  5: ORDER_STATUS.ISSUE_FAILED,
  // 6/7/8 are refund events of an issued order: "order stays issued", tickets carry the refund state.
  6: ORDER_STATUS.ISSUED,
  7: ORDER_STATUS.ISSUED,
  8: ORDER_STATUS.ISSUED,
};

/** §2 train_type letter (or the code's first character) → domain trainType (高铁 1 … 其他 6). */
export function trainTypeOf(letter: string): { type: number; name: string } {
  switch (letter.trim().charAt(0).toUpperCase()) {
    case 'G':
    case 'C':
      return { type: 1, name: '高铁' };
    case 'D':
      return { type: 2, name: '动车' };
    case 'Z':
      return { type: 3, name: '直达' };
    case 'T':
      return { type: 4, name: '特快' };
    case 'K':
      return { type: 5, name: '快速' };
    default:
      return { type: 6, name: '其他' };
  }
}

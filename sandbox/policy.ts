/**
 * The sandbox's booking rules as pure functions over sandbox time (unit-tested in policy.test.ts).
 * Constants come from lib/domain/rules.ts (the dated rules table). Pay limits: rules.payLimitAt;
 * refund windows (309/310): fees.onlineRefundBlock; money: engine/pricing.ts.
 */
import { CHANGE_CLOSE_MINUTES_BEFORE_DEPARTURE, PRESALE_DAYS, salesOpen } from '@/lib/domain/rules';
import { TICKET_STATUS as T } from '@/lib/domain/states';
import { addDays, wireDate, wireHm } from './format';

export type Check = { ok: true } | { ok: false; msg: string };

/**
 * Pre-sale: PRESALE_DAYS days including today (Beijing dates); the last day opens at the boarding
 * station's daily sale-start time (station.csv). Earlier days are on sale all day.
 */
export function presaleCheck(date: string, station: string, saleStart: string, now: Date): Check {
  const today = wireDate(now);
  const last = addDays(today, PRESALE_DAYS - 1);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date < today || date > last)
    return { ok: false, msg: `发车日期无效:${date}不在预售期内(今天可售${today}至${last}的车票)` };
  if (date === last && wireHm(now) < saleStart)
    return { ok: false, msg: `未到起售时间:${station}站${date}的车票今天${saleStart}起售` };
  return { ok: true };
}

/** Online sales and changes close before departure (msgCodes 216 / 314); refunds: onlineRefundBlock. */
export const tooCloseToDeparture = (departAt: Date, now: Date): boolean => !salesOpen(departAt, now);
export const tooCloseToChange = (departAt: Date, now: Date): boolean =>
  departAt.getTime() - now.getTime() < CHANGE_CLOSE_MINUTES_BEFORE_DEPARTURE * 60_000;

/** Ticket states in which a passenger still travels (for trip conflicts and the child-alone rule). */
export const TRAVELLING: readonly number[] = [
  T.HELD,
  T.ISSUING,
  T.ISSUED,
  T.REFUND_FAILED,
  T.CHANGE_HOLDING,
  T.CHANGE_HELD,
  T.CHANGE_HOLD_FAILED,
  T.CHANGE_ISSUING,
  T.CHANGE_ISSUED,
  T.CHANGE_ISSUE_FAILED,
  T.CHANGE_CANCELLED,
];

/** msgCode 311: refunding this adult would leave a child of the order travelling without an adult. */
export function leavesChildAlone(
  tickets: { id: number; ticketType: number; status: number }[],
  refundingId: number,
): boolean {
  const me = tickets.find((t) => t.id === refundingId);
  if (!me || me.ticketType === 2) return false;
  const live = tickets.filter((t) => t.id !== refundingId && TRAVELLING.includes(t.status));
  return live.some((t) => t.ticketType === 2) && !live.some((t) => t.ticketType !== 2);
}

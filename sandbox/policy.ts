/**
 * The sandbox's booking rules as pure functions over sandbox time (unit-tested in policy.test.ts),
 * written from the provider documents (shared/provider-docs) and DOMAIN_NOTES.md: the sandbox plays
 * the provider and 12306, so it keeps its own copy of their rules instead of the portal's (lib/domain
 * holds the portal's reading; the two meet only on the wire). Money (fares, refund and change fees):
 * engine/pricing.ts.
 */
import { TICKET_STATUS as T } from '@/protocol/panhe/codes';
import { addDays, wireDate, wireHm } from './format';

const MINUTE = 60_000;

/** DOMAIN_NOTES: "Pre-sale window: 15 days including today". */
export const PRESALE_DAYS = 15;
/**
 * DOMAIN_NOTES: "Online sales, changes and refunds close shortly before departure (25 min is the usual
 * figure)" (msgCodes 216 / 310 / 314 距离发车时间太近).
 */
export const CLOSE_BEFORE_DEPARTURE_MINUTES = 25;
/** msgCode 309 "出票5分钟内无法提交退票". */
export const REFUND_LOCK_AFTER_ISSUE_MINUTES = 5;
/** 创单: "一单最多下9人" (panhe-train-api.md). */
export const MAX_PASSENGERS_PER_ORDER = 9;

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

const closed = (departAt: Date, now: Date): boolean =>
  departAt.getTime() - now.getTime() < CLOSE_BEFORE_DEPARTURE_MINUTES * MINUTE;
/** Online sales (msgCode 216) and changes (314) close before departure; refunds: refundRefusal. */
export const tooCloseToDeparture = closed;
export const tooCloseToChange = closed;

/**
 * Why an online refund is refused now, or null: msgCode 309 "出票5分钟内无法提交退票", then 310
 * "距离发车时间太近,无法申请退票".
 */
export function refundRefusal(issuedAt: Date, departAt: Date, now: Date): { msgCode: 309 | 310; msg: string } | null {
  if (now.getTime() < issuedAt.getTime() + REFUND_LOCK_AFTER_ISSUE_MINUTES * MINUTE)
    return { msgCode: 309, msg: '出票5分钟内无法提交退票' };
  if (closed(departAt, now)) return { msgCode: 310, msg: '距离发车时间太近,无法申请退票' };
  return null;
}

/**
 * payLimitTime of a hold (创单, 申请改签): "30分钟以上的车次订单支付时限是10分钟,30分钟以内的车次支付时限
 * 为2分钟" — a train leaving exactly 30 minutes after the hold counts as within.
 */
export function payDeadline(heldAt: Date, departAt: Date): Date {
  const longTrip = departAt.getTime() - heldAt.getTime() > 30 * MINUTE;
  return new Date(heldAt.getTime() + (longTrip ? 10 : 2) * MINUTE);
}

/** 退票: "原票允许提交退票的客票状态ticketStatus值有:出票成功 = 8,改签占位失败 = 32,改签确认出票失败 = 35,改签已取消 = 37 ,退票失败 = 22". */
export const REFUNDABLE_ORIGINAL: readonly number[] = [
  T.ISSUED,
  T.CHANGE_HOLD_FAILED,
  T.CHANGE_ISSUE_FAILED,
  T.CHANGE_CANCELLED,
  T.REFUND_FAILED,
];
/** 退票: "改签后的新票允许提交退票的客票状态ticketStatus值有:改签确认出票成功 = 34, 退票失败 = 22". */
export const REFUNDABLE_CHANGED: readonly number[] = [T.CHANGE_ISSUED, T.REFUND_FAILED];
/** 申请改签: "允许提交改签的客票状态ticketStatus值有:出票成功 = 8,退票失败 = 22,改签占位失败 = 32,改签确认出票失败 = 35,改签已取消 = 37". */
export const CHANGEABLE: readonly number[] = [
  T.ISSUED,
  T.REFUND_FAILED,
  T.CHANGE_HOLD_FAILED,
  T.CHANGE_ISSUE_FAILED,
  T.CHANGE_CANCELLED,
];

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

/**
 * The daily cancel limit, the sandbox's reading of 12306's rule as DOMAIN_NOTES.md states it ("three
 * cancellations of paid-for holds in a day lock buying for the rest of the day (verify)") with the
 * refusal of juhe-grab-ticket-dictionary.md: msgCode 206 "取消次数过多,取消请求已锁定". The sandbox holds
 * the limit to the passenger (ID number): its orders go out on shared 12306 accounts (the distributor's
 * platform account, the agent account of Juhe orders), so the passenger is what the lock follows.
 * Counted on the Beijing calendar day of the sandbox clock; only holds cancelled on request count (a
 * hold that lapsed at its pay limit does not).
 */
export const MAX_CANCELS_PER_DAY = 3;

/** msgCode 206 when the passengers' holds cancelled today already reach the limit, else null. */
export function cancelLockRefusal(cancelledToday: number): { msgCode: 206; msg: string } | null {
  return cancelledToday >= MAX_CANCELS_PER_DAY ? { msgCode: 206, msg: '取消次数过多,取消请求已锁定' } : null;
}

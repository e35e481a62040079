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

// ---- identity lists (msgCodes 302, 306) ----------------------------------------------------------------
/**
 * msgCode 302 "乘客身份信息涉嫌被他人冒用" and 306 "乘客已被法院依法限制高消费"
 * (juhe-grab-ticket-dictionary.md msgCode table): 12306 refuses such a passenger when the hold is tried,
 * so the hold fails (占位失败) with the catalogue's words. Real 12306 keeps these lists; the sandbox keeps
 * its own fixed ones of valid GB 11643 numbers (DOMAIN_NOTES "ID numbers"), documented in
 * sandbox/README.md so tests can book them. Deterministic: nothing else triggers either code.
 */
export const IDENTITY_MISUSED_IDS: readonly string[] = ['110101198003023026', '110101198103023023'];
export const SPENDING_RESTRICTED_IDS: readonly string[] = ['110101198003063060', '110101198103063068'];

/** Why 12306 refuses this passenger's identity at the hold (302 / 306), or null. */
export function identityRefusal(name: string, cardNo: string): { msgCode: 302 | 306; msg: string } | null {
  const id = cardNo.trim().toUpperCase();
  if (IDENTITY_MISUSED_IDS.includes(id))
    return {
      msgCode: 302,
      msg: `乘客身份信息涉嫌被他人冒用:${name}的身份信息需本人持证件到车站窗口核验后方可网上购票`,
    };
  if (SPENDING_RESTRICTED_IDS.includes(id)) return { msgCode: 306, msg: `乘客已被法院依法限制高消费:${name}` };
  return null;
}

// ---- unfinished orders of a 12306 account (msgCode 210) -------------------------------------------------
/**
 * DOMAIN_NOTES.md l.13 "An account with an unpaid order cannot place another" with the refusal of
 * juhe-grab-ticket-dictionary.md: msgCode 210 "该账号有未完成的订单,无法继续执行此操作". Checked when the
 * hold is tried (as 12306 does; panhe-train-api.md 创单: account problems end in 占位失败): another hold of
 * the same traveller's 12306 account that is 占位成功 and not yet paid (within its pay limit) fails it.
 * The demo account `sandbox` is exempt: it stands for the distributor's platform account that many
 * travellers share (like the Juhe front's agent accounts), where one traveller's unpaid hold must not
 * block another's; any other account (registered through account/register) is held to the rule.
 */
export const UNFINISHED_ORDER_MSG = '该账号有未完成的订单,无法继续执行此操作';
export function unfinishedOrderRefusal(otherUnpaidHolds: number): { msgCode: 210; msg: string } | null {
  return otherUnpaidHolds > 0
    ? { msgCode: 210, msg: `${UNFINISHED_ORDER_MSG}:请先支付或取消该12306账号下待支付的订单` }
    : null;
}

// ---- tickets printed at the station (msgCode 312) ------------------------------------------------------
/**
 * panhe-train-api.md 退票: "此接口只适合在线购票成功,未取票的客票退票申请。如果客户已在线下取票,只能在车站
 * 窗口办理退票" (DOMAIN_NOTES l.55 "tickets already printed at the station are refunded only at the
 * window"), refused with msgCode 312 "不支持网上退票". The control endpoint POST
 * /sandbox/tickets/:ticketNo/print marks a ticket 已取票.
 */
export function printedRefusal(printed: boolean): { msgCode: 312; msg: string } | null {
  return printed ? { msgCode: 312, msg: '不支持网上退票:该车票已在车站取票,请到车站售票窗口办理退票' } : null;
}

// ---- 改签 limits (msgCodes 317, 318) --------------------------------------------------------------------
/**
 * panhe-train-api.md 申请改签: "一张火车票只能成功改签一次。改签后的车票票只能乘坐或办理退票不得二次改签"
 * (DOMAIN_NOTES l.56). A second change of a changed ticket is refused with msgCode 317
 * "改签次数过多,改签请求已锁定" (its one change is used up). 316 "该订单不支持改签" is for an order that
 * cannot be changed at all (the portal's Juhe adapter uses it for orders of a provider without 改签).
 * Failed or cancelled change applications do not count ("改签失败的可以重新申请改签", 订单详情 trainChaOrder).
 */
export const CHANGE_LOCKED_MSG = '改签次数过多,改签请求已锁定';

/**
 * msgCode 318 "当天取消改签次数过多,取消请求已锁定" (juhe-grab-ticket-dictionary.md). No document gives the
 * number: the sandbox mirrors the daily cancel limit of holds (MAX_CANCELS_PER_DAY, msgCode 206) and
 * holds it to the passenger (ID number): the 4th cancel of a change hold of the same passenger on one
 * Beijing day is refused. Counted by the day the cancelled change was applied (a change hold lives at
 * most its confirm limit, 10 minutes, so that is the day of the cancel but around midnight); only
 * changes cancelled on request count (one that lapsed at its confirm limit does not).
 */
export const MAX_CHANGE_CANCELS_PER_DAY = 3;
export function changeCancelLockRefusal(cancelledToday: number): { msgCode: 318; msg: string } | null {
  return cancelledToday >= MAX_CHANGE_CANCELS_PER_DAY
    ? { msgCode: 318, msg: '当天取消改签次数过多,取消请求已锁定' }
    : null;
}

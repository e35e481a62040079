/**
 * 抢票 (grab order) rules, pure: shared by the create form (client) and the server. Every rule quotes
 * juhe-grab-ticket-dictionary.md (its `tips` and msgCodes 219–222); the limits live in rules.ts.
 */
import {
  GRAB_MAX_DATES,
  GRAB_MAX_PASSENGERS,
  GRAB_MAX_SEAT_CLASSES,
  GRAB_MAX_TRAINS,
  GRAB_MIN_HOURS_BEFORE_DEPARTURE,
  SALES_CLOSE_MINUTES_BEFORE_DEPARTURE,
} from './rules';
import { GRAB_STATUS, TICKET_STATUS } from './states';

/** msgCodes 219–222 of the dictionary, in the traveller's words. */
export const GRAB_MESSAGES = {
  219: '抢票单已达预约上限：请等现有抢票单结束后再创建。',
  220: '抢票单乘客数、车次数或坐席数超过上限。',
  221: '抢票取消失败：已抢到座位、正在出票，请等待出票后办理退票。',
  222: '抢票功能暂时关闭。',
} as const;

export interface GrabAlternateInput {
  trainCode: string;
  date: string;
  seatType: number;
  departAt: Date;
  priceFen: number;
}

export interface GrabPassengerInput {
  ticketType: number;
}

export type GrabCheck = { ok: true } | { ok: false; field: 'alternates' | 'passengers' | 'deadline'; message: string };

const HOUR_MS = 3_600_000;

/**
 * "距离发车时间太近无法抢票,建议用户限制距离发车前3小时以上的车次才可创建抢票单": an alternate must
 * leave at least 3 hours after `now`.
 */
export function tooCloseForGrab(departAt: Date, now: Date): boolean {
  return departAt.getTime() - now.getTime() < GRAB_MIN_HOURS_BEFORE_DEPARTURE * HOUR_MS;
}

/** The latest deadline: the last alternate's departure minus the online sales cut-off. */
export function latestDeadline(alternates: Pick<GrabAlternateInput, 'departAt'>[]): Date | null {
  if (!alternates.length) return null;
  const last = Math.max(...alternates.map((a) => a.departAt.getTime()));
  return new Date(last - SALES_CLOSE_MINUTES_BEFORE_DEPARTURE * 60_000);
}

/**
 * The dearest fare one passenger can end up paying on a class: a sleeper's headline price is its
 * upper berth, and the provider may hold any berth ("如剩余铺位无法满足您的需求,系统将自动为您分配",
 * panhe-train-api.md, isSupportChooseSleeper), so the dearest berth counts.
 */
export function dearestFareFen(seat: { priceFen: number; berths?: readonly { priceFen: number }[] }): number {
  return Math.max(seat.priceFen, ...(seat.berths ?? []).map((b) => b.priceFen));
}

/** 12306 候补: the traveller prepays the dearest alternate for every passenger. */
export function prepaidFen(alternates: Pick<GrabAlternateInput, 'priceFen'>[], passengers: number): number {
  return Math.max(0, ...alternates.map((a) => a.priceFen)) * passengers;
}

export function checkGrab(
  input: { alternates: GrabAlternateInput[]; passengers: GrabPassengerInput[]; deadline: Date },
  now: Date,
): GrabCheck {
  const { alternates, passengers, deadline } = input;
  if (!passengers.length) return { ok: false, field: 'passengers', message: '请至少选择一位乘客。' };
  // "抢票单目前最多支持五名乘客"
  if (passengers.length > GRAB_MAX_PASSENGERS)
    return { ok: false, field: 'passengers', message: `抢票单最多 ${GRAB_MAX_PASSENGERS} 位乘客。` };
  // "抢票单目前暂不支持学生票和残军票"
  if (passengers.some((p) => p.ticketType === 3 || p.ticketType === 4))
    return { ok: false, field: 'passengers', message: '抢票单暂不支持学生票和残军票。' };
  if (passengers.every((p) => p.ticketType === 2))
    return { ok: false, field: 'passengers', message: '儿童不能单独乘车，请同时选择一位成人乘客。' };
  if (!alternates.length) return { ok: false, field: 'alternates', message: '请至少选择一个车次和席别。' };
  const trains = new Set(alternates.map((a) => `${a.date}|${a.trainCode}`)).size;
  const classes = new Set(alternates.map((a) => a.seatType)).size;
  const dates = new Set(alternates.map((a) => a.date)).size;
  if (trains > GRAB_MAX_TRAINS || classes > GRAB_MAX_SEAT_CLASSES || dates > GRAB_MAX_DATES)
    return {
      ok: false,
      field: 'alternates',
      message: `${GRAB_MESSAGES[220]}（最多 ${GRAB_MAX_TRAINS} 个车次、${GRAB_MAX_SEAT_CLASSES} 种席别、${GRAB_MAX_DATES} 个日期）`,
    };
  const keys = alternates.map((a) => `${a.date}|${a.trainCode}|${a.seatType}`);
  if (new Set(keys).size !== keys.length) return { ok: false, field: 'alternates', message: '备选车次席别重复。' };
  const close = alternates.find((a) => tooCloseForGrab(a.departAt, now));
  if (close)
    return {
      ok: false,
      field: 'alternates',
      message: `${close.trainCode} 距离发车不足 ${GRAB_MIN_HOURS_BEFORE_DEPARTURE} 小时，不能抢票。`,
    };
  const latest = latestDeadline(alternates)!;
  if (deadline.getTime() <= now.getTime()) return { ok: false, field: 'deadline', message: '截止时间必须晚于现在。' };
  if (deadline.getTime() > latest.getTime())
    return { ok: false, field: 'deadline', message: '截止时间不能晚于最后一个备选车次发车前的停售时间。' };
  return { ok: true };
}

export interface GrabResultTicket {
  id: string;
  status: number;
  /** Set on the new ticket a completed 改签 issued, pointing at the ticket it replaced. */
  replacesTicketId: string | null;
}

/** A passenger's seat was given back: 退票成功 21, or 已退票未退款 23 (refunded, the money follows). */
const GONE: readonly number[] = [TICKET_STATUS.REFUNDED, TICKET_STATUS.REFUNDED_UNPAID];

/**
 * After 抢票成功 "the tickets behave like any other order (refund, change)"; the grab reports what became
 * of them with the dictionary's orderStatus T 已退票 and E 已改签. Per passenger we look at their current
 * ticket (the change's new ticket once a 改签 completed, else the original):
 *   - T when every passenger's current ticket is refunded (whether or not some were changed first);
 *   - else E when at least one passenger's ticket was changed (改签确认出票成功: the original is 34 and
 *     a new ticket replaces it), even if others were refunded (mixed outcome: the grab still travels,
 *     on a changed ticket);
 *   - else nothing (still F): a partial refund alone leaves the grab 抢票成功 for the others.
 * GRAB_TRANSITIONS allow F → T, F → E, E → T only, so a later outcome never moves the grab back.
 */
export function grabAfterSalesStatus(
  tickets: GrabResultTicket[],
): typeof GRAB_STATUS.REFUNDED | typeof GRAB_STATUS.CHANGED | null {
  const originals = tickets.filter((t) => t.replacesTicketId === null);
  if (!originals.length) return null;
  // A changed ticket is never changed again (canApplyForChange), so one step of replacement suffices.
  const current = originals.map((t) => tickets.find((n) => n.replacesTicketId === t.id) ?? t);
  if (current.every((t) => GONE.includes(t.status))) return GRAB_STATUS.REFUNDED;
  if (
    originals.some((t) => t.status === TICKET_STATUS.CHANGE_ISSUED && current.some((n) => n.replacesTicketId === t.id))
  )
    return GRAB_STATUS.CHANGED;
  return null;
}

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

/**
 * Calendar dates ('YYYY-MM-DD') on the Shanghai calendar (UTC+8, no DST), used for travel dates and
 * the pre-sale window. Pure: callers pass "now".
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function shanghaiDateOf(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant of a Shanghai wall-clock time, e.g. ('2026-11-25', '07:00'). */
export function shanghaiInstant(date: string, hhmm: string): Date {
  return new Date(Date.parse(`${date}T${hhmm}:00+08:00`));
}

/** Pre-sale: `days` calendar days including today (12306 sells 15). */
export function presaleWindow(now: Date, days: number): { first: string; last: string } {
  const first = shanghaiDateOf(now);
  return { first, last: addDays(first, days - 1) };
}

export function isValidDate(date: string): boolean {
  if (!DATE_RE.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** A real wall-clock "YYYY-MM-DDTHH:mm" (an <input type="datetime-local">): month 13 or 24:00 is not. */
export function isValidLocalDateTime(value: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  return !!m && isValidDate(m[1]!) && Number(m[2]) < 24 && Number(m[3]) < 60;
}

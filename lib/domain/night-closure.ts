/**
 * 12306's night closure, as the portal reads it (rules.ts `nightClosure`, {closesAt '23:00', opensAt
 * '06:00'} on the Shanghai clock):
 *
 *   juhe-train-booking-faq.md §3 l.101 "特殊情况,火车票官方订票系统会在每天23点(也许以后会改)关闭,如您在23点
 *   左右提交订单,此订单可能要到第二天早上才能处理完成"; juhe-train-api.md l.92 "12306 closes around 23:00,
 *   so late submissions may only be processed the next morning (FAQ §3)". The 06:00 opening is 12306
 *   practice (verify).
 *
 * A hold submitted in the closure (or so late before it that the usual wait would run into it) is not
 * given up after the usual HOLD_GIVE_UP_MINUTES: it waits until the opening plus that wait. The
 * traveller is told so on the booking form and, while it is 占位中, on the order page and trips list.
 * Pure: no server imports (client components use it).
 */
import { ruleAt } from '@/lib/domain/rules';
import { addDays, shanghaiDate, shanghaiInstant, shanghaiTime } from '@/lib/time';

/** How long a hold may wait for the provider's first answer before it is given up (nothing paid). */
export const HOLD_GIVE_UP_MINUTES = 15;
const MINUTE_MS = 60_000;

/** Whether `at` falls in the closure (closesAt inclusive, opensAt exclusive, Shanghai clock). */
export function inNightClosure(at: Date): boolean {
  const { closesAt, opensAt } = ruleAt('nightClosure', at);
  const t = shanghaiTime(at);
  // 23:00–06:00 spans midnight; a window inside one day would be closesAt <= t < opensAt.
  return closesAt > opensAt ? t >= closesAt || t < opensAt : t >= closesAt && t < opensAt;
}

/** The first instant after `at` (or at it, unless `strict`) whose Shanghai clock reads `hhmm`. */
function nextClock(at: Date, hhmm: string, strict = false): Date {
  const today = shanghaiInstant(shanghaiDate(at), hhmm);
  const later = strict ? today.getTime() > at.getTime() : today.getTime() >= at.getTime();
  return later ? today : shanghaiInstant(addDays(shanghaiDate(at), 1), hhmm);
}

/** When 12306 opens next after `at` (the next opensAt, strictly after `at`). */
export function nightOpensAt(at: Date): Date {
  return nextClock(at, ruleAt('nightClosure', at).opensAt, true);
}

/**
 * The morning a hold submitted at `submittedAt` waits for, or null when it is not held up by the
 * closure: submitted in the closure, or so close before it that the usual wait runs into it ("如您在
 * 23点左右提交订单").
 */
export function nightWaitUntil(submittedAt: Date): Date | null {
  if (inNightClosure(submittedAt)) return nightOpensAt(submittedAt);
  const closes = nextClock(submittedAt, ruleAt('nightClosure', submittedAt).closesAt);
  const usual = submittedAt.getTime() + HOLD_GIVE_UP_MINUTES * MINUTE_MS;
  return closes.getTime() < usual ? nightOpensAt(closes) : null;
}

/**
 * When a hold submitted at `submittedAt` with no answer from the provider is given up: the usual
 * HOLD_GIVE_UP_MINUTES later, or that long after the opening when the closure holds it up.
 */
export function holdGiveUpAt(submittedAt: Date): Date {
  const from = nightWaitUntil(submittedAt) ?? submittedAt;
  return new Date(from.getTime() + HOLD_GIVE_UP_MINUTES * MINUTE_MS);
}

const dayOf = (at: Date) => {
  const [, m, d] = shanghaiDate(at).split('-');
  return `${Number(m)}月${Number(d)}日`;
};

/**
 * What the order page and trips list say while a hold submitted at `submittedAt` is 占位中 and waits for
 * the morning; null when the closure does not hold it up (or the wait is over by `now`).
 */
export function nightHoldNotice(submittedAt: Date, now: Date = new Date()): string | null {
  const until = nightWaitUntil(submittedAt);
  if (!until || now.getTime() >= holdGiveUpAt(submittedAt).getTime()) return null;
  const { closesAt, opensAt } = ruleAt('nightClosure', submittedAt);
  return (
    `12306 每天 ${closesAt}–次日 ${opensAt}（北京时间）不处理订单。` +
    `此订单将在 ${dayOf(until)} ${opensAt} 后处理，预计 ${opensAt} 后几分钟内出占座结果，无需重新下单；出结果前不会扣款。`
  );
}

/**
 * What the booking form says before submit when a hold submitted now would wait for the morning;
 * null otherwise.
 */
export function nightBookingNotice(now: Date = new Date()): string | null {
  const until = nightWaitUntil(now);
  if (!until) return null;
  const { closesAt, opensAt } = ruleAt('nightClosure', now);
  const when = inNightClosure(now)
    ? `现在提交的订单将在 ${dayOf(until)} ${opensAt} 后处理`
    : `临近 ${closesAt}，现在提交的订单若来不及处理，将在 ${dayOf(until)} ${opensAt} 后处理`;
  return (
    `12306 每天 ${closesAt}–次日 ${opensAt}（北京时间）不处理订单。${when}，届时才有占座结果；` +
    '这期间余票可能售完，占座可能失败（不会扣款）。'
  );
}

/**
 * 12306's night closure, as the sandbox plays it (its own rule, written from the provider documents;
 * the portal keeps its own reading in lib/domain/night-closure.ts):
 *
 *   juhe-train-booking-faq.md §3 l.101 "特殊情况,火车票官方订票系统会在每天23点(也许以后会改)关闭,如您在23点
 *   左右提交订单,此订单可能要到第二天早上才能处理完成"; juhe-train-api.md l.92 the same.
 *
 * The opening at 06:00 is 12306 practice (the documents say only "第二天早上"). A 创单 (Panhe) or
 * submit (Juhe) is accepted at any hour (its order number answered at once) but a hold due in the
 * closure stays 占位中 until NIGHT_OPENS sandbox time: its hold job is queued for the opening, so the
 * job loop (jobs.ts: `run_at` is sandbox time) processes it as soon as the sandbox clock passes 06:00,
 * then as usual (hold result, callback). Pure, over sandbox time (Beijing wall clock).
 */
import { addDays, parseWireTime, wireDate, wireHm } from './format';

export const NIGHT_CLOSES = '23:00';
export const NIGHT_OPENS = '06:00';

/** Whether sandbox time `at` is in the closure (23:00 inclusive to 06:00 exclusive, Beijing time). */
export function inNightClosure(at: Date): boolean {
  const t = wireHm(at);
  return t >= NIGHT_CLOSES || t < NIGHT_OPENS;
}

/** The next opening strictly after `at`. */
export function nightOpening(at: Date): Date {
  const today = parseWireTime(`${wireDate(at)} ${NIGHT_OPENS}`);
  return today.getTime() > at.getTime() ? today : parseWireTime(`${addDays(wireDate(at), 1)} ${NIGHT_OPENS}`);
}

/**
 * When a hold asked for at `at` is processed: `at + delayMs`, or, when that falls in the closure and
 * the closure is played, `delayMs` after the opening.
 */
export function holdDueAt(at: Date, delayMs: number, closure: boolean): Date {
  const due = new Date(at.getTime() + delayMs);
  if (!closure || !inNightClosure(due)) return due;
  return new Date(nightOpening(due).getTime() + delayMs);
}

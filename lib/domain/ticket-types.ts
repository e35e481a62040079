/**
 * Child and student tickets: what the booking form says about them and what the server enforces.
 * Pure (the form shows the same rules the server applies); values from the rules table
 * (lib/domain/rules.ts), fares from lib/domain/fees.ts `fareForTicketType`.
 */
import { fareForTicketType, TICKET_TYPE } from './fees';
import type { Fen } from './money';
import { ruleAt } from './rules';

export { TICKET_TYPE };

const metres = (cm: number) => (cm / 100).toFixed(1).replace(/\.0$/, '');

/**
 * The two child rules side by side: the provider document's height rule, quoted (juhe-train-booking-faq
 * §10 l.187, rules key `freeChildHeightCm`), and 12306's age rule since 2023-01-01 (childAgeFrom /
 * childAgeUnder / freeChildrenPerAdult), which is what 12306 applies to tickets bought today.
 */
export function childTicketRules(at: Date | string = new Date()): { height: string; age: string } {
  const h = ruleAt('freeChildHeightCm', at);
  const from = ruleAt('childAgeFrom', at);
  const under = ruleAt('childAgeUnder', at);
  const free = ruleAt('freeChildrenPerAdult', at);
  const percent = ruleAt('childFarePercent', at);
  return {
    height:
      `一名成年人旅客可以免费携带一名身高不足${metres(h.freeUnder)}米的儿童；超过一名时，一名儿童免费，其他儿童请购买儿童票。` +
      `儿童身高为${metres(h.freeUnder)}~${metres(h.childTicketUnder)}米的，请购买儿童票；超过${metres(h.childTicketUnder)}米的，请购买全价座票。（出票渠道购票须知）`,
    age:
      `12306 自 2023 年 1 月 1 日起按年龄执行：乘车日满 ${from} 周岁未满 ${under} 周岁购买儿童票（全价的 ${percent}%）；` +
      `每名成人可免费携带 ${free} 名未满 ${from} 周岁的儿童（不单独占座），再多的须购儿童票；满 ${under} 周岁购买全价票。`,
  };
}

/** One ticket's fare before the provider answers: child, student and 残军 fares from the adult fare. */
export function ticketFares(
  adultFen: Fen,
  ticketTypes: readonly number[],
  seatType: number,
  at: Date = new Date(),
): { fares: Fen[]; totalFen: Fen } {
  const fares = ticketTypes.map((t) => fareForTicketType(adultFen, t, seatType, at));
  return { fares, totalFen: fares.reduce((a, b) => a + b, 0) };
}

// ---- students ---------------------------------------------------------------------------------------

const mmdd = (date: string) => date.slice(5, 10);
const md = (s: string) => `${Number(s.slice(0, 2))}月${Number(s.slice(3, 5))}日`;

/** Whether a travel date ('YYYY-MM-DD', Shanghai) lies in a student travel window (a window may wrap the new year). */
export function inStudentWindow(travelDate: string): boolean {
  const d = mmdd(travelDate);
  return ruleAt('studentTravelWindows', travelDate).some((w) =>
    w.from <= w.to ? d >= w.from && d <= w.to : d >= w.from || d <= w.to,
  );
}

export function studentWindowsText(at: Date | string = new Date()): string {
  return ruleAt('studentTravelWindows', at)
    .map((w) => `${md(w.from)}至${md(w.to)}`)
    .join('、');
}

/**
 * The academic year a travel date counts in, as [first, last] dates: from `studentAcademicYearStart`
 * (MM-DD) to the day before the next one.
 */
export function academicYearOf(travelDate: string): { first: string; last: string } {
  const start = ruleAt('studentAcademicYearStart', travelDate);
  const y = Number(travelDate.slice(0, 4));
  const begins = mmdd(travelDate) >= start ? y : y - 1;
  const first = `${begins}-${start}`;
  const next = new Date(Date.parse(`${begins + 1}-${start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return { first, last: next };
}

/** What the booking form says about 学生票 (shown where the provider sells them). */
export function studentTicketRules(at: Date | string = new Date()): string {
  const s = ruleAt('studentFarePercent', at);
  return (
    `学生票：仅限乘车日期在 ${studentWindowsText(at)} 期间；每位学生每学年限 ${ruleAt('studentTripsPerYear', at)} 次单程；` +
    `乘客须在常用乘客中登记学校、学号和入学年份。票价：动车组二等座为全价的 ${s.emuSecondClass}%，普通列车硬座为 ${s.hardSeat}%，其他席别按全价。`
  );
}

export interface StudentCheck {
  name: string;
  travelDate: string;
  /** The saved passenger's student details (school, student number, enrolment year). */
  hasStudentDetails: boolean;
  /** Student tickets of this passenger (same ID) already booked and not refused, cancelled or refunded in the academic year. */
  tripsThisYear: number;
}

/** Why no student ticket can be booked for a travel date, or null (the date inside a student window). */
export function studentWindowRefusal(travelDate: string): string | null {
  return inStudentWindow(travelDate)
    ? null
    : `学生票只在 ${studentWindowsText(travelDate)} 乘车时发售，${travelDate} 不在其内：请改选成人票。`;
}

/** Why a student ticket cannot be booked, or null. */
export function studentTicketRefusal(c: StudentCheck): string | null {
  const window = studentWindowRefusal(c.travelDate);
  if (window) return `${c.name} 的学生票不能预订：${window}`;
  if (!c.hasStudentDetails)
    return `${c.name} 还没有登记学生信息：请先在常用乘客中填写学校、学号和入学年份，或改选成人票。`;
  const max = ruleAt('studentTripsPerYear', c.travelDate);
  if (c.tripsThisYear >= max) {
    const y = academicYearOf(c.travelDate);
    return `${c.name} 在本学年（${y.first} 至 ${y.last}）已购 ${c.tripsThisYear} 次学生票，达到每学年 ${max} 次的上限。请改选成人票。`;
  }
  return null;
}

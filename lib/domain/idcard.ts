/**
 * Chinese resident ID numbers (居民身份证, GB 11643-1999), 18 characters:
 *   6-digit area code · 8-digit birth date YYYYMMDD · 3-digit sequence (odd = male, even = female) ·
 *   check character = "10X98765432"[Σ digit_i × weight_i mod 11], weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2.
 * Also: age on a date and the ticket type that age travels on (12306 child rule since 2023-01-01),
 * and a generator of valid test numbers. Pure; dates are 'YYYY-MM-DD' calendar strings.
 */
import { isValidDate } from '@/lib/time';
import { ruleAt } from './rules';

export const ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export const ID_CHECK_CHARS = '10X98765432';

const ID_RE = /^(\d{6})(\d{4})(\d{2})(\d{2})(\d{3})([\dX])$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('need exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/** Whether 'YYYY-MM-DD' is a real calendar date from 1900 on. */
export function isRealDate(iso: string): boolean {
  return isValidDate(iso) && iso >= '1900-01-01';
}

/** Upper-cases and trims (a lower-case x check character is common in input). */
export const normalizeIdCard = (id: string): string => id.trim().toUpperCase();

/** The birth date inside an 18-character number (not checking the check character), or null. */
export function birthDateOfId(id: string): string | null {
  const m = ID_RE.exec(normalizeIdCard(id));
  if (!m) return null;
  const iso = `${m[2]}-${m[3]}-${m[4]}`;
  return isRealDate(iso) ? iso : null;
}

export interface IdCardInfo {
  id: string;
  areaCode: string;
  birthDate: string;
  /** Provider convention: 1 male, 2 female (sequence digit odd = male). */
  sex: 1 | 2;
}

/**
 * Parses and validates a number: format, real birth date (not after `today` when given) and check
 * character. Null when invalid.
 */
export function parseIdCard(raw: string, today?: string): IdCardInfo | null {
  const id = normalizeIdCard(raw);
  const m = ID_RE.exec(id);
  if (!m) return null;
  const birthDate = `${m[2]}-${m[3]}-${m[4]}`;
  if (!isRealDate(birthDate)) return null;
  if (today && birthDate > today) return null;
  if (idCheckChar(id.slice(0, 17)) !== m[6]) return null;
  return { id, areaCode: m[1]!, birthDate, sex: Number(m[5]!.charAt(2)) % 2 === 1 ? 1 : 2 };
}

export function isValidIdCard(id: string, today?: string): boolean {
  return parseIdCard(id, today) !== null;
}

/** 1 male, 2 female; null when the number is invalid. */
export function sexOfId(id: string): 1 | 2 | null {
  return parseIdCard(id)?.sex ?? null;
}

/** Age in whole years on a calendar date; a 29 February birthday comes of age on 1 March in common years. */
export function ageOn(birthDate: string, onDate: string): number {
  const b = DATE_RE.exec(birthDate);
  const d = DATE_RE.exec(onDate);
  if (!b || !d) throw new RangeError(`dates must be YYYY-MM-DD: ${birthDate}, ${onDate}`);
  const [by, bm, bd] = [Number(b[1]), Number(b[2]), Number(b[3])];
  const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  return y - by - (m < bm || (m === bm && day < bd) ? 1 : 0);
}

export interface TicketTypeForAge {
  /** 1 adult, 2 child. */
  ticketType: 1 | 2;
  /** Under 6: may travel free without a seat with an adult (one per adult); a child ticket buys a seat. */
  mayTravelFree: boolean;
}

/**
 * The ticket type for an age on the travel date (12306 since 2023-01-01): under 6 free with an adult
 * or a child ticket for a seat; 6 to under 14 child; 14 and over adult. Students and 残军 are chosen by
 * the passenger, not by age.
 */
export function ticketTypeForAge(age: number, travelDate?: string): TicketTypeForAge {
  if (!Number.isInteger(age) || age < 0) throw new RangeError(`not an age: ${age}`);
  const on = travelDate ?? new Date();
  const from = ruleAt('childAgeFrom', on);
  const under = ruleAt('childAgeUnder', on);
  if (age < from) return { ticketType: 2, mayTravelFree: true };
  if (age < under) return { ticketType: 2, mayTravelFree: false };
  return { ticketType: 1, mayTravelFree: false };
}

/** `ticketTypeForAge` from a birth date and the travel date. */
export function ticketTypeForBirthDate(birthDate: string, travelDate: string): TicketTypeForAge {
  return ticketTypeForAge(Math.max(0, ageOn(birthDate, travelDate)), travelDate);
}

/**
 * Builds a number from an area code, a birth date and a sequence (0-999), adding the check
 * character. Does NOT validate the birth date, so tests can make numbers with impossible dates;
 * use `generateIdCard` for a guaranteed-valid number.
 */
export function makeIdCard(area: string, birth: string, seq: number): string {
  const first17 = `${area}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/**
 * A valid test number (seeds, tests). `area` defaults to 110101 (北京东城); `sex` forces the parity
 * of the sequence; `seq` 0-999 (default 1, adjusted to the sex when given).
 */
export function generateIdCard(opts: { birthDate: string; area?: string; seq?: number; sex?: 1 | 2 }): string {
  const area = opts.area ?? '110101';
  if (!/^\d{6}$/.test(area)) throw new RangeError(`area code must be 6 digits: ${area}`);
  if (!isRealDate(opts.birthDate)) throw new RangeError(`not a real birth date: ${opts.birthDate}`);
  let seq = opts.seq ?? 1;
  if (!Number.isInteger(seq) || seq < 0 || seq > 999) throw new RangeError(`sequence must be 0-999: ${seq}`);
  if (opts.sex && (seq % 2 === 1 ? 1 : 2) !== opts.sex) seq = seq === 999 ? 998 : seq + 1;
  return makeIdCard(area, opts.birthDate, seq);
}

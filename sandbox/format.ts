/** Wire formats of the protocol (pure): Beijing-time date strings, durations, names of codes. */
import { SEAT_TYPE_NAMES } from '@/protocol/panhe/seats';

const BEIJING_MS = 8 * 3_600_000;

/** "yyyy-MM-dd HH:mm" (or with ":ss") in Beijing time. */
export function wireTime(d: Date, seconds = false): string {
  return new Date(d.getTime() + BEIJING_MS)
    .toISOString()
    .slice(0, seconds ? 19 : 16)
    .replace('T', ' ');
}
export const wireDate = (d: Date): string => wireTime(d).slice(0, 10);
export const wireHm = (d: Date): string => wireTime(d).slice(11, 16);
export const optTime = (d: Date | null | undefined): string | null => (d ? wireTime(d, true) : null);

/** Parses "yyyy-MM-dd HH:mm[:ss]" as Beijing time. */
export function parseWireTime(s: string): Date {
  return new Date(`${s.trim().replace(' ', 'T').slice(0, 16)}:00+08:00`);
}

/** Whole-minute duration as "HH:mm" (runTime). */
export function hhmm(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export const addDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const seatTypeName = (t: number): string => SEAT_TYPE_NAMES[t] ?? '其他';
export const SLEEPER_NAMES: Record<number, string> = { 1: '下铺', 2: '中铺', 3: '上铺' };
export const TICKET_TYPE_NAMES: Record<number, string> = { 1: '成人票', 2: '儿童票', 3: '学生票', 4: '残军票' };
export const CARD_TYPE_NAMES: Record<number, string> = {
  1: '身份证',
  2: '护照',
  3: '港澳居民来往内地通行证',
  4: '台湾居民来往大陆通行证',
  8: '外国人永久居留身份证',
  9: '港澳台居民居住证',
};

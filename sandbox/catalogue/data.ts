/**
 * Loads the project's copy of the railway data (data/railway, see its README for sources): stations,
 * the national timetable of 2024-06-15, line mileage and station coordinates.
 *
 * Calendar projection (documented in sandbox/README.md): a train number whose running dates include
 * 2024-06-15 runs every day on today's calendar; an odd/even-day pattern (单/双) keeps its parity on
 * the travel date's day of month and a weekday pattern (w…) keeps its weekdays. Train numbers not
 * running on 2024-06-15 are dropped (when several internal numbers share a code, the one valid that
 * day is used).
 */
import fs from 'node:fs';
import path from 'node:path';

export const DATA_DIR = path.join(process.cwd(), 'data', 'railway');
export const REFERENCE_DATE = '240615';

export interface StationRow {
  name: string;
  telecode: string;
  pinyin: string;
  initials: string;
  city: string;
  /** Daily sale-start time "HH:MM". */
  saleStart: string;
}

export interface Stop {
  name: string;
  /** Minutes after the first departure (day 0 00:00 = 0 is NOT used: times are relative). */
  arrive: number | null;
  depart: number | null;
}

export interface Train {
  trainNo: string;
  trainCode: string;
  /** First departure, minutes after midnight. */
  startMinute: number;
  parity: 'odd' | 'even' | null;
  /** ISO weekdays (1 = Monday) the train keeps from a weekday pattern, or null for every day. */
  weekdays: number[] | null;
  stops: Stop[];
}

const read = (f: string) => fs.readFileSync(path.join(DATA_DIR, f), 'utf8').replace(/^\uFEFF/, '');

export function loadStations(): StationRow[] {
  return read('station.csv')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => {
      const [, name = '', telecode = '', pinyin = '', initials = '', , , city = '', sale = '12'] = l.split(',');
      const saleStart = sale.includes(':') ? sale.padStart(5, '0') : `${sale.padStart(2, '0')}:00`;
      return { name, telecode, pinyin, initials, city: city || name, saleStart };
    });
}

/**
 * Does a running-dates pattern include a date (yymmdd)? Patterns join parts with '&': a date list
 * ("240615-0721", "240727|30"), an exclusion list ("!240720"), a parity (单/双) or weekdays ("w5671",
 * 1 = Monday). An empty pattern runs daily.
 */
export function runsOn(pattern: string, yymmdd: string): boolean {
  return pattern
    .trim()
    .split('&')
    .filter(Boolean)
    .every((part) => partRuns(part, yymmdd));
}

function weekday(yymmdd: string): number {
  const d = new Date(`20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

function partRuns(part: string, yymmdd: string): boolean {
  if (part === '单') return Number(yymmdd.slice(4)) % 2 === 1;
  if (part === '双') return Number(yymmdd.slice(4)) % 2 === 0;
  if (part.startsWith('w')) return part.slice(1).includes(String(weekday(yymmdd)));
  const exclude = part.startsWith('!');
  const p = exclude ? part.slice(1) : part;
  let year = '24';
  let month = '01';
  const expand = (x: string): number => {
    if (x.length === 6) {
      year = x.slice(0, 2);
      month = x.slice(2, 4);
      return Number(x);
    }
    if (x.length === 4) {
      month = x.slice(0, 2);
      return Number(`${year}${x}`);
    }
    return Number(`${year}${month}${x.padStart(2, '0')}`);
  };
  const target = Number(yymmdd);
  let covered = false;
  for (const seg of p.split('|')) {
    const [a = '', b] = seg.split('-');
    const start = expand(a);
    const end = b ? expand(b) : start;
    if (start <= target && target <= end) covered = true;
  }
  return exclude ? !covered : covered;
}

/** The calendar rules a projected train keeps: parity and weekdays (date lists are dropped). */
export function projectedRule(pattern: string): { parity: 'odd' | 'even' | null; weekdays: number[] | null } {
  const parts = pattern.split('&');
  const parity = parts.includes('单') ? 'odd' : parts.includes('双') ? 'even' : null;
  const w = parts.find((p) => p.startsWith('w'));
  return { parity, weekdays: w ? [...w.slice(1)].map(Number) : null };
}

const hhmm = (s: string) => {
  const [h, m] = s.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

export function loadTimetable(stationsByCode: Map<string, StationRow>): Train[] {
  const trains: Train[] = [];
  for (const block of read('timetable-cr240615.csv').split(/\r?\n\s*\r?\n/)) {
    const lines = block.split(/\r?\n/).filter((l) => l.trim());
    const headers: string[][] = [];
    let i = 0;
    while (i < lines.length && /^[0-9A-Za-z]{12},/.test(lines[i]!)) headers.push(lines[i++]!.split(','));
    const stopLines = lines.slice(i);
    if (!headers.length || stopLines.length < 2) continue;
    const valid = headers.find((h) => runsOn(h[2] ?? '', REFERENCE_DATE));
    if (!valid) continue;
    const [trainNo = '', trainCode = '', dates = ''] = valid;
    const stops: Stop[] = [];
    let t = 0;
    let startMinute = 0;
    for (const [k, line] of stopLines.entries()) {
      const [code = '', run = '', stay = ''] = line.split(',');
      const name = stationsByCode.get(code)?.name ?? code;
      if (k === 0) {
        startMinute = hhmm(stay);
        stops.push({ name, arrive: null, depart: 0 });
        continue;
      }
      t += Number(run);
      const last = k === stopLines.length - 1;
      const dwell = Number(stay || 0);
      stops.push({ name, arrive: t, depart: last ? null : t + dwell });
      t += dwell;
    }
    trains.push({ trainNo, trainCode, startMinute, ...projectedRule(dates), stops });
  }
  return trains;
}

export function loadMileage(): Map<string, Map<string, number>> {
  const lines = new Map<string, Map<string, number>>();
  for (const f of fs.readdirSync(path.join(DATA_DIR, 'line-mileage'))) {
    const m = new Map<string, number>();
    for (const l of read(path.join('line-mileage', f)).split(/\r?\n/)) {
      const [name, km] = l.trim().split(/\s+/);
      if (name && km && !Number.isNaN(Number(km))) m.set(name, Number(km));
    }
    lines.set(f.replace(/里程\.txt$/, ''), m);
  }
  return lines;
}

export function loadCoordinates(): Map<string, { lon: number; lat: number }> {
  const out = new Map<string, { lon: number; lat: number }>();
  for (const l of read('station-coordinates.csv').split(/\r?\n/).slice(1)) {
    const [name, , lon, lat] = l.split(',');
    if (name && lon && lat) out.set(name, { lon: Number(lon), lat: Number(lat) });
  }
  return out;
}

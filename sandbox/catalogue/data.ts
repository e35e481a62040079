/**
 * Readers for the project's copy of the railway data (`data/railway/`, sources and formats in its
 * README): stations, the national timetable of 2024-06-15, line mileage and station coordinates.
 * The only I/O of the catalogue: synchronous reads of those files, each parsed into plain rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `data/railway` at the repository root: found from this module's location (sandbox/catalogue/ is two
 * levels below the root), else from the working directory (e.g. when bundled). `RAILWAY_DATA_DIR`
 * overrides both.
 */
export function dataDir(): string {
  const fromEnv = process.env.RAILWAY_DATA_DIR;
  if (fromEnv) return fromEnv;
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL('../../data/railway/', import.meta.url)));
  } catch {
    // not a file: URL (bundled); fall through to the working directory
  }
  candidates.push(path.join(process.cwd(), 'data', 'railway'));
  return candidates.find((d) => fs.existsSync(path.join(d, 'station.csv'))) ?? candidates[candidates.length - 1]!;
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, '');
const lines = (text: string) => text.split(/\r?\n/);

/** When a station's sale-start column is empty (about 300 rows). */
export const DEFAULT_SALE_START = '08:00';

export interface StationRow {
  /** Short code column (e.g. "bjn"). */
  short: string;
  name: string;
  telecode: string;
  pinyin: string;
  /** Pinyin initials (车站列表 stationShortChar), e.g. "bj" for 北京. */
  initials: string;
  /** 12306 index; -1 for the ~20 rows added by hand upstream. */
  index: number;
  cityCode: string;
  /** City (prefecture); the station's own name when the column is empty. */
  city: string;
  /** Daily sale-start time "HH:MM" ("12" in the file means 12:00; empty → DEFAULT_SALE_START). */
  saleStart: string;
  /** Whether the file gave a sale-start time. */
  saleStartKnown: boolean;
}

export function normalizeSaleStart(raw: string): string | null {
  const s = raw.trim();
  if (!s) return null;
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** station.csv: `short, name, telecode, pinyin, initials, index, city code, city, sale-start, GBK-base64 name`. */
export function loadStations(dir = dataDir()): StationRow[] {
  const out: StationRow[] = [];
  for (const line of lines(read(dir, 'station.csv'))) {
    if (!line.trim()) continue;
    const [
      short = '',
      name = '',
      telecode = '',
      pinyin = '',
      initials = '',
      index = '',
      cityCode = '',
      city = '',
      sale = '',
    ] = line.split(',');
    if (!name || !telecode) continue;
    const saleStart = normalizeSaleStart(sale);
    out.push({
      short,
      name,
      telecode,
      pinyin,
      initials,
      index: Number(index || -1),
      cityCode,
      city: city || name,
      saleStart: saleStart ?? DEFAULT_SALE_START,
      saleStartKnown: saleStart !== null,
    });
  }
  return out;
}

export interface RawTrainHeader {
  trainNo: string;
  trainCode: string;
  dates: string;
  flag: string;
}

export interface RawStop {
  /** Telecode (3 capitals) or, in ~1 % of rows, a Chinese station name. */
  ref: string;
  /** First stop: departure "HH:MM"; later stops: null. */
  departureTime: string | null;
  /** Minutes running since the previous departure (null at the first stop). */
  runMinutes: number | null;
  /** Minutes stopped here (null at the first and last stops). */
  stopMinutes: number | null;
}

export interface RawBlock {
  headers: RawTrainHeader[];
  stops: RawStop[];
}

const HEADER_RE = /^[0-9A-Za-z]{12},/;

/**
 * timetable-cr240615.csv: blank-line separated blocks; one or more `train_no,train_code,dates,flag`
 * header lines, then the stops (`TELECODE,,HH:MM` first, then `TELECODE,run,stop`, the last without
 * stop minutes). Blocks with fewer than two stops or a malformed first stop are skipped.
 */
export function loadTimetableBlocks(dir = dataDir()): RawBlock[] {
  const blocks: RawBlock[] = [];
  let cur: RawBlock | null = null;
  const flush = () => {
    if (cur && cur.headers.length && cur.stops.length >= 2 && cur.stops[0]!.departureTime) blocks.push(cur);
    cur = null;
  };
  const text = read(dir, 'timetable-cr240615.csv');
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const l = text.slice(pos, end).trim();
    pos = end + 1;
    if (!l) {
      flush();
      continue;
    }
    const fields = l.split(',');
    const ref = fields[0] ?? '';
    if (ref.length === 12 && HEADER_RE.test(l)) {
      if (cur && cur.stops.length) flush();
      cur ??= { headers: [], stops: [] };
      cur.headers.push({ trainNo: ref, trainCode: fields[1] ?? '', dates: fields[2] ?? '', flag: fields[3] ?? '' });
      continue;
    }
    if (!cur || !ref) continue;
    const a = fields[1] ?? '';
    const b = fields[2] ?? '';
    if (cur.stops.length === 0) {
      const t = /^\d{1,2}:\d{2}$/.test(b) ? b.padStart(5, '0') : null;
      cur.stops.push({ ref, departureTime: t, runMinutes: null, stopMinutes: null });
    } else {
      cur.stops.push({ ref, departureTime: null, runMinutes: a === '' ? 0 : +a, stopMinutes: b === '' ? null : +b });
    }
  }
  flush();
  return blocks;
}

/** One line-mileage table: station → km from the line's origin. Rows marked `*` are kept. */
export interface MileageLine {
  name: string;
  km: Map<string, number>;
}

export function loadMileage(dir = dataDir()): MileageLine[] {
  const sub = path.join(dir, 'line-mileage');
  const out: MileageLine[] = [];
  for (const f of fs.readdirSync(sub).sort()) {
    if (!f.endsWith('.txt')) continue;
    const km = new Map<string, number>();
    for (const l of lines(read(sub, f))) {
      const [name, value] = l.trim().split(/\s+/);
      if (name && value !== undefined && /^-?\d+(\.\d+)?$/.test(value) && !km.has(name)) km.set(name, Number(value));
    }
    out.push({ name: f.replace(/里程\.txt$/, '').replace(/\.txt$/, ''), km });
  }
  return out;
}

export interface Coordinate {
  lon: number;
  lat: number;
}

/** station-coordinates.csv: `station,city,longitude,latitude` with a header. */
export function loadCoordinates(dir = dataDir()): Map<string, Coordinate> {
  const out = new Map<string, Coordinate>();
  for (const l of lines(read(dir, 'station-coordinates.csv')).slice(1)) {
    const [name, , lon, lat] = l.split(',');
    const x = Number(lon);
    const y = Number(lat);
    if (name && Number.isFinite(x) && Number.isFinite(y) && !out.has(name)) out.set(name, { lon: x, lat: y });
  }
  return out;
}

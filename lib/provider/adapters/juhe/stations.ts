/**
 * Station telecodes (juhe-train-api.md §1, §20.4): ticketsAvailable and submit take 12306's three-letter
 * codes, the portal speaks station names. "Codes rarely change: cache them (FAQ §1)" — FAQ §1 "建议将车站
 * 简码缓存或存数据库,不必每次都查". The whole table (cityCode?all=1) is kept in memory per adapter (one per
 * process) and read again after a day; a name it lacks makes one early re-read at most once an hour
 * (a new station), and a failed re-read keeps the table it has.
 */
import { refusedHere } from './errors';
import type { StationWire } from './wire';

export const STATION_TABLE_TTL_MS = 24 * 60 * 60_000;
/** A locally kept table (the synced list in the database, itself cached in memory) is read again sooner. */
export const LOCAL_STATION_TABLE_TTL_MS = 60_000;
const MISS_RELOAD_MS = 60 * 60_000;

export interface StationBook {
  /** The telecode of a station name; a business ProviderError "未知车站" when there is none. */
  codeOf(name: string): Promise<string>;
  /** The name of a telecode, from the table as last read (null when unknown or not read yet). */
  nameOf(code: string): string | null;
  /** Reads the table now (tests, warm-up). */
  refresh(): Promise<void>;
}

interface Table {
  byName: Map<string, string>;
  byCode: Map<string, string>;
  at: number;
}

/** "苏州北站" and "苏州北" are the same station (§1: "station name without 站"). */
const normName = (n: string) => n.trim().replace(/站$/, '');

export function createStationBook(
  load: () => Promise<Pick<StationWire, 'name' | 'code'>[]>,
  now: () => number = Date.now,
  ttlMs = STATION_TABLE_TTL_MS,
): StationBook {
  let table: Table | null = null;
  let loading: Promise<Table> | null = null;

  function read(): Promise<Table> {
    loading ??= load()
      .then((rows) => {
        const t: Table = { byName: new Map(), byCode: new Map(), at: now() };
        for (const r of rows) {
          const code = r.code.toUpperCase();
          if (!r.name || !/^[A-Z]{3}$/.test(code)) continue;
          t.byName.set(normName(r.name), code);
          if (!t.byCode.has(code)) t.byCode.set(code, normName(r.name));
        }
        table = t;
        return t;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  async function current(): Promise<Table> {
    if (!table) return read();
    if (now() - table.at < ttlMs) return table;
    try {
      return await read();
    } catch {
      return table; // stale but usable: codes rarely change
    }
  }

  return {
    async codeOf(name) {
      const key = normName(name);
      let t = await current();
      let code = t.byName.get(key);
      if (!code && now() - t.at >= MISS_RELOAD_MS) {
        t = await read().catch(() => t);
        code = t.byName.get(key);
      }
      if (!code) throw refusedHere('cityCode', `未知车站:${name}`);
      return code;
    },
    nameOf: (code) => table?.byCode.get(code.trim().toUpperCase()) ?? null,
    refresh: async () => {
      await read();
    },
  };
}

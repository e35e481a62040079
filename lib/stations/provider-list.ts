/**
 * The providers' station lists as the portal uses them (issue 26 item 11): provider_stations (kept by
 * the sync job, sync.ts) merged over the bundled list (data/railway/station.csv), which stays the
 * fallback when a provider's list is missing or empty. Read by the station autocomplete and by the
 * station lookup that builds provider requests (Juhe's telecodes: juhe-train-api.md §1; Panhe takes
 * station names as they are, panhe-train-api.md 余票查询 fromStation "出发火车站名称").
 *
 * Kept cheap: each process holds the merged lists in memory and, at most every TTL_MS, asks the
 * database one small question (per provider: row count and last synced_at); only when that answer
 * changed are the rows read again. A database failure keeps what the process has (else the bundled list).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { env } from '@/lib/env';
import { logError } from '@/lib/log';
import { bundledDirectory, buildDirectory, searchStations, type StationDirectory, type StationOption } from './index';
import { mergeStations, stationCodes, type ProviderStation } from './merge';

export const TTL_MS = 60_000;

interface State {
  version: string;
  checkedAt: number;
  byProvider: Map<string, ProviderStation[]>;
  directory: StationDirectory;
  codes: Map<string, Map<string, string>>;
}

let state: State | undefined;
let loading: Promise<State> | undefined;

/** The configured providers first (PROVIDERS order: the preferred one's names win), then any other. */
function providerOrder(ids: string[]): string[] {
  const configured = env().PROVIDERS as readonly string[];
  return [...ids].sort((a, b) => {
    const ia = configured.indexOf(a);
    const ib = configured.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
}

async function read(previous: State | undefined): Promise<State> {
  const versions = await db().execute<{ provider: string; n: number; at: string | null }>(
    sql`select provider, count(*)::int as n, max(synced_at)::text as at from provider_stations group by provider
        order by provider`,
  );
  const version = [...versions].map((v) => `${v.provider}:${v.n}:${v.at}`).join('|');
  if (previous && previous.version === version) return { ...previous, checkedAt: Date.now() };
  const rows = await db().execute<{
    provider: string;
    name: string;
    code: string;
    pinyin: string | null;
    short_char: string | null;
  }>(sql`select provider, name, code, pinyin, short_char from provider_stations`);
  const byProvider = new Map<string, ProviderStation[]>();
  for (const r of rows) {
    const list = byProvider.get(r.provider) ?? [];
    list.push({ name: r.name, code: r.code, pinyin: r.pinyin, shortChar: r.short_char });
    byProvider.set(r.provider, list);
  }
  const bundled = bundledDirectory();
  const lists = providerOrder([...byProvider.keys()]).map((p) => byProvider.get(p)!);
  return {
    version,
    checkedAt: Date.now(),
    byProvider,
    directory: lists.length ? buildDirectory(mergeStations(bundled.stations, lists)) : bundled,
    codes: new Map(),
  };
}

async function current(): Promise<State> {
  if (state && Date.now() - state.checkedAt < TTL_MS) return state;
  loading ??= read(state)
    .then((s) => (state = s))
    .catch((e: unknown) => {
      logError('provider station lists not read; keeping the last known (or the bundled) list', e);
      state = state
        ? { ...state, checkedAt: Date.now() }
        : {
            version: '',
            checkedAt: Date.now(),
            byProvider: new Map(),
            directory: bundledDirectory(),
            codes: new Map(),
          };
      return state;
    })
    .finally(() => {
      loading = undefined;
    });
  return loading;
}

/** Forget the cached lists (after a sync in this process, and in tests). */
export function forgetProviderStations(): void {
  state = undefined;
}

/** The station autocomplete over the merged directory. */
export async function searchStationDirectory(query: string, limit = 10): Promise<StationOption[]> {
  return searchStations(query, limit, (await current()).directory);
}

/**
 * name → code for one provider's requests: its kept list where it has the station, the bundled list
 * otherwise (Juhe's adapter takes this as its local station table: registry.ts).
 */
export async function localStationCodes(provider: string): Promise<{ name: string; code: string }[]> {
  const s = await current();
  let codes = s.codes.get(provider);
  if (!codes) {
    codes = stationCodes(bundledDirectory().stations, s.byProvider.get(provider) ?? []);
    s.codes.set(provider, codes);
  }
  return [...codes].map(([name, code]) => ({ name, code }));
}

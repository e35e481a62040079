/**
 * Pure functions of the provider station lists (issue 26 item 11): cleaning a provider's answer, the
 * diff a sync applies to the kept list, and the merge of the kept lists over the bundled one.
 *
 * panhe-train-api.md l.66 "该接口用于获取全国所有火车站静态数据,接口调用一次即可,把信息保存在本地或入库" and
 * l.71-74 (stationName, stationShortChar, stationPinYin, stationCode); juhe-train-api.md §1 cityCode
 * (name → telecode, "Codes rarely change: cache them (FAQ §1)"; §19 "Juhe has no pinyin fields").
 */
import type { Station } from './index';

/** A station as a provider lists it and as provider_stations keeps it. */
export interface ProviderStation {
  name: string;
  code: string;
  pinyin: string | null;
  shortChar: string | null;
}

/** "苏州北站" and "苏州北" are one station (juhe §1 "station name without 站"); codes are upper case. */
export function cleanStationList(
  list: readonly { name: string; code: string; pinyin?: string | null; shortChar?: string | null }[],
): ProviderStation[] {
  const out = new Map<string, ProviderStation>();
  for (const s of list) {
    const name = s.name.trim().replace(/(.)站$/, '$1');
    const code = s.code.trim().toUpperCase();
    if (!name || !code || out.has(name)) continue; // the first entry of a name wins
    out.set(name, {
      name,
      code,
      pinyin: s.pinyin?.trim().toLowerCase() || null,
      shortChar: s.shortChar?.trim().toLowerCase() || null,
    });
  }
  return [...out.values()];
}

export interface StationDiff {
  /** Names new to the kept list. */
  added: string[];
  /** Names the provider no longer lists: deleted. */
  removed: string[];
  /** Names whose code, pinyin or initials changed. */
  changed: string[];
}

const same = (a: ProviderStation, b: ProviderStation) =>
  a.code === b.code && a.pinyin === b.pinyin && a.shortChar === b.shortChar;

/** What a sync changes in the kept list of one provider. */
export function diffStations(kept: readonly ProviderStation[], incoming: readonly ProviderStation[]): StationDiff {
  const before = new Map(kept.map((s) => [s.name, s]));
  const now = new Set(incoming.map((s) => s.name));
  const added: string[] = [];
  const changed: string[] = [];
  for (const s of incoming) {
    const old = before.get(s.name);
    if (!old) added.push(s.name);
    else if (!same(old, s)) changed.push(s.name);
  }
  return { added, removed: kept.filter((s) => !now.has(s.name)).map((s) => s.name), changed };
}

/**
 * The directory's station list: the bundled list with every station a provider lists taking that
 * provider's code, pinyin and initials (the first list given wins: pass the preferred provider's first),
 * and the providers' stations the bundled list lacks added (their own city). Bundled stations no
 * provider lists stay: the bundled list remains the fallback (a missing or empty provider list changes
 * nothing).
 */
export function mergeStations(bundled: readonly Station[], lists: readonly (readonly ProviderStation[])[]): Station[] {
  const synced = new Map<string, ProviderStation>();
  for (const list of lists) for (const s of list) if (!synced.has(s.name)) synced.set(s.name, s);
  if (!synced.size) return [...bundled];
  const out: Station[] = [];
  const seen = new Set<string>();
  for (const b of bundled) {
    // A name the bundled list has twice (南山北: NEQ in 三亚 and NBQ) is one entry of a provider's list
    // (kept by name): it updates the first, the other keeps its own code.
    const s = seen.has(b.name) ? undefined : synced.get(b.name);
    seen.add(b.name);
    out.push(s ? { ...b, telecode: s.code, pinyin: s.pinyin || b.pinyin, initials: s.shortChar || b.initials } : b);
  }
  for (const s of synced.values())
    if (!seen.has(s.name))
      out.push({ name: s.name, telecode: s.code, pinyin: s.pinyin ?? '', initials: s.shortChar ?? '', city: s.name });
  return out;
}

/** name → telecode for one provider's requests: its kept list where it has the station, else the bundled one. */
export function stationCodes(bundled: readonly Station[], kept: readonly ProviderStation[]): Map<string, string> {
  const codes = new Map<string, string>();
  for (const b of bundled) if (!codes.has(b.name)) codes.set(b.name, b.telecode);
  for (const s of kept) codes.set(s.name, s.code);
  return codes;
}

/** At worker start a sync runs unless one was attempted this recently (a restart loop must not use up panhe's 10 a day). */
export const START_MIN_GAP_MS = 10 * 60_000;
/** After a failed attempt, the next try waits this long (at most ~10 tries a day: panhe l.66). */
export const RETRY_AFTER_FAILURE_MS = 3 * 60 * 60_000;

/** Whether a provider's list is due, from its last attempt and its last good sync. */
export function stationSyncDue(
  last: { at: Date; ok: boolean } | null,
  lastOk: Date | null,
  now: Date,
  opts: { start: boolean; refreshHours: number },
): boolean {
  if (!last) return true;
  const sinceAttempt = now.getTime() - last.at.getTime();
  if (opts.start) return sinceAttempt >= START_MIN_GAP_MS;
  const stale = !lastOk || now.getTime() - lastOk.getTime() >= opts.refreshHours * 3_600_000;
  return stale && (last.ok || sinceAttempt >= RETRY_AFTER_FAILURE_MS);
}

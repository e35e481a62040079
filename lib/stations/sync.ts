/**
 * The station list sync (issue 26 item 11): each provider's whole station list is read (port
 * `stationList`: Panhe 站点 list, Juhe cityCode all=1) and kept in provider_stations, so requests and the
 * autocomplete use it (provider-list.ts) without asking the provider per request.
 *
 * panhe-train-api.md l.66: "接口调用一次即可,把信息保存在本地或入库。PS: 静态数据,切勿实时调用该接口,每天最多请求10次";
 * juhe-train-api.md §1 "Codes rarely change: cache them (FAQ §1)". Run by a job once at worker start and
 * whenever the last good sync is older than the rules table's stationListRefreshHours (jobs.ts).
 *
 * One sync, one transaction: upsert every listed station, delete those no longer listed, record a
 * provider_station_syncs row with the counts. A failure (the provider's error, an empty list, a
 * database error) changes no station and records the error instead: the previous list stays in use.
 */
import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { providerStations, providerStationSyncs } from '@/db/schema';
import { ruleAt } from '@/lib/domain/rules';
import { logError, logInfo } from '@/lib/log';
import type { TicketProvider } from '@/lib/provider';
import { configuredProviders } from '@/lib/provider/registry';
import { cleanStationList, diffStations, stationSyncDue, type ProviderStation } from './merge';
import { forgetProviderStations } from './provider-list';

export interface StationSyncOutcome {
  provider: string;
  ok: boolean;
  stations: number;
  added: number;
  removed: number;
  changed: number;
  error: string | null;
}

const CHUNK = 500;

type Listing = Pick<TicketProvider, 'id' | 'stationList'>;

async function recordFailure(provider: string, error: string): Promise<StationSyncOutcome> {
  const text = error.slice(0, 500);
  await db().insert(providerStationSyncs).values({ provider, ok: false, error: text });
  logError('provider station list not synced; the previous list stays', new Error(text), { provider });
  return { provider, ok: false, stations: 0, added: 0, removed: 0, changed: 0, error: text };
}

/** A provider's latest sync row and when its latest successful one was (both null before any). */
async function lastSyncs(provider: string) {
  const [last] = await db()
    .select()
    .from(providerStationSyncs)
    .where(eq(providerStationSyncs.provider, provider))
    .orderBy(desc(providerStationSyncs.at))
    .limit(1);
  const [lastOk] = await db()
    .select({ at: providerStationSyncs.at })
    .from(providerStationSyncs)
    .where(and(eq(providerStationSyncs.provider, provider), eq(providerStationSyncs.ok, true)))
    .orderBy(desc(providerStationSyncs.at))
    .limit(1);
  return { last: last ?? null, lastOkAt: lastOk?.at ?? null };
}

/** Applies a cleaned, non-empty list to one provider's kept list in one transaction; answers the diff. */
export async function applyStationList(provider: string, incoming: ProviderStation[]): Promise<StationSyncOutcome> {
  const outcome = await db().transaction(async (tx) => {
    // One sync of a provider at a time (two workers starting together).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`provider-stations:${provider}`}))`);
    const kept = (
      await tx
        .select({
          name: providerStations.name,
          code: providerStations.code,
          pinyin: providerStations.pinyin,
          shortChar: providerStations.shortChar,
        })
        .from(providerStations)
        .where(eq(providerStations.provider, provider))
    ).map((r) => ({ ...r }));
    const diff = diffStations(kept, incoming);
    const now = new Date();
    for (let i = 0; i < incoming.length; i += CHUNK) {
      await tx
        .insert(providerStations)
        .values(incoming.slice(i, i + CHUNK).map((s) => ({ provider, ...s, syncedAt: now })))
        .onConflictDoUpdate({
          target: [providerStations.provider, providerStations.name],
          set: {
            code: sql`excluded.code`,
            pinyin: sql`excluded.pinyin`,
            shortChar: sql`excluded.short_char`,
            syncedAt: sql`excluded.synced_at`,
          },
        });
    }
    for (let i = 0; i < diff.removed.length; i += CHUNK)
      await tx
        .delete(providerStations)
        .where(
          and(
            eq(providerStations.provider, provider),
            inArray(providerStations.name, diff.removed.slice(i, i + CHUNK)),
          ),
        );
    await tx.insert(providerStationSyncs).values({
      provider,
      ok: true,
      stations: incoming.length,
      added: diff.added.length,
      removed: diff.removed.length,
      at: now,
    });
    return {
      provider,
      ok: true,
      stations: incoming.length,
      added: diff.added.length,
      removed: diff.removed.length,
      changed: diff.changed.length,
      error: null,
    };
  });
  forgetProviderStations();
  return outcome;
}

/** Reads one provider's list and keeps it; never throws (the outcome says what happened). */
export async function syncProviderStations(p: Listing): Promise<StationSyncOutcome | null> {
  if (!p.stationList) return null;
  let incoming: ProviderStation[];
  try {
    incoming = cleanStationList(await p.stationList());
  } catch (e) {
    return recordFailure(p.id, e instanceof Error ? e.message : String(e));
  }
  if (!incoming.length) return recordFailure(p.id, '供应商返回的车站列表为空,保留原列表');
  try {
    const out = await applyStationList(p.id, incoming);
    logInfo('provider station list synced', { ...out });
    return out;
  } catch (e) {
    return recordFailure(p.id, `保存车站列表失败:${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The job: every configured provider with a station list whose list is due. */
export async function syncDueStationLists(
  opts: { start?: boolean; now?: Date; providers?: Listing[] } = {},
): Promise<StationSyncOutcome[]> {
  const now = opts.now ?? new Date();
  const out: StationSyncOutcome[] = [];
  for (const p of opts.providers ?? configuredProviders()) {
    if (!p.stationList) continue;
    const { last, lastOkAt } = await lastSyncs(p.id);
    const refreshHours = ruleAt('stationListRefreshHours', now);
    if (!stationSyncDue(last, lastOkAt, now, { start: !!opts.start, refreshHours })) continue;
    const r = await syncProviderStations(p);
    if (r) out.push(r);
  }
  return out;
}

export interface StationSyncStatus {
  provider: string;
  label: string;
  /** Stations kept now. */
  kept: number;
  last: { at: Date; ok: boolean; stations: number; added: number; removed: number; error: string | null } | null;
  lastOkAt: Date | null;
}

/** The admin providers page: per configured provider, its kept list and its last sync. */
export async function stationSyncStatus(): Promise<StationSyncStatus[]> {
  const counts = await db()
    .select({ provider: providerStations.provider, n: sql<number>`count(*)::int` })
    .from(providerStations)
    .groupBy(providerStations.provider);
  const out: StationSyncStatus[] = [];
  for (const p of configuredProviders()) {
    if (!p.stationList) continue;
    const { last, lastOkAt } = await lastSyncs(p.id);
    out.push({
      provider: p.id,
      label: p.label,
      kept: counts.find((c) => c.provider === p.id)?.n ?? 0,
      last: last
        ? {
            at: last.at,
            ok: last.ok,
            stations: last.stations,
            added: last.added,
            removed: last.removed,
            error: last.error,
          }
        : null,
      lastOkAt,
    });
  }
  return out;
}

/**
 * The station-and-train index (tables timetable_trains, timetable_stops): what the transfer search
 * knows of the timetable, built only from what the providers answered —
 *   1. every train a 余票 answer showed (recordSeenTrains, called by lib/search/search.ts on each
 *      provider answer, never on a cache hit), with one (from, to, date) it ran on;
 *   2. its 经停站 (fetched by the worker, crawl.ts, rate-limited), unrolled to minutes after the
 *      train's first departure, each stop with its city (12306's station list, lib/stations).
 * The transfer search reads it whole into memory (about 3,500 trains × 15 stops after the hub crawl),
 * re-read when it changes (checked every INDEX_CHECK_MS).
 */
import { and, asc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { timetableStops, timetableTrains } from '@/db/schema';
import { ruleAt } from '@/lib/domain/rules';
import { unrollStopTimes } from '@/lib/domain/transfers';
import { logError } from '@/lib/log';
import { cityOfStation } from '@/lib/stations';
import { shanghaiDate } from '@/lib/time';

export interface SeenTrain {
  provider: string;
  trainCode: string;
  trainNo: string;
  fromStation: string;
  toStation: string;
  departAt: Date;
}

/** Trains this process recorded lately (trainNo → when): a repeat search (a booking's fresh look) writes nothing. */
const recorded = new Map<string, number>();
const RECORDED_FOR_MS = 6 * 3_600_000;

/**
 * Upserts the trains of one 余票 answer (one statement) that this process has not recorded in the last
 * six hours. Errors are logged, never thrown: the index must not fail a search.
 */
export async function recordSeenTrains(trains: readonly SeenTrain[]): Promise<void> {
  const rows = new Map<string, typeof timetableTrains.$inferInsert>();
  const now = Date.now();
  if (recorded.size > 50_000) recorded.clear();
  for (const t of trains) {
    if (!t.trainNo || now - (recorded.get(t.trainNo) ?? 0) < RECORDED_FOR_MS) continue;
    rows.set(t.trainNo, {
      trainNo: t.trainNo,
      trainCode: t.trainCode,
      provider: t.provider,
      seenFrom: t.fromStation,
      seenTo: t.toStation,
      seenDate: shanghaiDate(t.departAt),
      seenAt: new Date(),
    });
  }
  if (!rows.size) return;
  try {
    await db()
      .insert(timetableTrains)
      // In one order, so two answers sharing trains upserted at once cannot deadlock.
      .values([...rows.values()].sort((a, b) => (a.trainNo < b.trainNo ? -1 : 1)))
      .onConflictDoUpdate({
        target: timetableTrains.trainNo,
        set: {
          trainCode: sql`excluded.train_code`,
          provider: sql`excluded.provider`,
          seenFrom: sql`excluded.seen_from`,
          seenTo: sql`excluded.seen_to`,
          seenDate: sql`excluded.seen_date`,
          seenAt: sql`excluded.seen_at`,
        },
      });
    for (const trainNo of rows.keys()) recorded.set(trainNo, now);
  } catch (e) {
    logError('timetable index: recording seen trains failed', e);
  }
}

/** A train whose 经停站 are due: never fetched, or older than timetableStopsRefreshDays; not tried in the last hour. */
export async function trainsDueForStops(limit: number, now = new Date()) {
  const stale = new Date(now.getTime() - ruleAt('timetableStopsRefreshDays', now) * 86_400_000);
  const retryAfter = new Date(now.getTime() - 3_600_000);
  return db()
    .select()
    .from(timetableTrains)
    .where(
      and(
        or(isNull(timetableTrains.stopsAt), lt(timetableTrains.stopsAt, stale)),
        or(isNull(timetableTrains.stopsTriedAt), lt(timetableTrains.stopsTriedAt, retryAfter)),
      ),
    )
    .orderBy(sql`${timetableTrains.stopsAt} asc nulls first`, asc(timetableTrains.seenAt))
    .limit(limit);
}

export interface StopAnswer {
  station: string;
  arrive: string | null;
  depart: string | null;
}

/** Replaces a train's stops with a 经停站 answer (one transaction; idempotent). */
export async function storeStops(trainNo: string, stops: readonly StopAnswer[], now = new Date()): Promise<number> {
  const unrolled = unrollStopTimes(stops);
  await db().transaction(async (tx) => {
    await tx.delete(timetableStops).where(eq(timetableStops.trainNo, trainNo));
    if (unrolled.length)
      await tx.insert(timetableStops).values(
        unrolled.map((s, i) => ({
          trainNo,
          seq: i + 1,
          station: s.station,
          city: cityOfStation(s.station) ?? s.station,
          arriveMinute: s.arriveMinute,
          departMinute: s.departMinute,
        })),
      );
    await tx
      .update(timetableTrains)
      .set({ stopsAt: now, stopsTriedAt: now, stopsError: null })
      .where(eq(timetableTrains.trainNo, trainNo));
  });
  return unrolled.length;
}

export async function markStopsFailed(trainNo: string, error: string, now = new Date()): Promise<void> {
  await db()
    .update(timetableTrains)
    .set({ stopsTriedAt: now, stopsError: error.slice(0, 300) })
    .where(eq(timetableTrains.trainNo, trainNo));
}

export async function indexCounts(): Promise<{ trains: number; indexed: number; stops: number }> {
  const [t] = await db()
    .select({ trains: sql<number>`count(*)::int`, indexed: sql<number>`count(${timetableTrains.stopsAt})::int` })
    .from(timetableTrains);
  const [s] = await db()
    .select({ stops: sql<number>`count(*)::int` })
    .from(timetableStops);
  return { trains: t?.trains ?? 0, indexed: t?.indexed ?? 0, stops: s?.stops ?? 0 };
}

// ---- the in-memory index the transfer search reads ------------------------------------------------

export interface IndexedStop {
  station: string;
  city: string;
  arrive: number | null;
  depart: number | null;
}

export interface IndexedTrain {
  trainNo: string;
  trainCode: string;
  stops: IndexedStop[];
}

export interface TimetableIndex {
  trains: IndexedTrain[];
  /** Station name → [train index, stop index] of each call there. */
  byStation: Map<string, [number, number][]>;
  loadedAt: number;
}

export function buildIndex(trains: IndexedTrain[], loadedAt = Date.now()): TimetableIndex {
  const byStation = new Map<string, [number, number][]>();
  trains.forEach((t, ti) =>
    t.stops.forEach((s, si) => {
      const list = byStation.get(s.station) ?? [];
      list.push([ti, si]);
      byStation.set(s.station, list);
    }),
  );
  return { trains, byStation, loadedAt };
}

/**
 * How often a process asks whether the index changed (one small query: how many trains have stops and
 * the latest fetch); it reads the index again only when it did.
 */
export const INDEX_CHECK_MS = 15_000;

interface Held {
  index: TimetableIndex;
  version: string;
  checkedAt: number;
}
const globalIndex = globalThis as unknown as { railTimetableIndex?: Promise<Held> };

async function indexVersion(): Promise<string> {
  const [v] = await db()
    .select({ n: sql<number>`count(*)::int`, last: sql<string | null>`max(${timetableTrains.stopsAt})::text` })
    .from(timetableTrains)
    .where(isNotNull(timetableTrains.stopsAt));
  return `${v?.n ?? 0}|${v?.last ?? ''}`;
}

async function readIndex(): Promise<Held> {
  const version = await indexVersion();
  const rows = await db()
    .select({
      trainNo: timetableStops.trainNo,
      trainCode: timetableTrains.trainCode,
      station: timetableStops.station,
      city: timetableStops.city,
      arrive: timetableStops.arriveMinute,
      depart: timetableStops.departMinute,
    })
    .from(timetableStops)
    .innerJoin(timetableTrains, eq(timetableTrains.trainNo, timetableStops.trainNo))
    .where(isNotNull(timetableTrains.stopsAt))
    .orderBy(timetableStops.trainNo, timetableStops.seq);
  const trains: IndexedTrain[] = [];
  let current: IndexedTrain | undefined;
  for (const r of rows) {
    if (current?.trainNo !== r.trainNo)
      trains.push((current = { trainNo: r.trainNo, trainCode: r.trainCode, stops: [] }));
    current.stops.push({ station: r.station, city: r.city, arrive: r.arrive, depart: r.depart });
  }
  return { index: buildIndex(trains), version, checkedAt: Date.now() };
}

/**
 * The index as this process last read it: checked for changes at most every INDEX_CHECK_MS and read
 * again when it changed (at once with `fresh`). Concurrent callers share one read.
 */
export async function timetableIndex(o: { fresh?: boolean } = {}): Promise<TimetableIndex> {
  const pending = globalIndex.railTimetableIndex;
  const held = pending && !o.fresh ? await pending.catch(() => null) : null;
  if (held && Date.now() - held.checkedAt < INDEX_CHECK_MS) return held.index;
  const next = (async () => {
    if (held && (await indexVersion()) === held.version) return { ...held, checkedAt: Date.now() };
    return readIndex();
  })();
  globalIndex.railTimetableIndex = next;
  next.catch(() => {
    if (globalIndex.railTimetableIndex === next) globalIndex.railTimetableIndex = undefined;
  });
  return (await next).index;
}

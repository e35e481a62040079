/**
 * Building the timetable index from the providers, gently:
 *   - crawlHubs: 余票 searches between HUB_CITIES (every ordered pair, tomorrow), through the cached
 *     search (lib/search/search.ts records the trains each answer shows). Bounded: 16 hubs = 240
 *     searches, one at a time with TIMETABLE_CALL_GAP_MS between provider calls (100 ms: 24 s), run at
 *     worker start while the index is small (CRAWL_BELOW_TRAINS) and then daily. On the sandbox's timetable it finds ~3,500
 *     trains calling at ~1,560 stations: every trunk line between the hubs.
 *   - fetchDueStops: 经停站 of trains never fetched or older than timetableStopsRefreshDays, at most
 *     TIMETABLE_STOPS_PER_RUN per run, one at a time with the same gap (≤ 10 calls a second; ~6 min for
 *     the crawl's trains), from a provider with capabilities.stops (routed like the page's 经停站).
 * Both are idempotent (upserts; a failed train is tried again after an hour) and safe to run twice.
 */
import { env } from '@/lib/env';
import { logError } from '@/lib/log';
import { providerStops } from '@/lib/search/provider';
import { searchTrains } from '@/lib/search/search';
import { addDays, shanghaiDate } from '@/lib/time';
import { indexCounts, markStopsFailed, storeStops, trainsDueForStops } from './index-store';

/**
 * The crawl's hubs: the busiest interchange cities of the national network, 北京 first (its searches
 * are crawled first, so a fresh stack offers transfers from Beijing soonest).
 */
export const HUB_CITIES = [
  '北京',
  '上海',
  '广州',
  '武汉',
  '郑州',
  '西安',
  '南京',
  '济南',
  '徐州',
  '长沙',
  '杭州',
  '合肥',
  '成都',
  '重庆',
  '石家庄',
  '天津',
] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface CrawlResult {
  searches: number;
  failed: number;
}

/** 余票 searches between every ordered pair of `hubs` on `date` (default tomorrow), one at a time. */
export async function crawlHubs(
  o: { hubs?: readonly string[]; date?: string; gapMs?: number } = {},
): Promise<CrawlResult> {
  const hubs = o.hubs ?? HUB_CITIES;
  const date = o.date ?? addDays(shanghaiDate(), 1);
  const gap = o.gapMs ?? env().TIMETABLE_CALL_GAP_MS;
  let searches = 0;
  let failed = 0;
  for (const from of hubs)
    for (const to of hubs) {
      if (from === to) continue;
      searches += 1;
      try {
        await searchTrains(from, to, date);
      } catch (e) {
        failed += 1;
        logError('timetable crawl: search failed', e, { from, to, date });
      }
      if (gap) await sleep(gap);
    }
  return { searches, failed };
}

export interface StopsResult {
  fetched: number;
  failed: number;
}

/** 经停站 of up to `limit` due trains, one at a time with `gapMs` between calls. */
export async function fetchDueStops(o: { limit?: number; gapMs?: number; now?: Date } = {}): Promise<StopsResult> {
  const limit = o.limit ?? env().TIMETABLE_STOPS_PER_RUN;
  const gap = o.gapMs ?? env().TIMETABLE_CALL_GAP_MS;
  let fetched = 0;
  let failed = 0;
  // In pages, so a long run sees the trains searches add meanwhile and never holds a big list.
  while (fetched + failed < limit) {
    const due = await trainsDueForStops(Math.min(100, limit - fetched - failed), o.now);
    if (!due.length) break;
    for (const t of due) {
      try {
        const stops = await providerStops({
          trainCode: t.trainCode,
          trainNo: t.trainNo,
          date: t.seenDate,
          from: t.seenFrom,
          to: t.seenTo,
        });
        await storeStops(
          t.trainNo,
          stops.map((s) => ({ station: s.station, arrive: s.arrive, depart: s.depart })),
        );
        fetched += 1;
      } catch (e) {
        failed += 1;
        await markStopsFailed(t.trainNo, e instanceof Error ? e.message : String(e));
      }
      if (gap) await sleep(gap);
    }
  }
  return { fetched, failed };
}

/**
 * Below this many known trains the index has not been crawled yet (travellers' own searches alone
 * add a few dozen trains each; the crawl adds ~3,300): the start run crawls.
 */
export const CRAWL_BELOW_TRAINS = 1000;

/**
 * One run of the index job: the hub crawl when asked (`crawl`) or while the index is smaller than
 * CRAWL_BELOW_TRAINS, then the due stops.
 */
export async function refreshTimetableIndex(o: { crawl?: boolean } = {}) {
  const before = await indexCounts();
  const crawl = o.crawl || before.trains < CRAWL_BELOW_TRAINS ? await crawlHubs() : null;
  const stops = await fetchDueStops();
  return { crawl, stops, index: await indexCounts() };
}

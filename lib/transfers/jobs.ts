/**
 * The worker's timetable index upkeep (crawl.ts): at worker start (crawling the hubs when the index is
 * still small, CRAWL_BELOW_TRAINS: a fresh `npm start` offers transfers once the first stops are in,
 * Beijing's first), every 10 minutes the due 经停站, and daily at 04:15 Beijing the hub crawl again (through the search cache; new
 * trains and new running days show up). Its own queue, like the station list sync, one run at a time
 * and at most one waiting (pg-boss policy `stately`): a run still busy when the next is due makes that
 * one wait, and further ones are dropped.
 */
import type { PgBoss } from 'pg-boss';
import { logError, logInfo } from '@/lib/log';
import { SHANGHAI } from '@/lib/time';
import { refreshTimetableIndex } from './crawl';

export const TIMETABLE_QUEUE = 'timetable-index';

export async function registerTimetableJobs(boss: PgBoss, pollingIntervalSeconds = 5): Promise<void> {
  if (!(await boss.getQueue(TIMETABLE_QUEUE))) {
    try {
      await boss.createQueue(TIMETABLE_QUEUE, { policy: 'stately', retryLimit: 0, expireInSeconds: 3600 });
    } catch (e) {
      if (!(await boss.getQueue(TIMETABLE_QUEUE))) throw e; // another process created it meanwhile
    }
  }
  await boss.work<{ crawl?: boolean }>(TIMETABLE_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
    try {
      const r = await refreshTimetableIndex({ crawl: !!job?.data?.crawl });
      logInfo('timetable index run', {
        ...(r.crawl ? { crawlSearches: r.crawl.searches, crawlFailed: r.crawl.failed } : {}),
        stopsFetched: r.stops.fetched,
        stopsFailed: r.stops.failed,
        indexed: r.index.indexed,
        trains: r.index.trains,
      });
    } catch (e) {
      logError('timetable index run failed', e);
    }
  });
  await boss.schedule(TIMETABLE_QUEUE, '*/10 * * * *', {}, { key: 'stops' });
  await boss.schedule(
    TIMETABLE_QUEUE,
    '15 4 * * *',
    { crawl: true },
    // Its own singleton key: never dropped for a stops run waiting, and it may run beside one.
    { key: 'crawl', singletonKey: 'crawl', tz: SHANGHAI },
  );
  await boss.send(TIMETABLE_QUEUE, {});
}

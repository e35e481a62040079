/**
 * The worker's station list sync (sync.ts): once at worker start, then an hourly look that syncs each
 * provider whose last good sync is older than the rules table's stationListRefreshHours (24 h:
 * panhe-train-api.md l.66 "每天最多请求10次"). Its own queue (not in lib/jobs' QUEUES), like the 12306
 * logins' upkeep, so the order core's queue table stays the order core's.
 */
import type { PgBoss } from 'pg-boss';
import { logError, logInfo, logWarn } from '@/lib/log';
import { syncDueStationLists } from './sync';

export const STATION_SYNC_QUEUE = 'provider-stations-sync';

export async function registerStationSyncJobs(boss: PgBoss, pollingIntervalSeconds = 5): Promise<void> {
  if (!(await boss.getQueue(STATION_SYNC_QUEUE))) {
    try {
      await boss.createQueue(STATION_SYNC_QUEUE, { policy: 'short', retryLimit: 0, expireInSeconds: 600 });
    } catch (e) {
      if (!(await boss.getQueue(STATION_SYNC_QUEUE))) throw e; // another process created it meanwhile
    }
  }
  await boss.work<{ start?: boolean }>(STATION_SYNC_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
    try {
      const done = await syncDueStationLists({ start: !!job?.data?.start });
      for (const r of done)
        if (r.ok)
          logInfo('station list synced', {
            provider: r.provider,
            stations: r.stations,
            added: r.added,
            removed: r.removed,
          });
        else logWarn('station list not synced', { provider: r.provider, reason: r.error });
    } catch (e) {
      logError('station list sync failed', e);
    }
  });
  await boss.schedule(STATION_SYNC_QUEUE, '23 * * * *', {}, { singletonKey: STATION_SYNC_QUEUE });
  // Once at start (a sync attempted in the last minutes is not repeated: sync.ts START_MIN_GAP_MS).
  await boss.send(STATION_SYNC_QUEUE, { start: true }, { singletonKey: `${STATION_SYNC_QUEUE}-start` });
}

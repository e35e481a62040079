/**
 * The worker's upkeep of bound 12306 accounts: every 15 minutes, logins older than RENEW_AFTER_HOURS
 * are renewed, so the provider's ~10 h session never runs out before an order needs it. Its own queue
 * (not in lib/jobs' QUEUES) so the order core's queue table stays the order core's.
 */
import type { PgBoss } from 'pg-boss';
import { logError, logInfo } from '@/lib/log';
import { renewDueLogins } from './store';

export const RENEW_QUEUE = 'train-account-renew';

export async function registerTrainAccountJobs(boss: PgBoss, pollingIntervalSeconds = 5): Promise<void> {
  if (!(await boss.getQueue(RENEW_QUEUE))) {
    try {
      await boss.createQueue(RENEW_QUEUE, { policy: 'short', retryLimit: 0, expireInSeconds: 600 });
    } catch (e) {
      if (!(await boss.getQueue(RENEW_QUEUE))) throw e; // another process created it meanwhile
    }
  }
  await boss.work(RENEW_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async () => {
    try {
      const r = await renewDueLogins();
      if (r.renewed || r.failed) logInfo('12306 logins renewed', { renewed: r.renewed, failed: r.failed });
    } catch (e) {
      logError('12306 login renewal failed', e);
    }
  });
  await boss.schedule(RENEW_QUEUE, '*/15 * * * *', {}, { singletonKey: RENEW_QUEUE });
}

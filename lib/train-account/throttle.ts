/**
 * 12306 logins relayed to the provider are throttled per traveller and per 12306 username (issue 23
 * #10): binding passed whatever was typed on to 12306, so the portal relayed unlimited password
 * guesses, against any username, from any number of portal accounts. Every attempt that asks the
 * provider to check a secret (账号登录, its SMS code, the old password of 修改密码, a 找回密码 code)
 * takes a point from both counters before the call; one that passes gives them back, so only failures
 * count. The username is counted under a keyed hash (it is personal data, sealed at rest).
 */
import 'server-only';
import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import { pii } from '@/lib/crypto/pii';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { minutesText, pgLimiter, take } from '@/lib/rate-limit';

export const TRAIN_LOGIN_WINDOW_SECONDS = 60 * 60;

export interface TrainLoginThrottle {
  /**
   * Takes a point for the traveller and (when known) the 12306 username, or refuses with AppError
   * rate_limited. Returns `passed`, to call when the provider accepted: it gives the points back.
   */
  attempt(userId: string, account?: string): Promise<{ passed(): Promise<void> }>;
}

export const accountKey = (account: string): string => pii().hash('train-account', account.trim().toLowerCase());

export function createTrainLoginThrottle(o: { limit: number; pool?: Parameters<typeof pgLimiter>[0]['pool'] }) {
  const common = { points: o.limit, duration: TRAIN_LOGIN_WINDOW_SECONDS, ...(o.pool ? { pool: o.pool } : {}) };
  const byUser = pgLimiter({ keyPrefix: '12306-user', ...common });
  const byAccount = pgLimiter({ keyPrefix: '12306-account', ...common });
  const throttle: TrainLoginThrottle = {
    async attempt(userId, account) {
      const taken: [RateLimiterPostgres, string][] = [];
      const giveBack = () => Promise.all(taken.map(([l, k]) => l.reward(k, 1))).then(() => undefined);
      const keys: [RateLimiterPostgres, string, string][] = [[byUser, userId, '您的 12306 验证尝试过多']];
      if (account?.trim()) keys.push([byAccount, accountKey(account), '该 12306 账号的验证尝试过多']);
      for (const [limiter, key, what] of keys) {
        const wait = await take(limiter, key);
        if (wait !== null) {
          // The points taken before this refusal are not spent on an attempt that never went out.
          await giveBack();
          await limiter.reward(key, 1);
          throw new AppError('rate_limited', `${what}，请 ${minutesText(wait)}后再试。`);
        }
        taken.push([limiter, key]);
      }
      return { passed: giveBack };
    },
  };
  return throttle;
}

const globalForThrottle = globalThis as unknown as { trainLoginThrottle?: TrainLoginThrottle };

export function trainLoginThrottle(): TrainLoginThrottle {
  globalForThrottle.trainLoginThrottle ??= createTrainLoginThrottle({ limit: env().TRAIN_LOGIN_LIMIT });
  return globalForThrottle.trainLoginThrottle;
}

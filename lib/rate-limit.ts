/**
 * Counters for throttles that every portal process shares: rate-limiter-flexible on the migrated
 * `rate_limits` table (the store lib/auth/throttle.ts uses for sign-in and sign-up), one small pool per
 * process. When the database cannot be reached the library falls back to an in-process count
 * (insuranceLimiter) rather than letting everything through.
 */
import 'server-only';
import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { requireDatabaseUrl } from '@/lib/env';

const globalForPool = globalThis as unknown as { rateLimitPool?: pg.Pool };

/** The pool the throttles of this process share (two connections). */
export function rateLimitPool(): pg.Pool {
  globalForPool.rateLimitPool ??= new pg.Pool({ connectionString: requireDatabaseUrl(), max: 2 });
  return globalForPool.rateLimitPool;
}

export interface LimiterOptions {
  /** Key prefix in `rate_limits` (`<prefix>:<key>`). */
  keyPrefix: string;
  /** Points per window. */
  points: number;
  /** Window, seconds. */
  duration: number;
  /**
   * Once a key has used its points, refuse it from memory until the window ends (no query per
   * request: for endpoints anyone can flood).
   */
  blockInMemory?: boolean;
  pool?: pg.Pool;
}

export function pgLimiter(o: LimiterOptions): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: o.pool ?? rateLimitPool(),
    tableName: 'rate_limits',
    tableCreated: true,
    keyPrefix: o.keyPrefix,
    points: o.points,
    duration: o.duration,
    ...(o.blockInMemory ? { inMemoryBlockOnConsumed: o.points, inMemoryBlockDuration: o.duration } : {}),
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: o.keyPrefix, points: o.points, duration: o.duration }),
  });
}

const globalForLimiters = globalThis as unknown as { railLimiters?: Map<string, RateLimiterPostgres> };

/**
 * The process's one limiter for `keyPrefix`, created on first use (options read then: they may come
 * from env()) and kept across hot reloads.
 */
export function sharedLimiter(
  keyPrefix: string,
  options: () => Omit<LimiterOptions, 'keyPrefix'>,
): RateLimiterPostgres {
  const all = (globalForLimiters.railLimiters ??= new Map<string, RateLimiterPostgres>());
  let limiter = all.get(keyPrefix);
  if (!limiter) all.set(keyPrefix, (limiter = pgLimiter({ keyPrefix, ...options() })));
  return limiter;
}

/** Takes a point: null when allowed, else how long until the key may try again (ms). */
export async function take(limiter: RateLimiterPostgres, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (e) {
    if (e instanceof RateLimiterRes) return Math.max(1, e.msBeforeNext);
    throw e;
  }
}

/** "N 秒" for a wait in ms (at least 1). */
export function secondsText(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))} 秒`;
}

/** "N 分钟" for a wait in ms (at least 1). */
export function minutesText(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 60_000))} 分钟`;
}

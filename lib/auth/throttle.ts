/**
 * Per-address throttles for sign-in and sign-up (rate-limiter-flexible, Postgres store in the
 * migrated `rate_limits` table, so every portal process shares the counts). The per-account lock in
 * credentials.ts stops guessing one account's password; these stop one address from spraying
 * guesses over many accounts or creating accounts in bulk. When the database cannot be reached the
 * library falls back to an in-process count (insuranceLimiter) rather than letting everything through.
 */
import 'server-only';
import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { env, requireDatabaseUrl } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { addressKey, clientAddressFrom } from './client-address';

export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
export const SIGN_UP_WINDOW_SECONDS = 60 * 60;

export interface AuthThrottle {
  /** Refuses (AppError rate_limited) when this address has used up its failed sign-ins. */
  assertSignInAllowed(address: string): Promise<void>;
  /** Counts one failed sign-in. */
  recordSignInFailure(address: string): Promise<void>;
  /** Counts one sign-up and refuses when the address has used up its sign-ups. */
  consumeSignUp(address: string): Promise<void>;
}

function limiter(pool: pg.Pool, keyPrefix: string, points: number, duration: number): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: pool,
    tableName: 'rate_limits',
    tableCreated: true,
    keyPrefix,
    points,
    duration,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
  });
}

function waitMessage(msBeforeNext: number, what: string): string {
  const minutes = Math.max(1, Math.ceil(msBeforeNext / 60_000));
  return `来自您网络地址的${what}过多，请 ${minutes} 分钟后再试。`;
}

export function createAuthThrottle(opts: { pool: pg.Pool; signInLimit: number; signUpLimit: number }): AuthThrottle {
  const signIn = limiter(opts.pool, 'signin', opts.signInLimit, SIGN_IN_WINDOW_SECONDS);
  const signUp = limiter(opts.pool, 'signup', opts.signUpLimit, SIGN_UP_WINDOW_SECONDS);
  return {
    async assertSignInAllowed(address) {
      const res = await signIn.get(address);
      if (res && res.remainingPoints <= 0) {
        throw new AppError('rate_limited', waitMessage(res.msBeforeNext, '登录失败次数'));
      }
    },
    async recordSignInFailure(address) {
      // Rejects with a RateLimiterRes once the limit is passed: the next attempt is refused anyway.
      await signIn.consume(address).catch((e: unknown) => {
        if (!(e instanceof RateLimiterRes)) throw e;
      });
    },
    async consumeSignUp(address) {
      try {
        await signUp.consume(address);
      } catch (e) {
        if (e instanceof RateLimiterRes) throw new AppError('rate_limited', waitMessage(e.msBeforeNext, '注册请求'));
        throw e;
      }
    },
  };
}

const globalForThrottle = globalThis as unknown as { authThrottle?: AuthThrottle };

export function authThrottle(): AuthThrottle {
  globalForThrottle.authThrottle ??= createAuthThrottle({
    pool: new pg.Pool({ connectionString: requireDatabaseUrl(), max: 2 }),
    signInLimit: env().SIGNIN_IP_LIMIT,
    signUpLimit: env().SIGNUP_IP_LIMIT,
  });
  return globalForThrottle.authThrottle;
}

/**
 * The caller's address as a throttle key: stamped by the portal's server from the socket, believing
 * X-Forwarded-For only from TRUSTED_PROXIES (client-address.ts); an IPv6 address counts by its /64.
 */
export function clientAddress(headers: Headers): string {
  return addressKey(clientAddressFrom(headers));
}

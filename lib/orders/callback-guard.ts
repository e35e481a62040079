/**
 * The callback endpoints are public: anyone can post junk to them, and every refused callback was a
 * row of up to 8 KB in the callback log (200 junk posts: 1.3 s and 1.6 MB; about 4 GB an hour from one
 * client). Refused callbacks (bad sign, malformed, too large) are therefore
 * - throttled per address: CALLBACK_REFUSED_IP_LIMIT a minute, then 429 unread and unlogged (the
 *   address is then refused from memory until the minute ends, no query per post);
 * - sampled: one log row per (address, verdict) a minute;
 * - pruned by the worker's once-a-minute sweep: kept CALLBACK_LOG_REFUSED_DAYS days and at most
 *   CALLBACK_LOG_REFUSED_MAX rows.
 * A callback whose sign passed is never throttled, sampled or pruned: the sign is checked first (no
 * I/O), and only what it refused reaches the gate.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { env } from '@/lib/env';
import { pgLimiter, take } from '@/lib/rate-limit';

/** Verdicts of callbacks refused before their sign passed. */
export const REFUSED_VERDICTS = ['bad_sign', 'invalid'] as const;

export interface RefusedCallbackGate {
  /** Counts one refused callback from `address`: false once the address is over its limit. */
  admit(address: string): Promise<boolean>;
  /** Whether this refused callback is the first of its (address, verdict) this minute: the one logged. */
  sample(address: string, verdict: string): Promise<boolean>;
}

export function createRefusedCallbackGate(o: { limit: number; pool?: Parameters<typeof pgLimiter>[0]['pool'] }) {
  const pool = o.pool ? { pool: o.pool } : {};
  const perAddress = pgLimiter({
    keyPrefix: 'cb-refused',
    points: o.limit,
    duration: 60,
    blockInMemory: true,
    ...pool,
  });
  const samples = pgLimiter({ keyPrefix: 'cb-sample', points: 1, duration: 60, blockInMemory: true, ...pool });
  const gate: RefusedCallbackGate = {
    admit: async (address) => (await take(perAddress, address)) === null,
    sample: async (address, verdict) => (await take(samples, `${verdict}|${address}`)) === null,
  };
  return gate;
}

const globalForGate = globalThis as unknown as { refusedCallbackGate?: RefusedCallbackGate };

export function refusedCallbackGate(): RefusedCallbackGate {
  globalForGate.refusedCallbackGate ??= createRefusedCallbackGate({ limit: env().CALLBACK_REFUSED_IP_LIMIT });
  return globalForGate.refusedCallbackGate;
}

/**
 * Prunes refused callbacks older than `days` and beyond the newest `max`, and the gate's expired
 * counters (and the signed notifications' per-subject ones, lib/signed-notify-limit.ts). Rows whose sign passed stay (the order's history and the replay of refund callbacks).
 */
export async function pruneCallbackLog(
  now = new Date(),
  o: { days: number; max: number } = { days: env().CALLBACK_LOG_REFUSED_DAYS, max: env().CALLBACK_LOG_REFUSED_MAX },
): Promise<{ pruned: number }> {
  const cutoff = new Date(now.getTime() - o.days * 86_400_000);
  const refused = sql.raw(`('${REFUSED_VERDICTS.join("','")}')`);
  const rows = await db().execute<{ id: number }>(sql`
    delete from provider_callbacks
    where verdict in ${refused}
      and (received_at < ${cutoff.toISOString()}::timestamptz
        or id < coalesce((select id from provider_callbacks where verdict in ${refused}
                          order by id desc offset ${o.max - 1} limit 1), 0))
    returning id`);
  await db().execute(
    sql`delete from rate_limits where (key like 'cb-refused:%' or key like 'cb-sample:%' or key like 'signed-notify:%') and expire < ${now.getTime()}`,
  );
  return { pruned: rows.length };
}

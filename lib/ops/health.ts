/**
 * Readiness: whether this portal can serve a booking end to end. Four checks, each bounded in time:
 * - database: a round trip on the portal's pool;
 * - migrations: every migration committed in db/migrations is applied (drizzle's own table; a portal
 *   whose code is newer than its database is not ready);
 * - worker: some worker's heartbeat (./heartbeat.ts) is fresh;
 * - provider: each configured provider's base URL answers HTTP at all (any status: the check is about
 *   the network path, not about credentials; a real provider has no health endpoint).
 * Liveness (/api/health) checks none of these: it says only that the process answers.
 */
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import journal from '@/db/migrations/meta/_journal.json';
import { providerBaseUrls } from '@/lib/provider/endpoints';
import { HEARTBEAT_STALE_MS } from './heartbeat';

export interface Check {
  name: 'database' | 'migrations' | 'worker' | 'provider';
  ok: boolean;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  checks: Check[];
}

const CHECK_TIMEOUT_MS = 2_000;

function within<T>(p: Promise<T>, ms = CHECK_TIMEOUT_MS): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref()),
  ]);
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The newest committed migration (its tag and its `when`, which drizzle stores as created_at). */
export function latestCommittedMigration(): { tag: string; when: number; count: number } {
  const last = journal.entries[journal.entries.length - 1]!;
  return { tag: last.tag, when: last.when, count: journal.entries.length };
}

async function checkDatabase(): Promise<Check> {
  try {
    await within(db().execute(sql`select 1`));
    return { name: 'database', ok: true, detail: 'reachable' };
  } catch (e) {
    return { name: 'database', ok: false, detail: message(e) };
  }
}

async function checkMigrations(): Promise<Check> {
  const want = latestCommittedMigration();
  try {
    const rows = await within(
      db().execute<{ latest: string | null; n: number }>(
        sql`select max(created_at)::text as latest, count(*)::int as n from drizzle.__drizzle_migrations`,
      ),
    );
    const latest = Number(rows[0]?.latest ?? 0);
    const ok = latest >= want.when;
    return {
      name: 'migrations',
      ok,
      detail: ok ? `applied up to ${want.tag}` : `${want.tag} not applied (${rows[0]?.n ?? 0} of ${want.count})`,
    };
  } catch (e) {
    return { name: 'migrations', ok: false, detail: message(e) };
  }
}

async function checkWorker(): Promise<Check> {
  try {
    const rows = await within(
      db().execute<{ n: number; age_ms: number | null }>(
        sql`select count(*)::int as n,
                   (extract(epoch from (now() - max(beat_at))) * 1000)::int as age_ms
            from worker_heartbeats where beat_at > now() - make_interval(secs => ${HEARTBEAT_STALE_MS / 1000})`,
      ),
    );
    const n = rows[0]?.n ?? 0;
    return n > 0
      ? { name: 'worker', ok: true, detail: `${n} worker(s), last beat ${rows[0]?.age_ms ?? 0} ms ago` }
      : { name: 'worker', ok: false, detail: `no worker heartbeat in the last ${HEARTBEAT_STALE_MS / 1000} s` };
  } catch (e) {
    return { name: 'worker', ok: false, detail: message(e) };
  }
}

async function checkProvider(): Promise<Check> {
  const results = await Promise.all(
    providerBaseUrls().map(async ({ id, url }) => {
      try {
        // Any HTTP answer (even 404 or 401) means the provider's host is reachable.
        const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
        await res.body?.cancel();
        return { id, ok: true, detail: `${id} answered ${res.status}` };
      } catch (e) {
        return { id, ok: false, detail: `${id} unreachable (${message(e)})` };
      }
    }),
  );
  return { name: 'provider', ok: results.every((r) => r.ok), detail: results.map((r) => r.detail).join('; ') };
}

export async function readiness(): Promise<Readiness> {
  const checks = await Promise.all([checkDatabase(), checkMigrations(), checkWorker(), checkProvider()]);
  return { ready: checks.every((c) => c.ok), checks };
}

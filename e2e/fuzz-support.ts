/**
 * The parts the fuzz specs share (e2e/fuzz.spec.ts anonymous, e2e/fuzz-signed.spec.ts per role): the
 * table checksums that prove no row changed, the throttle rows a run leaves behind, one request, and
 * the judge of an answer (below 500, no internals in the body).
 */
import { expect, type APIRequestContext } from '@playwright/test';
import { leaksInternals } from '../tests/support/fuzz';
import { e2eSql } from './db';

/** Tables a refused request may legitimately write: throttles, logs, caches, heartbeats. */
export const VOLATILE =
  /^(rate_limits|provider_calls|provider_circuits|provider_callbacks|search_cache|grab_search_slots|worker_heartbeats|provider_station.*|timetable_.*|.*_log|.*_logs)$/;

/**
 * A checksum of every table but the volatile ones. With `exceptUser`, the rows of tables that have a
 * `user_id` column and belong to that user are left out: a signed-in caller may change their own
 * (marking their notifications read, saving their preferences), never anyone else's.
 */
export async function checksum(exceptUser?: string, exceptAgency?: string | null): Promise<Map<string, string>> {
  const sql = e2eSql();
  try {
    const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public'`;
    const withUser = new Set(
      (
        await sql<{ name: string }[]>`select table_name as name from information_schema.columns
          where table_schema = 'public' and column_name = 'user_id'`
      ).map((r) => r.name),
    );
    const withAgency = new Set(
      (
        await sql<{ name: string }[]>`select table_name as name from information_schema.columns
          where table_schema = 'public' and column_name = 'agency_id'`
      ).map((r) => r.name),
    );
    const out = new Map<string, string>();
    for (const { name } of tables.filter((t) => !VOLATILE.test(t.name))) {
      const own: string[] = [];
      const params: string[] = [];
      if (exceptUser !== undefined && withUser.has(name)) {
        params.push(exceptUser);
        own.push(`t.user_id::text is distinct from $${params.length}`);
      }
      if (exceptAgency && withAgency.has(name)) {
        params.push(exceptAgency);
        own.push(`t.agency_id::text is distinct from $${params.length}`);
      }
      const [row] = await sql.unsafe<{ sum: string | null }[]>(
        `select md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) as sum from public."${name}" t${
          own.length ? ` where ${own.join(' and ')}` : ''
        }`,
        params,
      );
      out.set(name, row?.sum ?? '');
    }
    return out;
  } finally {
    await sql.end();
  }
}

/**
 * Waits (bounded, 60 s) until nothing the specs before started is still with the provider: an order
 * 占位中 or 出票中, a ticket or change order being refunded, held or issued, a refund of money pending.
 * Two quiet reads two seconds apart are not enough on their own: an issue the sandbox answers after a
 * few seconds on a busy machine changed an order in the middle of a run. Past the bound it goes on
 * (something stuck is then the checksum's to catch, with the rows named).
 */
async function providerWorkDone(): Promise<void> {
  const sql = e2eSql();
  try {
    const moving = async () => {
      const [row] = await sql<{ n: number }[]>`select
        (select count(*) from orders where status in (1, 7))
        + (select count(*) from order_tickets where status in (20, 30, 33))
        + (select count(*) from change_orders where status in (30, 33))
        + (select count(*) from ticket_refunds where status = 20)
        + (select count(*) from payment_refunds where status = 'pending') as n`;
      return Number(row!.n);
    };
    await expect
      .poll(moving, { timeout: 60_000, intervals: [500, 1000] })
      .toBe(0)
      .catch(() => undefined);
  } finally {
    await sql.end();
  }
}

/**
 * The checksum once the stack is quiet: the worker may still be settling what the specs before this one
 * started (a refund confirmed, a ticket issued), which is no caller's doing. Waits until two reads two
 * seconds apart agree (a wait for the condition, bounded), then answers the later one.
 */
export async function settledChecksum(
  exceptUser?: string,
  exceptAgency?: string | null,
  timeoutMs = 90_000,
): Promise<Map<string, string>> {
  await providerWorkDone();
  let last = await checksum(exceptUser, exceptAgency);
  await expect
    .poll(
      async () => {
        const now = await checksum(exceptUser, exceptAgency);
        const moving = changedTables(last, now);
        last = now;
        return moving;
      },
      { timeout: timeoutMs, intervals: [2000], message: 'the stack settles before the fuzz run' },
    )
    .toEqual([]);
  return last;
}

/** For a failure message: rows of the changed tables updated since `since` (the ones with updated_at). */
export async function rowsUpdatedSince(tables: string[], since: Date): Promise<string[]> {
  const sql = e2eSql();
  try {
    const out: string[] = [];
    for (const t of tables) {
      const cols = await sql<{ name: string }[]>`select column_name as name from information_schema.columns
        where table_schema = 'public' and table_name = ${t} and column_name in ('updated_at', 'id', 'status', 'user_id')`;
      const names = cols.map((c) => c.name);
      if (!names.includes('updated_at')) continue;
      const rows = await sql.unsafe<Record<string, unknown>[]>(
        `select ${names.map((n) => `"${n}"::text`).join(', ')} from public."${t}" where updated_at >= $1 limit 5`,
        [since],
      );
      for (const r of rows) out.push(`${t}: ${JSON.stringify(r)}`);
    }
    return out;
  } finally {
    await sql.end();
  }
}

/** The tables whose checksum differs between two runs of `checksum`. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before].filter(([t, sum]) => after.get(t) !== sum).map(([t]) => t);
}

export async function rateLimitKeys(): Promise<string[]> {
  const sql = e2eSql();
  try {
    return (await sql<{ key: string }[]>`select key from rate_limits`).map((r) => r.key);
  } finally {
    await sql.end();
  }
}

/** Deletes the throttle rows created since `keep` was read (the specs after a fuzz run sign in from the same address). */
export async function forgetNewRateLimits(keep: string[]): Promise<void> {
  const sql = e2eSql();
  try {
    await sql`delete from rate_limits where not (key = any(${keep}))`;
  } finally {
    await sql.end();
  }
}

export interface Finding {
  target: string;
  status: number;
  problem: string;
}

export async function send(
  request: APIRequestContext,
  method: string,
  url: string,
  body: { contentType: string; body: string } | null,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const res = await request.fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': body.contentType } : {}), ...headers },
    data: body?.body,
    maxRedirects: 0,
    failOnStatusCode: false,
    timeout: 30_000,
  });
  return { status: res.status(), text: await res.text().catch(() => '') };
}

/**
 * Judges one answer into `findings`: a status ≥ 500, or a body showing internals. With `internalResults`,
 * also a server action's `{ ok: false, code: 'internal' }`: lib/actions.ts answers an unexpected error
 * so (200, the generic message) where a route handler would answer 500.
 */
export function judgeInto(findings: Finding[], o: { internalResults?: boolean } = {}) {
  return (target: string, r: { status: number; text: string }) => {
    if (r.status >= 500)
      findings.push({ target, status: r.status, problem: `status ${r.status}: ${r.text.slice(0, 200)}` });
    else if (o.internalResults && /"code":"internal"/.test(r.text))
      findings.push({
        target,
        status: r.status,
        problem: `an unexpected error (code internal): ${r.text.slice(0, 200)}`,
      });
    const leak = leaksInternals(r.text);
    if (leak) findings.push({ target, status: r.status, problem: `${leak} in the body: ${r.text.slice(0, 200)}` });
  };
}

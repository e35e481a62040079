/**
 * Fuzz every route handler and server action of the build (issue 31, "Attack it"): the targets come
 * from the build's manifests (tests/support/fuzz.ts `readTargets`), never from a list kept by hand; a
 * run without a build fails here saying so. Each target gets generated bad input (fast-check, seeded:
 * hostile strings, huge and deep bodies, wrong types, missing fields; route handlers by every method
 * with bad path segments and query strings; server actions with bad argument bodies, same-origin).
 * Expected of every answer: below 500, and no stack trace, source path or SQL error in the body; and no
 * business row changed (a checksum of every table but the logs and caches, before and after).
 * Bounded: FUZZ_RUNS cases per target (default 12) and a FUZZ_BUDGET_S time budget (default 180).
 * Anonymous caller: most targets answer 401/403 before parsing, which is itself checked; a signed-in
 * pass per role is left for later.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import fc from 'fast-check';
import { fillPath, fuzzActionBody, fuzzBody, fuzzQuery, leaksInternals, readTargets } from '../tests/support/fuzz';
import { e2eSql } from './db';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_S ?? 180) * 1000;
/** Tables a refused request may legitimately write: throttles, logs, caches, heartbeats. */
const VOLATILE =
  /^(rate_limits|provider_calls|provider_circuits|provider_callbacks|search_cache|grab_search_slots|worker_heartbeats|provider_station.*|timetable_.*|.*_log|.*_logs)$/;

async function checksum(): Promise<Map<string, string>> {
  const sql = e2eSql();
  try {
    const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public'`;
    const out = new Map<string, string>();
    for (const { name } of tables.filter((t) => !VOLATILE.test(t.name))) {
      const [row] = await sql.unsafe<{ sum: string | null }[]>(
        `select md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) as sum from public."${name}" t`,
      );
      out.set(name, row?.sum ?? '');
    }
    return out;
  } finally {
    await sql.end();
  }
}

async function rateLimitKeys(): Promise<string[]> {
  const sql = e2eSql();
  try {
    return (await sql<{ key: string }[]>`select key from rate_limits`).map((r) => r.key);
  } finally {
    await sql.end();
  }
}

async function forgetNewRateLimits(keep: string[]): Promise<void> {
  const sql = e2eSql();
  try {
    await sql`delete from rate_limits where not (key = any(${keep}))`;
  } finally {
    await sql.end();
  }
}

interface Finding {
  target: string;
  status: number;
  problem: string;
}

async function send(
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

test('fuzz: every route handler and server action answers bad input with a clear 4xx, never 5xx, and changes no row', async ({
  request,
  baseURL,
}) => {
  test.setTimeout(BUDGET_MS + 120_000);
  const targets = readTargets(process.cwd());
  expect(targets.routes.length, 'route handlers in the build manifest').toBeGreaterThan(5);
  expect(targets.actions.length, 'server actions in the build manifest').toBeGreaterThan(5);

  const before = await checksum();
  const throttleKeys = await rateLimitKeys();
  const findings: Finding[] = [];
  let sent = 0;
  const start = Date.now();
  const inBudget = () => Date.now() - start < BUDGET_MS;
  const judge = (target: string, r: { status: number; text: string }) => {
    sent++;
    if (r.status >= 500)
      findings.push({ target, status: r.status, problem: `status ${r.status}: ${r.text.slice(0, 200)}` });
    const leak = leaksInternals(r.text);
    if (leak) findings.push({ target, status: r.status, problem: `${leak} in the body: ${r.text.slice(0, 200)}` });
  };

  // Route handlers (next-auth's own routes are next-auth's: fuzzed like the rest, same expectations).
  const segments = fc.sample(
    fc.constantFrom('x', '0', '-1', '../admin', '%', '00000000-0000-0000-0000-000000000000', '𠮷'),
    {
      numRuns: RUNS,
      seed: 31,
    },
  );
  const bodies = fc.sample(fuzzBody, { numRuns: RUNS, seed: 31 });
  const queries = fc.sample(fuzzQuery, { numRuns: RUNS, seed: 31 });
  for (const route of targets.routes) {
    for (let i = 0; i < RUNS && inBudget(); i++) {
      const url = `${fillPath(route, segments[i]!)}?${queries[i]!}`;
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
        judge(
          `${method} ${route}`,
          await send(request, method, url, method === 'GET' ? null : bodies[i]!, { origin: baseURL! }),
        );
    }
  }

  // Server actions: POST to a page with the action's id, from the portal's own origin.
  const actionBodies = fc.sample(fuzzActionBody, { numRuns: RUNS, seed: 31 });
  for (const id of targets.actions) {
    for (let i = 0; i < RUNS && inBudget(); i++)
      judge(
        `action ${id}`,
        await send(request, 'POST', '/', actionBodies[i]!, { 'next-action': id, origin: baseURL! }),
      );
  }

  const after = await checksum();
  // The throttle rows the run's refused requests created go again: the specs after this one sign in
  // from the same address.
  await forgetNewRateLimits(throttleKeys);
  const changed = [...before].filter(([t, sum]) => after.get(t) !== sum).map(([t]) => t);
  console.log(
    `[fuzz] ${sent} requests to ${targets.routes.length} route handlers and ${targets.actions.length} server actions in ${Math.round((Date.now() - start) / 1000)} s; ${findings.length} findings; changed tables: ${changed.join(', ') || 'none'}`,
  );
  expect(findings, findings.map((f) => `${f.target}: ${f.problem}`).join('\n')).toEqual([]);
  expect(changed, 'tables whose rows the fuzz run changed').toEqual([]);
});

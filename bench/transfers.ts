/**
 * Benchmark (not a test): the 中转 transfer search. `npm run bench:transfers` (alone, on its own
 * throwaway Postgres and compiled sandbox) or `BENCH_ONLY=transfers npm run bench`; the full
 * `npm run bench` runs it last. Writes bench/results/transfers-latest.json.
 *
 * 1. The index the worker builds at start, built the same way (lib/transfers/crawl.ts: the 16-hub
 *    crawl, then every train's 经停站) with no gap between calls: its time and size.
 * 2. 100 random city pairs (seeded: the same pairs every run) among the cities the index knows, on the
 *    day three days ahead: each searched cold (search cache emptied: every leg search goes to the
 *    provider) and again warm (within the cache window), timed in this process; the provider calls each
 *    cold search made, from the sandbox's request counter.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureSandboxBundle } from '../scripts/lib/sandbox-build';
import { addDays, shanghaiDate } from '../lib/time';
import { throwawayDatabase } from '../tests/support/database';
import { freePort, waitHttp } from '../tests/support/net';
import { pct } from './timing';

const ROOT = path.resolve(import.meta.dirname, '..');
const PAIRS = Number(process.env.BENCH_TRANSFER_PAIRS ?? 100);
const APP_KEY = 'sandbox-app-key';
const log = (s: string) => console.log(`[bench:transfers] ${s}`);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** mulberry32: the same pairs every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function providerRequests(sandboxUrl: string): Promise<number> {
  const res = await fetch(`${sandboxUrl}/sandbox/stats`, { headers: { 'x-app-key': APP_KEY } });
  const counts = (await res.json()) as Record<string, number>;
  return Object.entries(counts)
    .filter(([p]) => p.startsWith('/train/'))
    .reduce((n, [, c]) => n + c, 0);
}
const resetRequests = (sandboxUrl: string) =>
  fetch(`${sandboxUrl}/sandbox/stats`, { method: 'DELETE', headers: { 'x-app-key': APP_KEY } });

/**
 * The bench against a running sandbox whose database is process.env.DATABASE_URL (the portal's
 * modules are imported here, after the caller set the environment).
 */
export async function transferBench(sandboxUrl: string): Promise<Record<string, unknown>> {
  Object.assign(process.env, { PROVIDERS: 'panhe', PROVIDER_BASE_URL: sandboxUrl });
  const { sql } = await import('drizzle-orm');
  const { db } = await import('../db/client');
  const { crawlHubs, fetchDueStops, HUB_CITIES } = await import('../lib/transfers/crawl');
  const { indexCounts, timetableIndex } = await import('../lib/transfers/index-store');
  const { searchTransfers, MAX_LEG_SEARCHES } = await import('../lib/search/transfers');

  const date = addDays(shanghaiDate(), 3);
  let t0 = performance.now();
  const crawl = await crawlHubs({ date: addDays(shanghaiDate(), 1), gapMs: 0 });
  const crawlSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const stops = await fetchDueStops({ gapMs: 0, limit: 100_000 });
  const stopsSeconds = (performance.now() - t0) / 1000;
  const counts = await indexCounts();
  log(
    `index: ${crawl.searches} searches in ${round(crawlSeconds)} s, ${stops.fetched} 经停站 in ${round(stopsSeconds)} s`,
  );
  t0 = performance.now();
  const index = await timetableIndex({ fresh: true });
  const loadMs = performance.now() - t0;

  const perCity = new Map<string, number>();
  for (const t of index.trains)
    for (const c of new Set(t.stops.map((s) => s.city))) perCity.set(c, (perCity.get(c) ?? 0) + 1);
  // Cities the providers' search knows by name (12306's city column) with a few trains.
  const cities = [...perCity]
    .filter(([, n]) => n >= 3)
    .map(([c]) => c)
    .sort();
  const random = rng(30);
  const pairs: [string, string][] = [];
  while (pairs.length < PAIRS) {
    const a = cities[Math.floor(random() * cities.length)]!;
    const b = cities[Math.floor(random() * cities.length)]!;
    if (a !== b) pairs.push([a, b]);
  }

  const cold: number[] = [];
  const warm: number[] = [];
  const calls: number[] = [];
  const searches: number[] = [];
  const journeys: number[] = [];
  for (const [from, to] of pairs) {
    await db().execute(sql`delete from search_cache`);
    await resetRequests(sandboxUrl);
    let s = performance.now();
    const answer = await searchTransfers(from, to, date);
    cold.push(performance.now() - s);
    calls.push(await providerRequests(sandboxUrl));
    searches.push(answer.searches);
    journeys.push(answer.journeys.length);
    s = performance.now();
    await searchTransfers(from, to, date);
    warm.push(performance.now() - s);
  }
  const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1), 2);
  return {
    at: new Date().toISOString(),
    date,
    index: {
      hubs: HUB_CITIES.length,
      crawlSearches: crawl.searches,
      crawlSeconds: round(crawlSeconds),
      stopsFetched: stops.fetched,
      stopsFailed: stops.failed,
      stopsSeconds: round(stopsSeconds),
      trains: counts.trains,
      stopRows: counts.stops,
      cities: perCity.size,
      loadMs: round(loadMs),
      note: 'built with no gap between calls; the worker keeps TIMETABLE_CALL_GAP_MS (100 ms) between them',
    },
    pairs: pairs.length,
    cold: { p50_ms: pct(cold, 50), p99_ms: pct(cold, 99), max_ms: round(Math.max(...cold)) },
    warm: { p50_ms: pct(warm, 50), p99_ms: pct(warm, 99), max_ms: round(Math.max(...warm)) },
    providerCallsPerTransferSearch: { mean: mean(calls), p50: pct(calls, 50), max: Math.max(...calls) },
    searchesPerTransferSearch: { mean: mean(searches), max: Math.max(...searches), bound: MAX_LEG_SEARCHES },
    journeys: { pairsWithJourneys: journeys.filter((n) => n > 0).length, mean: mean(journeys) },
    samplePairs: pairs.slice(0, 10),
  };
}

export function writeTransferResults(results: Record<string, unknown>): void {
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(ROOT, 'bench', 'results', 'transfers-latest.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  log('written to bench/results/transfers-latest.json');
}

/** Alone: its own Postgres and compiled sandbox. */
async function main() {
  const pg = await throwawayDatabase('bench-transfers');
  let sandbox: ChildProcess | undefined;
  try {
    const port = await freePort();
    const sandboxUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: pg.url,
      SANDBOX_PORT: String(port),
      PII_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64url'),
      PII_HASH_KEY: crypto.randomBytes(32).toString('base64url'),
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
    };
    Object.assign(process.env, env);
    sandbox = spawn(process.execPath, [await ensureSandboxBundle()], { cwd: ROOT, env, stdio: 'ignore' });
    await waitHttp(`${sandboxUrl}/health`);
    const results = await transferBench(sandboxUrl);
    log(JSON.stringify(results, null, 1));
    writeTransferResults(results);
  } finally {
    if (sandbox && sandbox.exitCode === null) {
      sandbox.kill('SIGTERM');
      await new Promise((r) => sandbox!.once('exit', r));
    }
    // The provider call samples this process still holds go in before the database closes.
    const { flushProviderStats } = await import('../lib/provider/resilience');
    await flushProviderStats().catch(() => undefined);
    const { sqlClient } = await import('../db/client');
    await sqlClient()
      .end({ timeout: 5 })
      .catch(() => undefined);
    await pg.dispose();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}

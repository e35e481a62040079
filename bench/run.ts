/**
 * Benchmarks (not tests): `npm run build && npm run bench`. Every row of the performance issue in one
 * run, on one throwaway embedded Postgres, with the ratios against references measured in the same run
 * (absolute figures drift on a shared machine; the ratios much less). Results go to
 * bench/results/latest.json (and are printed).
 *
 * 1. Provider search latency through lib/provider against the sandbox (20 city pairs × 10 rounds).
 * 2. Station autocomplete: lib/stations searchStations over every station's 1- and 2-character name
 *    prefixes and pinyin prefixes (3,381 stations), server time per query.
 * 3. Complete bookings (submit → held → paid → issued) through the portal's order service
 *    (createBooking, startPayment, the inbound callback handlers), the worker process and the
 *    sandbox process, against `pgbench` tpcb-like with 8 clients on the same Postgres; the auditor
 *    checks the orders afterwards (0 violations = no oversell, money balanced).
 * 4. Two production portal instances (`next start`, needs `npm run build`) on that database:
 *    provider calls for 1,000 concurrent identical searches split over both; the cached search page
 *    against the static `/api/health` at 10 and 50 clients (wrk when installed, else a fetch loop);
 *    the page's HTML size; first-load JS (gzip) of `/` and `/search` as the browser loads it.
 * 5. Sandbox memory: compiled (`node .next/sandbox/server.mjs`) against through tsx.
 * 6. The 1M-order list queries: bench/agency-orders.ts (BENCH_AGENCY=0 skips it; it seeds 1M rows).
 * 7. The 中转 transfer search (bench/transfers.ts): p50/p99 over 100 random city pairs and the provider
 *    calls per transfer search; BENCH_ONLY=transfers runs it alone (bench/results/transfers-latest.json).
 * 8. Two instances, two workers (bench/cluster.ts, its own process): bookings and searches over HTTP
 *    through the topology of scripts/lib/cluster.ts (two portals behind a round-robin proxy, two
 *    workers, one Postgres), CPU and statements per booking and per search, the auditor afterwards;
 *    bench/results/capacity-latest.json. BENCH_ONLY=cluster runs it alone; needs `npm run build`.
 * Lighthouse is its own script: `npm run bench:lighthouse`.
 * Env: BENCH_BOOKINGS (default 300), BENCH_SECONDS per load run (default 10), BENCH_BOOKING_CONCURRENCY
 * (bookings in flight, default 24), BENCH_ONLY=bookings (row 3 alone, written to
 * bench/results/bookings-latest.json), BENCH_ONLY=portal (row 4 alone, bench/results/portal-latest.json),
 * BENCH_PORTAL_ROUNDS (alternating runs of the cached page and the static handler per client count,
 * default 3).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import postgres from 'postgres';
import type { ProviderClient } from '../lib/provider/adapters/panhe/client';
import { ensureSandboxBundle } from '../scripts/lib/sandbox-build';
import { serveInbound } from '../lib/root/serve-inbound';
import { addDays, shanghaiDate } from '../lib/time';
import { throwawayDatabase } from '../tests/support/database';
import { transferBench, writeTransferResults } from './transfers';
import { freePort, waitHttp } from '../tests/support/net';
import { PAIRS } from './pairs';
import { statusWatcher } from './status-watch';

const ROOT = path.resolve(import.meta.dirname, '..');
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ONLY_BOOKINGS = process.env.BENCH_ONLY === 'bookings';
const ONLY_PORTAL = process.env.BENCH_ONLY === 'portal';
const ONLY_TRANSFERS = process.env.BENCH_ONLY === 'transfers';
const ONLY_CLUSTER = process.env.BENCH_ONLY === 'cluster';
const APP_KEY = 'sandbox-app-key';
const WINDOW_MS = 60_000;
const PORTAL_ROUNDS = Number(process.env.BENCH_PORTAL_ROUNDS ?? 3);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const date = (n: number) => addDays(shanghaiDate(), n);
const log = (s: string) => console.log(`[bench] ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
/** Runs `fn` `total` times, `concurrency` calls in flight. */
async function inFlight(total: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await fn(next++);
    }),
  );
}
/** The sandbox's count of provider API requests (/train/*) per path since the last reset. */
async function providerRequestCounts(sandboxUrl: string): Promise<Record<string, number>> {
  return (await (await fetch(`${sandboxUrl}/sandbox/stats`, { headers: { 'x-app-key': APP_KEY } })).json()) as Record<
    string,
    number
  >;
}
async function resetProviderRequestCounts(sandboxUrl: string): Promise<void> {
  await fetch(`${sandboxUrl}/sandbox/stats`, { method: 'DELETE', headers: { 'x-app-key': APP_KEY } });
}

/**
 * CPU ms of a process (utime + stime) and its system (kernel) part, from /proc/<pid>/stat (NaN
 * without /proc); `ppid` too.
 */
function procStat(pid: number | string): { cpuMs: number; sysMs: number; ppid: number } {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const tick = 1000 / 100;
    return { cpuMs: (Number(f[11]) + Number(f[12])) * tick, sysMs: Number(f[12]) * tick, ppid: Number(f[1]) };
  } catch {
    return { cpuMs: NaN, sysMs: NaN, ppid: -1 };
  }
}
type Cpu = { cpuMs: number; sysMs: number };
/** CPU ms of a process and of each of its children (Postgres: the postmaster and its backends). */
function treeCpu(pid: number): Map<number, Cpu> {
  const out = new Map<number, Cpu>([[pid, procStat(pid)]]);
  if (!fs.existsSync('/proc')) return out;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = procStat(d);
    if (st.ppid === pid) out.set(Number(d), st);
  }
  return out;
}
/** CPU (and system) ms spent between two readings (a process not read before counts from zero). */
function cpuDelta(a: Cpu | undefined, b: Cpu): Cpu {
  return { cpuMs: b.cpuMs - (a?.cpuMs ?? 0), sysMs: b.sysMs - (a?.sysMs ?? 0) };
}
/** CPU (and system) ms a process tree spent between two readings of treeCpu (exited backends are lost). */
function treeDelta(a: Map<number, Cpu>, b: Map<number, Cpu>): Cpu {
  const out = { cpuMs: 0, sysMs: 0 };
  for (const [pid, x] of b) {
    const d = cpuDelta(a.get(pid), x);
    out.cpuMs += d.cpuMs;
    out.sysMs += d.sysMs;
  }
  return out;
}

const children: ChildProcess[] = [];
function start(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // BENCH_CPU_PROF=<dir>: the Node children write V8 CPU profiles there when they stop.
  const prof = process.env.BENCH_CPU_PROF;
  const child = spawn(
    cmd,
    prof && cmd === process.execPath ? ['--cpu-prof', `--cpu-prof-dir=${prof}`, ...args] : args,
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let tail = '';
  const keep = (b: Buffer) => {
    tail = (tail + b.toString()).slice(-4000);
    if (process.env.BENCH_VERBOSE) process.stdout.write(`  ${name}| ${b.toString()}`);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code) => {
    if (code && code !== 143 && !stopping) console.error(`[bench] ${name} exited ${code}:\n${tail}`);
  });
  children.push(child);
  return child;
}
let stopping = false;
async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** Resident memory of a process and its descendants (MB), from /proc. */
function treeRssMb(pid: number): number {
  let kb = 0;
  const walk = (p: number) => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const kids = fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      for (const k of kids ? kids.split(/\s+/) : []) walk(Number(k));
    } catch {
      /* gone */
    }
  };
  walk(pid);
  return round(kb / 1024, 0);
}

interface Load {
  clients: number;
  p50_ms: number;
  p99_ms: number;
  requestsPerSecond: number;
  tool: string;
}

/** p50/p99/throughput of GET url with `clients` connections for SECONDS (wrk when installed). */
async function load(url: string, clients: number): Promise<Load> {
  if (has('wrk')) {
    const out = execFileSync('wrk', ['-t2', `-c${clients}`, `-d${SECONDS}s`, '--latency', url], {
      encoding: 'utf8',
    });
    const ms = (label: string) => {
      const m = new RegExp(`\\s${label}\\s+([\\d.]+)(us|ms|s)\\b`).exec(out);
      if (!m) return NaN;
      const v = Number(m[1]);
      return round(m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v, 2);
    };
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
    if (non2xx) throw new Error(`${url}: ${non2xx} non-2xx responses under load`);
    return { clients, p50_ms: ms('50%'), p99_ms: ms('99%'), requestsPerSecond: round(rps), tool: 'wrk -t2' };
  }
  const lat: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        const res = await fetch(url);
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${url}: ${res.status}`);
        lat.push(performance.now() - s);
      }
    }),
  );
  return {
    clients,
    p50_ms: round(pct(lat, 50), 2),
    p99_ms: round(pct(lat, 99), 2),
    requestsPerSecond: round(lat.length / SECONDS),
    tool: 'fetch loop (wrk not installed)',
  };
}

/** Row 8 (bench/cluster.ts) in its own process; its results (capacity-latest.json) or why not. */
function clusterRow(): unknown {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) return 'skipped: run `npm run build` first';
  log('two instances, two workers (bench/cluster.ts)…');
  const r = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['--conditions=react-server', path.join(ROOT, 'bench', 'cluster.ts')],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const file = path.join(ROOT, 'bench', 'results', 'capacity-latest.json');
  return r.status === 0 && fs.existsSync(file)
    ? JSON.parse(fs.readFileSync(file, 'utf8'))
    : `failed (exit ${r.status ?? r.signal})`;
}

async function main() {
  if (ONLY_CLUSTER) {
    const row = clusterRow();
    if (typeof row === 'string') throw new Error(`cluster row ${row}`);
    return;
  }
  const pg = await throwawayDatabase('bench', {
    settings: ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track_planning=on'],
  });
  const results: Record<string, unknown> = {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, ${round(os.totalmem() / 2 ** 30)} GB`,
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
    note: 'Shared machine: compare the ratios measured in this run, not absolute figures across runs.',
    node: process.version,
  };
  try {
    const sandboxPort = await freePort();
    const inboundPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: pg.url,
      SANDBOX_PORT: String(sandboxPort),
      PROVIDER_BASE_URL: sandboxUrl,
      PAYMENT_GATEWAY_URL: sandboxUrl,
      PORTAL_PUBLIC_URL: `http://127.0.0.1:${inboundPort}`,
      SANDBOX_HOLD_DELAY_MS: '0',
      SANDBOX_ISSUE_DELAY_MS: '0',
      PII_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64url'),
      PII_HASH_KEY: crypto.randomBytes(32).toString('base64url'),
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
    };
    // This process uses the portal's modules too (stations, the order service): same settings.
    Object.assign(process.env, env);

    // 5 (first: the sandbox the rest uses). Compiled sandbox, then a tsx one beside it for the memory.
    const bundle = await ensureSandboxBundle();
    const sandbox = start('sandbox', process.execPath, [bundle], env);
    await waitHttp(`${sandboxUrl}/health`);
    const { createProviderClient } = await import('../lib/provider/adapters/panhe/client');
    const { DEFAULT_PROVIDER_APP_KEY, DEFAULT_PROVIDER_SECRET_KEY } = await import('../protocol/defaults');
    const client = createProviderClient({
      baseUrl: sandboxUrl,
      appKey: DEFAULT_PROVIDER_APP_KEY,
      secretKey: DEFAULT_PROVIDER_SECRET_KEY,
    });

    if (ONLY_TRANSFERS) {
      // 7. The transfer search alone (bench/transfers.ts): bench/results/transfers-latest.json.
      results.transfers = await transferBench(sandboxUrl);
      writeTransferResults(results.transfers as Record<string, unknown>);
    } else if (ONLY_PORTAL) {
      results.portal = await portalBench(env, sandboxUrl);
      log(`portal ${JSON.stringify(results.portal, null, 1)}`);
    } else {
      if (!ONLY_BOOKINGS) await searchMemoryAutocomplete(results, env, sandbox.pid!, client);
      // 3. pgbench, then bookings through the order service
      const postmaster = Number(fs.readFileSync(path.join(pg.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      results.bookings = await bookingBench(pg.url, env, inboundPort, sandboxUrl, client, {
        sandbox: sandbox.pid!,
        postmaster,
      });
      log(`bookings ${JSON.stringify(results.bookings, null, 1)}`);
      if (!ONLY_BOOKINGS) await portalAndAgency(results, env, sandboxUrl);
      if (!ONLY_BOOKINGS) {
        // 7. The transfer search (bench/transfers.ts), also in bench/results/transfers-latest.json.
        results.transfers = await transferBench(sandboxUrl);
        writeTransferResults(results.transfers as Record<string, unknown>);
      }
    }
    await stop(sandbox);
  } finally {
    stopping = true;
    await Promise.all(children.map(stop));
    await pg.dispose();
  }
  if (!ONLY_TRANSFERS && !ONLY_PORTAL && !ONLY_BOOKINGS) results.twoInstancesTwoWorkers = clusterRow();
  results.loadAverageAtEnd = os.loadavg().map((x) => round(x, 2));
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  if (ONLY_TRANSFERS) return;
  const out = ONLY_BOOKINGS ? 'bookings-latest.json' : ONLY_PORTAL ? 'portal-latest.json' : 'latest.json';
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', out), `${JSON.stringify(results, null, 2)}\n`);
  log(`written to bench/results/${out}`);
}

/** Rows 1, 2 and 5: provider search latency, sandbox memory, station autocomplete. */
async function searchMemoryAutocomplete(
  results: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  sandboxPid: number,
  client: ProviderClient,
) {
  const { createProviderClient } = await import('../lib/provider/adapters/panhe/client');
  const { DEFAULT_PROVIDER_APP_KEY, DEFAULT_PROVIDER_SECRET_KEY } = await import('../protocol/defaults');
  {
    // 1. search latency (this also warms the sandbox up for its memory figure)
    const lat: number[] = [];
    let trains = 0;
    for (let r = 0; r < 10; r++) {
      for (const [from, to] of PAIRS) {
        const t0 = performance.now();
        const res = await client.search({ fromStation: from, toStation: to, fromDate: date(2) });
        lat.push(performance.now() - t0);
        if (r === 0) trains += res.trainLines?.length ?? 0;
      }
    }
    results.providerSearch = {
      pairs: PAIRS.length,
      requests: lat.length,
      trainsFound: trains,
      p50_ms: round(pct(lat, 50)),
      p99_ms: round(pct(lat, 99)),
    };
    log(`provider search ${JSON.stringify(results.providerSearch)}`);

    const tsxPort = await freePort();
    const tsxSandbox = start(
      'sandbox-tsx',
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(ROOT, 'sandbox', 'server.ts')],
      { ...env, SANDBOX_PORT: String(tsxPort) },
    );
    await waitHttp(`http://127.0.0.1:${tsxPort}/health`);
    for (const [from, to] of PAIRS) {
      const c = createProviderClient({
        baseUrl: `http://127.0.0.1:${tsxPort}`,
        appKey: DEFAULT_PROVIDER_APP_KEY,
        secretKey: DEFAULT_PROVIDER_SECRET_KEY,
      });
      await c.search({ fromStation: from, toStation: to, fromDate: date(2) });
    }
    results.sandboxMemory = {
      compiled_rss_mb: treeRssMb(sandboxPid),
      tsx_rss_mb: treeRssMb(tsxSandbox.pid!),
      note: 'after the same 20 searches; tsx counts its wrapper process, the loader and its esbuild service',
    };
    await stop(tsxSandbox);
    log(`sandbox memory ${JSON.stringify(results.sandboxMemory)}`);

    // 2. station autocomplete
    const { allStations, searchStations } = await import('../lib/stations');
    const stations = allStations();
    const queries = [
      ...new Set(
        stations.flatMap((s) => [s.name.slice(0, 1), s.name.slice(0, 2), s.pinyin.slice(0, 2), s.pinyin.slice(0, 4)]),
      ),
    ].filter(Boolean);
    searchStations('北京');
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    for (const q of queries) {
      const t0 = performance.now();
      searchStations(q);
      times.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    results.stationAutocomplete = {
      stations: stations.length,
      queries: queries.length,
      p50_ms: round(pct(times, 50), 3),
      p99_ms: round(pct(times, 99), 3),
      mean_ms: round(times.reduce((a, b) => a + b, 0) / times.length, 3),
      // CPU time per query: what the server spends, whatever else the machine runs meanwhile (wall-clock
      // p99 on a busy shared machine is mostly time the process was not scheduled).
      cpu_mean_ms: round((cpu.user + cpu.system) / 1000 / queries.length, 3),
      goal: '≤ 1 ms per query',
    };
    log(`station autocomplete ${JSON.stringify(results.stationAutocomplete)}`);
  }
}

/** Rows 4 and 6: two portal instances, the 1M-order list queries. */
async function portalAndAgency(results: Record<string, unknown>, env: NodeJS.ProcessEnv, sandboxUrl: string) {
  {
    // 4. two portal instances
    if (fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
      results.portal = await portalBench(env, sandboxUrl);
      log(`portal ${JSON.stringify(results.portal, null, 1)}`);
    } else {
      results.portal = 'skipped: run `npm run build` first';
    }

    // 6. 1M orders
    if (process.env.BENCH_AGENCY !== '0') {
      log('agency orders with 1M orders (bench/agency-orders.ts; several minutes)…');
      const r = spawnSync(
        path.join(ROOT, 'node_modules', '.bin', 'tsx'),
        [path.join(ROOT, 'bench', 'agency-orders.ts')],
        {
          cwd: ROOT,
          stdio: 'inherit',
        },
      );
      const file = path.join(ROOT, 'bench', 'results', 'agency-orders.json');
      results.agencyOrders1M =
        r.status === 0 && fs.existsSync(file)
          ? JSON.parse(fs.readFileSync(file, 'utf8'))
          : `failed (exit ${r.status ?? r.signal})`;
    } else {
      results.agencyOrders1M = 'skipped (BENCH_AGENCY=0): see bench/results/agency-orders.json';
    }
  }
}

/**
 * The CPU (every process involved, all cores) of the cheapest statement and the cheapest HTTP request
 * on this machine: `select $1` as a prepared statement through postgres.js (8 connections, 8 in flight)
 * and a JSON POST through fetch to a bare node:http server in another process that answers it with a
 * small JSON body (8 in flight). Real statements and the provider's requests cost more; these are floors.
 */
async function unitCosts(url: string, postmaster: number) {
  const N_STATEMENTS = 8_000;
  const N_REQUESTS = 4_000;
  const sql = postgres(url, { max: 8, onnotice: () => {} });
  await Promise.all(Array.from({ length: 8 }, () => sql`select ${1}::int as x`));
  let own = process.cpuUsage();
  const pg0 = treeCpu(postmaster);
  await inFlight(N_STATEMENTS, 8, (i) => sql`select ${i}::int as x`);
  let ownUsed = process.cpuUsage(own);
  const statementCpuMs =
    ((ownUsed.user + ownUsed.system) / 1000 + treeDelta(pg0, treeCpu(postmaster)).cpuMs) / N_STATEMENTS;
  await sql.end();

  const echo = start(
    'echo',
    process.execPath,
    [
      '-e',
      `const s = require('node:http').createServer((q, r) => { const c = []; q.on('data', (x) => c.push(x));
        q.on('end', () => { const b = JSON.stringify({ success: true, msgCode: '200', msg: 'ok',
          data: { received: Buffer.concat(c).length } });
          r.writeHead(200, { 'content-type': 'application/json' }).end(b); }); });
       s.listen(0, '127.0.0.1', () => console.log('port ' + s.address().port));`,
    ],
    { PATH: process.env.PATH, NODE_ENV: 'production' },
  );
  const port = await new Promise<number>((resolve) =>
    echo.stdout!.on('data', (b: Buffer) => {
      const m = /port (\d+)/.exec(b.toString());
      if (m) resolve(Number(m[1]));
    }),
  );
  const body = JSON.stringify({ orderNo: 'T'.repeat(20), sign: 'f'.repeat(32), ts: Date.now(), pad: 'x'.repeat(200) });
  const post = async (): Promise<unknown> =>
    (
      await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    ).json();
  await Promise.all(Array.from({ length: 8 }, post));
  own = process.cpuUsage();
  const echo0 = procStat(echo.pid!);
  await inFlight(N_REQUESTS, 8, post);
  ownUsed = process.cpuUsage(own);
  const httpRequestCpuMs =
    ((ownUsed.user + ownUsed.system) / 1000 + cpuDelta(echo0, procStat(echo.pid!)).cpuMs) / N_REQUESTS;
  await stop(echo);
  return { statementCpuMs: round(statementCpuMs, 3), httpRequestCpuMs: round(httpRequestCpuMs, 3) };
}

/** pgbench tpcb-like (8 clients) on its own database, then complete bookings; the ratio between them. */
async function bookingBench(
  url: string,
  env: NodeJS.ProcessEnv,
  inboundPort: number,
  sandboxUrl: string,
  client: ProviderClient,
  pids: { sandbox: number; postmaster: number },
) {
  let pgbench: Record<string, unknown> = { skipped: 'pgbench not installed (apt-get install postgresql-client)' };
  if (has('pgbench')) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe('create database pgbench');
    await admin.end();
    const pgbUrl = url.replace(/\/[^/?]+(\?|$)/, '/pgbench$1');
    execFileSync('pgbench', ['-i', '-s', '8', '-q', pgbUrl], { stdio: 'ignore' });
    const out = execFileSync('pgbench', ['-c', '8', '-j', '2', '-T', String(SECONDS), '-b', 'tpcb-like', pgbUrl], {
      encoding: 'utf8',
    });
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN);
    pgbench = { clients: 8, scale: 8, seconds: SECONDS, tps: round(tps) };
    log(`pgbench ${JSON.stringify(pgbench)}`);
  }
  const floorCosts = await unitCosts(url, pids.postmaster);
  log(`unit costs ${JSON.stringify(floorCosts)}`);

  // The portal's modules, in this process (like scripts/chaos/portal.ts): the order service and the
  // inbound handlers the sandbox calls back.
  const { db } = await import('../db/client');
  const { orderEvents, orders, payments, users } = await import('../db/schema');
  const { eq, inArray } = await import('drizzle-orm');
  const { bookingSchema, createBooking } = await import('../lib/orders/create');
  const { upsertPassenger } = await import('../scripts/lib/passengers');
  const { makeIdCard } = await import('../lib/domain/idcard');
  const { startPayment } = await import('../lib/orders/payments');
  const { audit } = await import('../lib/root/audit');

  let inboundRequests = 0;
  const server = await serveInbound(inboundPort, () => inboundRequests++);
  const worker = start(
    'worker',
    process.execPath,
    ['--import', 'tsx', '--conditions=react-server', path.join(ROOT, 'scripts', 'worker.ts')],
    env,
  );

  const [user] = await db()
    .insert(users)
    .values({ email: 'bench@example.test', passwordHash: 'x', displayName: '压测', role: 'traveller' })
    .returning({ id: users.id });
  const traveller = { id: user!.id, email: 'bench@example.test', name: '压测', role: 'traveller' as const };
  // G trains 北京南 → 上海 with 二等座 to spare, over 7 dates.
  const legs: { trainCode: string; date: string }[] = [];
  for (let d = 3; d < 10; d++) {
    const found = await client.search({ fromStation: '北京南', toStation: '上海', fromDate: date(d) });
    for (const l of found.trainLines ?? []) {
      if (l.trainCode.startsWith('G') && l.fromStation === '北京南' && l.toStation === '上海')
        if (l.Seats.some((x) => x.seatType === 4 && x.leftTicketNum > 100))
          legs.push({ trainCode: l.trainCode, date: date(d) });
    }
  }
  const statusOf = async (id: string) =>
    (await db().select({ status: orders.status }).from(orders).where(eq(orders.id, id)))[0]?.status;
  const statusReaches = statusWatcher(
    (ids) => db().select({ id: orders.id, status: orders.status }).from(orders).where(inArray(orders.id, ids)),
    50,
  );
  // Where the database's time goes during the bookings (pg_stat_statements, loaded at the server's start).
  const stats = postgres(url, { max: 1, onnotice: () => {} });
  await stats.unsafe('create extension if not exists pg_stat_statements');
  await stats.unsafe('select pg_stat_statements_reset()');
  const seed = Date.now();
  const ids: string[] = [];
  const latencies: number[] = [];
  let issued = 0;
  const CONCURRENCY = Number(process.env.BENCH_BOOKING_CONCURRENCY ?? 24);
  // CPU time of every process of the pipeline over the bookings (2 cores: 2,000 CPU-ms per second).
  const cpuAt = () => ({
    orderService: process.cpuUsage(),
    worker: procStat(worker.pid!),
    sandbox: procStat(pids.sandbox),
    postgres: treeCpu(pids.postmaster),
  });
  await resetProviderRequestCounts(sandboxUrl);
  inboundRequests = 0;
  const cpu0 = cpuAt();
  const t0 = performance.now();
  await inFlight(BOOKINGS, CONCURRENCY, async (i) => {
    const s = performance.now();
    const idNo = makeIdCard('110101', `19${60 + (i % 39)}-0${1 + (i % 9)}-1${i % 9}`, i % 997);
    const passengerId = (await upsertPassenger({ userId: traveller.id }, `压测${i}`, idNo))!;
    const leg = legs[i % legs.length]!;
    const input = bookingSchema.parse({
      customerOrderNo: `BENCH${seed}N${i}`,
      trainCode: leg.trainCode,
      fromStation: '北京南',
      toStation: '上海',
      date: leg.date,
      seatType: 4,
      passengers: [{ passengerId, ticketType: 1 }],
      contactMobile: '13800138000',
    });
    const { orderId } = await createBooking(traveller, input);
    ids.push(orderId);
    await statusReaches(orderId, (x) => x !== 1, 60_000);
    if ((await statusOf(orderId)) !== 2) return;
    await startPayment(orderId, traveller.id);
    const [pay] = await db()
      .select({ paymentNo: payments.paymentNo })
      .from(payments)
      .where(eq(payments.orderId, orderId));
    await fetch(`${sandboxUrl}/sandbox/payments/${pay!.paymentNo}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-app-key': APP_KEY },
      body: '{}',
    });
    if (await statusReaches(orderId, (x) => x === 8, 60_000)) {
      issued++;
      latencies.push(performance.now() - s);
    }
  });
  const secs = (performance.now() - t0) / 1000;
  const cpu1 = cpuAt();
  // HTTP requests of the run: the provider API's (/train/*, counted by the sandbox), the provider's and
  // the gateway's notifications to the portal (this process's inbound server) and the payment itself
  // (the traveller's, at the gateway: one per booking).
  const providerRequests = Object.values(await providerRequestCounts(sandboxUrl)).reduce((a, b) => a + b, 0);
  const httpRequests = providerRequests + inboundRequests + issued;
  const perBooking = (x: number) => round(x / Math.max(issued, 1), 1);
  const own = process.cpuUsage(cpu0.orderService);
  const used: Record<string, Cpu> = {
    // This process: the order service, the inbound callback handlers and the bench's own driver.
    orderServiceAndCallbacks: { cpuMs: (own.user + own.system) / 1000, sysMs: own.system / 1000 },
    worker: cpuDelta(cpu0.worker, cpu1.worker),
    sandbox: cpuDelta(cpu0.sandbox, cpu1.sandbox),
    // The postmaster and its backends (a backend that exited during the run is not counted).
    postgres: treeDelta(cpu0.postgres, cpu1.postgres),
  };
  const cpuMsPerBooking = Object.fromEntries(Object.entries(used).map(([k, v]) => [k, perBooking(v.cpuMs)]));
  // The kernel's part of it (system time: socket reads and writes, wake-ups): on a VM where system
  // calls are dear, round trips between the processes cost more than the work they carry.
  const systemMsPerBooking = Object.fromEntries(Object.entries(used).map(([k, v]) => [k, perBooking(v.sysMs)]));
  const cpuTotal = round(
    Object.values(cpuMsPerBooking).reduce((a, b) => a + b, 0),
    1,
  );
  const statements = await stats.unsafe<{ calls: string; total: number; plan: number; query: string }[]>(
    `select calls::text, total_exec_time as total, total_plan_time as plan, query from pg_stat_statements
     where dbid = (select oid from pg_database where datname = current_database())
     order by total_exec_time + total_plan_time desc limit 15`,
  );
  if (process.env.BENCH_STATEMENTS_FILE) {
    // Every statement of the run (calls, exec and plan ms), for a closer look than the top 15.
    const all = await stats.unsafe(
      `select calls, round(total_exec_time::numeric, 1) as exec, round(total_plan_time::numeric, 1) as plan, query
       from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
       order by calls desc`,
    );
    fs.writeFileSync(process.env.BENCH_STATEMENTS_FILE, JSON.stringify(all, null, 1));
  }
  // Postgres's CPU by whose connection its backend serves (pg_stat_activity now: the pools are still
  // open): the sandbox's (application_name rail-sandbox), the portal's (order service, worker, pg-boss,
  // this bench's watcher) and the server's own processes (postmaster, WAL writer, checkpointer, …).
  const backends = await stats.unsafe<{ pid: number; app: string; client: boolean }[]>(
    `select pid, application_name as app, backend_type = 'client backend' as client from pg_stat_activity`,
  );
  const groupOf = new Map(
    backends.map((b) => [b.pid, b.client ? (b.app === 'rail-sandbox' ? 'sandbox' : 'portal') : 'server']),
  );
  const postgresByClient: Record<string, number> = { portal: 0, sandbox: 0, server: 0 };
  for (const [pid, x] of cpu1.postgres) {
    const g = groupOf.get(pid) ?? 'server';
    postgresByClient[g]! += cpuDelta(cpu0.postgres.get(pid), x).cpuMs;
  }
  const [dbTotals] = await stats.unsafe<{ calls: string; exec: number; plan: number }[]>(
    `select sum(calls)::text as calls, sum(total_exec_time) as exec, sum(total_plan_time) as plan
     from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())`,
  );
  await stats.end();
  const byStatus = await db().select({ status: orders.status }).from(orders).where(inArray(orders.id, ids));
  const invariants = await audit({ orderIds: ids });
  // Where a booking's time goes: per event of the order's history (kind, status, source, first words of
  // its note), its offset from 提交订单 (p50 / p99 over the orders, ms), in time order.
  const evs = await db()
    .select({
      orderId: orderEvents.orderId,
      kind: orderEvents.kind,
      to: orderEvents.toStatus,
      source: orderEvents.source,
      note: orderEvents.note,
      at: orderEvents.at,
    })
    .from(orderEvents)
    .where(inArray(orderEvents.orderId, ids))
    .orderBy(orderEvents.orderId, orderEvents.at, orderEvents.id);
  const startOf = new Map<string, number>();
  const offsets = new Map<string, number[]>();
  for (const e of evs) {
    const at = new Date(e.at).getTime();
    if (!startOf.has(e.orderId)) startOf.set(e.orderId, at);
    const label = `${e.kind}→${e.to} ${e.source} ${(e.note ?? '').replace(/\d+/g, '#').slice(0, 12)}`.trim();
    offsets.set(label, [...(offsets.get(label) ?? []), at - startOf.get(e.orderId)!]);
  }
  const hops = [...offsets.entries()]
    .map(([label, xs]) => ({ label, n: xs.length, p50_ms: round(pct(xs, 50)), p99_ms: round(pct(xs, 99)) }))
    .sort((a, b) => a.p50_ms - b.p50_ms);
  server.close();
  await stop(worker);
  const perSecond = round(issued / secs);
  const tps = typeof pgbench.tps === 'number' ? pgbench.tps : NaN;
  return {
    bookings: BOOKINGS,
    issued,
    concurrency: CONCURRENCY,
    workerConcurrency: Number(process.env.WORKER_CONCURRENCY ?? 4),
    dbPoolMax: Number(process.env.DB_POOL_MAX ?? 10),
    seconds: round(secs),
    issuedPerSecond: perSecond,
    p50_ms: round(pct(latencies, 50)),
    p99_ms: round(pct(latencies, 99)),
    ordersByStatus: byStatus.reduce<Record<number, number>>(
      (a, o) => ({ ...a, [o.status]: (a[o.status] ?? 0) + 1 }),
      {},
    ),
    auditorViolations: invariants.reduce((a, r) => a + r.violated, 0),
    hops,
    cpuMsPerBooking: { ...cpuMsPerBooking, total: cpuTotal },
    systemMsPerBooking,
    // Bookings per second these processes could sustain if they had every core to themselves.
    cpuBoundBookingsPerSecond: round((os.cpus().length * 1000) / cpuTotal, 1),
    postgresCpuMsPerBookingByClient: Object.fromEntries(
      Object.entries(postgresByClient).map(([k, v]) => [k, perBooking(v)]),
    ),
    // The same without the simulated provider (the sandbox process and the backends of its connections):
    // what the portal's side of a booking costs where the provider runs elsewhere (the backends of a
    // connection closed during the run are not counted).
    withoutSimulatedProvider: (() => {
      const ms = round(cpuTotal - perBooking(used.sandbox!.cpuMs) - perBooking(postgresByClient.sandbox!), 1);
      return { cpuMsPerBooking: ms, cpuBoundBookingsPerSecond: round((os.cpus().length * 1000) / ms, 1) };
    })(),
    database: {
      statementsPerBooking: round(Number(dbTotals?.calls ?? 0) / Math.max(issued, 1), 1),
      execMsPerBooking: round((dbTotals?.exec ?? 0) / Math.max(issued, 1), 2),
      planMsPerBooking: round((dbTotals?.plan ?? 0) / Math.max(issued, 1), 2),
    },
    // The 15 statements with the most database time (execution + planning) over the run, per issued booking.
    topStatements: statements.map((q) => ({
      callsPerBooking: round(Number(q.calls) / Math.max(issued, 1), 1),
      msPerBooking: round(q.total / Math.max(issued, 1), 2),
      planMsPerBooking: round(q.plan / Math.max(issued, 1), 2),
      query: q.query.replace(/\s+/g, ' ').slice(0, 160),
    })),
    httpRequestsPerBooking: {
      provider: perBooking(providerRequests),
      inbound: perBooking(inboundRequests),
      total: perBooking(httpRequests),
    },
    // The least any implementation that makes as many statements and HTTP requests per booking could
    // spend: each at the cost of the cheapest one measured on this machine in this run.
    floor: (() => {
      const { statementCpuMs, httpRequestCpuMs } = floorCosts;
      const ms =
        (Number(dbTotals?.calls ?? 0) * statementCpuMs + httpRequests * httpRequestCpuMs) / Math.max(issued, 1);
      const bookingsPerSecond = (os.cpus().length * 1000) / ms;
      return {
        ...floorCosts,
        cpuMsPerBooking: round(ms, 1),
        percentOfMeasuredCpu: round((ms / cpuTotal) * 100, 1),
        cpuBoundBookingsPerSecond: round(bookingsPerSecond, 1),
        percentOfPgbench: Number.isFinite(tps) ? round((bookingsPerSecond / tps) * 100, 2) : null,
        cpuMsPerBookingForTheGoal: Number.isFinite(tps) ? round((os.cpus().length * 1000) / (0.03 * tps), 1) : null,
      };
    })(),
    pgbench,
    percentOfPgbench: Number.isFinite(tps) ? round((perSecond / tps) * 100, 2) : null,
    goal: '≥ 3 % of pgbench tpcb TPS, 0 oversell',
  };
}

/** Two `next start` instances on the run's database and sandbox. */
async function portalBench(env: NodeJS.ProcessEnv, sandboxUrl: string) {
  const ports = [await freePort(), await freePort()];
  const nextBin = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
  const instances = ports.map((port, i) =>
    start(`portal-${i + 1}`, process.execPath, [nextBin, 'start', '-p', String(port)], {
      ...env,
      PORT: String(port),
      NEXTAUTH_URL: `http://localhost:${port}`,
      // One window comfortably longer than the 1,000-search burst on a busy 2-core machine.
      SEARCH_CACHE_TTL_MS: String(WINDOW_MS),
    }),
  );
  const bases = ports.map((p) => `http://localhost:${p}`);
  await Promise.all(bases.map((b) => waitHttp(`${b}/api/health`)));
  try {
    const stats = async () => (await providerRequestCounts(sandboxUrl))['/train/search'] ?? 0;
    // Provider calls for 1,000 concurrent identical searches over both instances (a date nobody asked yet).
    const q = new URLSearchParams({ from: '北京', to: '上海', date: date(4) }).toString();
    await resetProviderRequestCounts(sandboxUrl);
    const t0 = performance.now();
    const codes = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        fetch(`${bases[i % 2]}/search?${q}`).then((r) => r.text().then(() => r.status)),
      ),
    );
    const burstMs = performance.now() - t0;
    const providerCalls = await stats();
    // …and the same once more from each instance inside the window: no new call.
    await Promise.all(bases.map((b) => fetch(`${b}/search?${q}&sort=price`).then((r) => r.text())));
    const providerCallsAfterFilteredRepeat = await stats();

    // The cached search page against the static handler, on instance 1.
    const searchUrl = `${bases[0]}/search?${new URLSearchParams({ from: '北京南', to: '上海', date: date(3) }).toString()}`;
    const health = `${bases[0]}/api/health`;
    const html = await get(searchUrl);
    // CPU time of instance 1 (utime + stime from /proc, in ms; NaN where there is no /proc).
    const cpuMs = () => procStat(instances[0]!.pid!).cpuMs;
    const measure = async (url: string, clients: number) => {
      const before = cpuMs();
      const r = await load(url, clients);
      return { ...r, cpuMsPerRequest: round((cpuMs() - before) / (r.requestsPerSecond * SECONDS), 3) };
    };
    // Both warmed alike (JIT, the page's first render), then PORTAL_ROUNDS alternating runs of each;
    // the row reports the median run of each (by throughput) — one run each is within ±25 % here.
    await load(health, 10);
    await load(searchUrl, 10);
    const median = <T extends { requestsPerSecond: number }>(xs: T[]) =>
      [...xs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(xs.length / 2)]!;
    const rows: Record<string, unknown>[] = [];
    for (const clients of [10, 50]) {
      const runs: { page: Awaited<ReturnType<typeof measure>>; stat: Awaited<ReturnType<typeof measure>> }[] = [];
      for (let i = 0; i < PORTAL_ROUNDS; i++)
        runs.push({ page: await measure(searchUrl, clients), stat: await measure(health, clients) });
      const page = median(runs.map((r) => r.page));
      const stat = median(runs.map((r) => r.stat));
      rows.push({
        clients,
        rounds: PORTAL_ROUNDS,
        searchPage: page,
        staticHandler: stat,
        p50_ratio: round(page.p50_ms / stat.p50_ms, 2),
        p99_ratio: round(page.p99_ms / stat.p99_ms, 2),
        throughput_percent: round((page.requestsPerSecond / stat.requestsPerSecond) * 100, 1),
        cpu_ratio: round(page.cpuMsPerRequest / stat.cpuMsPerRequest, 2),
        everyRun: runs.map((r) => ({
          page: { p50_ms: r.page.p50_ms, rps: r.page.requestsPerSecond, cpuMs: r.page.cpuMsPerRequest },
          static: { p50_ms: r.stat.p50_ms, rps: r.stat.requestsPerSecond, cpuMs: r.stat.cpuMsPerRequest },
        })),
      });
    }
    return {
      instances: 2,
      cacheWindowMs: WINDOW_MS,
      identicalSearches: 1000,
      identicalSearchStatuses: [...new Set(codes)],
      identicalSearchBurstMs: round(burstMs),
      providerSearchCalls: providerCalls,
      providerSearchCallsAfterFilteredRepeatOnBoth: providerCallsAfterFilteredRepeat,
      searchVsStatic: rows,
      searchPageHtml: {
        url: searchUrl.replace(bases[0]!, ''),
        bytes: html.length,
        gzipBytes: zlib.gzipSync(html).length,
      },
      firstLoadJsGzip: {
        '/': await firstLoadJs(bases[0]!, '/'),
        '/search': await firstLoadJs(bases[0]!, searchUrl.replace(bases[0]!, '')),
      },
    };
  } finally {
    await Promise.all(instances.map(stop));
  }
}

/** GET with one retry (a keep-alive socket the server just closed after a load run). */
async function get(url: string | URL): Promise<Buffer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${String(url)}: ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    } catch (e) {
      if (attempt >= 3) throw e;
      await sleep(200);
    }
  }
}

/** The JavaScript a first visit loads: every script the page's HTML references, gzip-compressed. */
async function firstLoadJs(base: string, p: string) {
  const html = (await get(`${base}${p}`)).toString('utf8');
  // (noModule scripts — Next's legacy polyfills — are skipped by the browsers that run modules.)
  const tags = [...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"[^>]*>/g)].filter((m) => !/noModule/i.test(m[0]));
  const srcs = [...new Set(tags.map((m) => m[1]!))];
  let gzip = 0;
  let raw = 0;
  for (const src of srcs) {
    const body = await get(new URL(src, base));
    raw += body.length;
    gzip += zlib.gzipSync(body).length;
  }
  return { scripts: srcs.length, rawKB: round(raw / 1024), gzipKB: round(gzip / 1024), goal: '≤ 150 KB gzip' };
}

await main();
// The order service's job queue client (pg-boss, started by the bookings) keeps the loop alive.
process.exit(0);

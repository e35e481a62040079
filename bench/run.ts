/**
 * Benchmarks (not tests): run with `npm run bench`. Results go to bench/results/latest.json (and are
 * printed). Everything runs against real parts: a throwaway embedded Postgres, the sandbox over HTTP,
 * and the production portal (`npm run build` first) for the portal-level figures.
 *
 * 1. Provider search latency, 20 city pairs × 10 rounds, through lib/provider against the sandbox.
 * 2. Throughput of create → hold → confirm → issued for 500 orders (20 in flight).
 * 3. Portal: provider calls made for 200 concurrent identical searches (cache + single-flight), and
 *    p99 of a cached search page against p99 of a static route handler under the same load.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migratePortal } from '../db/migrate';
import { makeIdCard } from '../lib/domain/idcard';
import { createProviderClient, DEFAULT_PROVIDER_APP_KEY, DEFAULT_PROVIDER_SECRET_KEY } from '../lib/provider';
import type { TrainLineWire } from '../lib/provider/wire';
import { startSandbox } from '../sandbox/server';
import { freePort, startEmbeddedPostgres } from '../scripts/lib/embedded-pg';

const ROOT = path.resolve(import.meta.dirname, '..');
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};
const date = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

const PAIRS: [string, string][] = [
  ['北京南', '上海'],
  ['北京', '上海'],
  ['上海', '杭州'],
  ['广州', '深圳'],
  ['北京', '广州'],
  ['成都', '重庆'],
  ['南京', '上海'],
  ['武汉', '长沙'],
  ['西安', '郑州'],
  ['苏州', '上海'],
  ['天津', '北京'],
  ['杭州', '宁波'],
  ['济南', '青岛'],
  ['沈阳', '大连'],
  ['哈尔滨', '长春'],
  ['昆明', '贵阳'],
  ['福州', '厦门'],
  ['合肥', '南京'],
  ['兰州', '西宁'],
  ['南宁', '桂林'],
];

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rail-bench-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
    database: 'bench',
    persistent: false,
  });
  const results: Record<string, unknown> = {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`,
    node: process.version,
  };
  try {
    await migratePortal(pg.url);
    const sb = await startSandbox({
      port: await freePort(),
      databaseUrl: pg.url,
      holdDelayMs: 0,
      issueDelayMs: 0,
      tickMs: 10,
    });
    const client = createProviderClient({
      baseUrl: sb.url,
      appKey: DEFAULT_PROVIDER_APP_KEY,
      secretKey: DEFAULT_PROVIDER_SECRET_KEY,
    });

    // 1. search latency
    const lat: number[] = [];
    let trains = 0;
    for (let round = 0; round < 10; round++) {
      for (const [from, to] of PAIRS) {
        const t0 = performance.now();
        const r = await client.search({ fromStation: from, toStation: to, fromDate: date(2) });
        lat.push(performance.now() - t0);
        if (round === 0) trains += r.trainLines?.length ?? 0;
      }
    }
    results.search = {
      pairs: PAIRS.length,
      requests: lat.length,
      trainsFound: trains,
      p50_ms: pct(lat, 50),
      p99_ms: pct(lat, 99),
    };
    console.log('search', results.search);

    // 2. create → hold → confirm → issued, 500 orders
    const candidates: TrainLineWire[] = [];
    for (let d = 1; d <= 5; d++) {
      const lines =
        (await client.search({ fromStation: '北京南', toStation: '上海', fromDate: date(d) })).trainLines ?? [];
      candidates.push(...lines.filter((l) => l.trainCode.startsWith('G')).slice(0, 4));
    }
    const N = 500;
    let seq = 0;
    const t0 = performance.now();
    const latencies: number[] = [];
    let issued = 0;
    const work = Array.from({ length: N }, (_, i) => i);
    async function worker() {
      for (let i = work.shift(); i !== undefined; i = work.shift()) {
        const line = candidates[i % candidates.length]!;
        const s = performance.now();
        const { orderNo } = await client.createOrder({
          customerOrderNo: `B${i}-${Date.now()}`,
          contactName: '压测',
          contactMobile: '13800138000',
          trainCode: line.trainCode,
          fromStation: line.fromStation,
          toStation: line.toStation,
          fromDateTime: line.fromDateTime,
          toDateTime: line.toDateTime,
          trainAccount: 'sandbox',
          trainPassword: 'sandbox123',
          isChooseSeats: false,
          passengers: [
            {
              name: `压测${i}`,
              cardType: 1,
              cardNo: makeIdCard('440101', `${1950 + Math.floor(++seq / 1000)}-01-01`, seq % 1000),
              mobile: '13800138000',
              ticketType: 1,
              seatType: 4,
            },
          ],
        });
        const poll = async () => {
          await new Promise((r) => setTimeout(r, 20));
          return client.orderDetail(orderNo);
        };
        let d = await client.orderDetail(orderNo);
        while (d.orderStatus === 1) d = await poll();
        if (d.orderStatus !== 2) continue;
        await client.confirmOrder(orderNo, d.orderAmount ?? null);
        while (d.orderStatus !== 8 && d.orderStatus !== 9) d = await poll();
        if (d.orderStatus === 8) issued++;
        latencies.push(performance.now() - s);
      }
    }
    await Promise.all(Array.from({ length: 20 }, worker));
    const secs = (performance.now() - t0) / 1000;
    results.orders = {
      orders: N,
      issued,
      concurrency: 20,
      seconds: Math.round(secs * 10) / 10,
      ordersPerSecond: Math.round((N / secs) * 10) / 10,
      p50_ms: pct(latencies, 50),
      p99_ms: pct(latencies, 99),
    };
    console.log('orders', results.orders);

    // 3. portal cache and single-flight
    if (fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
      results.portal = await portalBench(dir);
      console.log('portal', results.portal);
    } else {
      results.portal = 'skipped: run `npm run build` first';
    }
    await sb.stop();
  } finally {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('written to bench/results/latest.json');
}

async function portalBench(dir: string) {
  const port = await freePort();
  const sandboxPort = await freePort();
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'start.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      EMBEDDED_PG_PORT: String(await freePort()),
      PORTAL_DATA_DIR: path.join(dir, 'portal'),
      DATABASE_URL: '',
      NEXTAUTH_URL: `http://localhost:${port}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => b.toString().includes('[portal] ready in') && resolve());
    child.once('exit', () => reject(new Error('portal did not start')));
  });
  try {
    const base = `http://localhost:${port}`;
    const sandbox = `http://localhost:${sandboxPort}`;
    const hdr = { 'x-app-key': DEFAULT_PROVIDER_APP_KEY };
    const searchUrl = `${base}/search?${new URLSearchParams({ from: '北京', to: '上海', date: date(3) }).toString()}`;
    await fetch(`${sandbox}/sandbox/stats`, { method: 'DELETE', headers: hdr });
    await Promise.all(Array.from({ length: 200 }, () => fetch(searchUrl).then((r) => r.text())));
    const stats = (await (await fetch(`${sandbox}/sandbox/stats`, { headers: hdr })).json()) as Record<string, number>;
    const providerCalls = stats['/train/search'] ?? 0;

    async function load(url: string, total = 400, concurrency = 20) {
      const lat: number[] = [];
      let left = total;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (left-- > 0) {
            const s = performance.now();
            await (await fetch(url)).text();
            lat.push(performance.now() - s);
          }
        }),
      );
      return { p50_ms: pct(lat, 50), p99_ms: pct(lat, 99), requests: lat.length };
    }
    await load(`${base}/api/health`, 50);
    return {
      identicalSearches: 200,
      providerSearchCalls: providerCalls,
      cachedSearchPage: await load(searchUrl),
      staticRouteHandler: await load(`${base}/api/health`),
      concurrency: 20,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

await main();

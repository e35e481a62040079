/**
 * Lighthouse (mobile, headless Chromium /usr/bin/chromium or CHROME_PATH) on the four pages of the
 * performance issue: search (`/`), results (`/search?…`), booking (`/book?…`, signed in) and an order
 * (`/trips/<id>`, signed in). `npm run build && npm run bench:lighthouse`: a throwaway embedded
 * Postgres, the compiled sandbox, the worker and one `next start`; a traveller (session cookie minted
 * as the sign-in action does, given to Lighthouse as a header) books one order through the order service.
 * Performance and accessibility scores (with LCP, TBT, CLS, the unthrottled load's own first paint and
 * the host's benchmarkIndex) go to bench/results/lighthouse.json; on a host slower than Lighthouse's
 * default assumes, a second pass with the CPU slowdown calibrated as Lighthouse's docs describe.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { encode } from 'next-auth/jwt';
import { addDays, shanghaiDate } from '../lib/time';
import { ensureSandboxBundle } from '../scripts/lib/sandbox-build';
import { throwawayDatabase } from '../tests/support/database';
import { freePort, waitHttp } from '../tests/support/net';

const ROOT = path.resolve(import.meta.dirname, '..');
const date = (n: number) => addDays(shanghaiDate(), n);
const log = (s: string) => console.log(`[lighthouse] ${s}`);
const children: ChildProcess[] = [];

function start(cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: process.env.BENCH_VERBOSE ? 'inherit' : 'ignore' });
  children.push(child);
  return child;
}

/**
 * The session cookie the sign-in action would set (lib/auth/session-cookie.ts: next-auth's JWT under
 * its cookie name); the sign-in form itself is a server action, and next-auth's credentials endpoint
 * is closed.
 */
async function sessionCookie(user: { id: string; email: string; name: string }): Promise<string> {
  const token = await encode({
    // sv: a new user's users.session_version (lib/auth/sessions.ts); a token without it is refused.
    token: { name: user.name, email: user.email, sub: user.id, uid: user.id, role: 'traveller', sv: 0 },
    secret: process.env.NEXTAUTH_SECRET!,
    maxAge: 3600,
  });
  return `next-auth.session-token=${token}`;
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('run `npm run build` first');
  const pg = await throwawayDatabase('lighthouse', { database: 'lighthouse' });
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    const [sandboxPort, port] = [await freePort(), await freePort()];
    const base = `http://localhost:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: pg.url,
      SANDBOX_PORT: String(sandboxPort),
      PROVIDER_BASE_URL: `http://127.0.0.1:${sandboxPort}`,
      PAYMENT_GATEWAY_URL: `http://127.0.0.1:${sandboxPort}`,
      PORTAL_PUBLIC_URL: base,
      PII_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64url'),
      PII_HASH_KEY: crypto.randomBytes(32).toString('base64url'),
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
      NEXTAUTH_URL: base,
      PORT: String(port),
    };
    Object.assign(process.env, env);
    start(process.execPath, [await ensureSandboxBundle()], env);
    await waitHttp(`http://127.0.0.1:${sandboxPort}/health`);
    start(
      process.execPath,
      ['--import', 'tsx', '--conditions=react-server', path.join(ROOT, 'scripts', 'worker.ts')],
      env,
    );
    start(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port)],
      env,
    );
    await waitHttp(`${base}/api/health`);

    // A traveller with a saved passenger and one order (through the order service).
    const { db } = await import('../db/client');
    const { savedPassengers, users } = await import('../db/schema');
    const { bookingSchema, createBooking } = await import('../lib/orders/create');
    const { idNoHash, sealPii } = await import('../lib/crypto/pii');
    const { makeIdCard } = await import('../lib/domain/idcard');
    const password = 'Lighthouse-2026';
    const [u] = await db()
      .insert(users)
      .values({
        email: 'lighthouse@example.test',
        passwordHash: await bcrypt.hash(password, 10),
        displayName: '灯塔',
        role: 'traveller',
      })
      .returning({ id: users.id });
    const idNo = makeIdCard('110101', '1990-01-01', 7);
    const [p] = await db()
      .insert(savedPassengers)
      .values({
        userId: u!.id,
        name: '张三',
        idType: '1',
        idNo: sealPii(idNo),
        idNoHash: idNoHash('1', idNo),
        ticketType: 1,
      })
      .returning({ id: savedPassengers.id });
    const { orderId } = await createBooking(
      { id: u!.id, email: 'lighthouse@example.test', name: '灯塔', role: 'traveller' },
      bookingSchema.parse({
        customerOrderNo: `LH${Date.now()}`,
        trainCode: 'G1',
        fromStation: '北京南',
        toStation: '上海',
        date: date(3),
        seatType: 4,
        passengers: [{ passengerId: p!.id, ticketType: 1 }],
        contactMobile: '13800138000',
      }),
    );
    const cookie = await sessionCookie({ id: u!.id, email: 'lighthouse@example.test', name: '灯塔' });

    const q = (o: Record<string, string>) => new URLSearchParams(o).toString();
    const pages = [
      { name: 'search', url: `${base}/`, signedIn: false },
      { name: 'results', url: `${base}/search?${q({ from: '北京南', to: '上海', date: date(3) })}`, signedIn: false },
      {
        name: 'booking',
        url: `${base}/book?${q({ train: 'G1', from: '北京南', to: '上海', date: date(3), seat: '4' })}`,
        signedIn: true,
      },
      { name: 'order', url: `${base}/trips/${orderId}`, signedIn: true },
    ];
    chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    /** One Lighthouse run of a page; cpuSlowdownMultiplier undefined = Lighthouse's default 4×. */
    async function audit(page: (typeof pages)[number], cpuSlowdownMultiplier?: number) {
      const run = await lighthouse(
        page.url,
        {
          port: chrome!.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility'],
          extraHeaders: page.signedIn ? { Cookie: cookie } : undefined,
        },
        cpuSlowdownMultiplier === undefined
          ? undefined
          : { extends: 'lighthouse:default', settings: { throttling: { cpuSlowdownMultiplier } } },
      );
      const lhr = run!.lhr;
      if (process.env.LIGHTHOUSE_DUMP)
        fs.writeFileSync(
          path.join(process.env.LIGHTHOUSE_DUMP, `${page.name}${cpuSlowdownMultiplier ? '-calibrated' : ''}.json`),
          JSON.stringify(lhr),
        );
      const metric = (id: string) => lhr.audits[id]?.numericValue;
      const observed = (lhr.audits.metrics?.details as { items?: Record<string, number>[] } | undefined)?.items?.[0];
      return {
        page: page.name,
        path: page.url.replace(base, ''),
        finalUrl: lhr.finalDisplayedUrl.replace(base, ''),
        performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
        accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
        lcp_ms: Math.round(metric('largest-contentful-paint') ?? NaN),
        tbt_ms: Math.round(metric('total-blocking-time') ?? NaN),
        cls: Math.round((metric('cumulative-layout-shift') ?? NaN) * 1000) / 1000,
        fcp_ms: Math.round(metric('first-contentful-paint') ?? NaN),
        // What the unthrottled load itself showed (simulation starts from it), and the host's CPU power.
        observedFcp_ms: Math.round(observed?.observedFirstContentfulPaint ?? NaN),
        observedLoad_ms: Math.round(observed?.observedLoad ?? NaN),
        benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
        cpuSlowdownMultiplier: lhr.configSettings.throttling.cpuSlowdownMultiplier,
      };
    }
    const results: Awaited<ReturnType<typeof audit>>[] = [];
    for (const page of pages) {
      // Warm the page (and the search cache) once, like a second visitor.
      await fetch(page.url, { headers: page.signedIn ? { cookie } : {} }).then((r) => r.text());
      const row = await audit(page);
      log(JSON.stringify(row));
      results.push(row);
    }
    // Lighthouse's 4× CPU slowdown assumes a high-end desktop host (benchmarkIndex ≈ 1,500-2,000) and
    // says to calibrate on a weaker one (docs/throttling.md, "Calibrating the CPU slowdown"): the
    // multiplier for a mid-tier mobile target from the host's median benchmarkIndex, by the formula
    // of Lighthouse's CPU throttling calculator. Reported beside the default runs, not instead of them.
    const indexes = results.map((r) => r.benchmarkIndex).sort((a, b) => a - b);
    const benchmarkIndex = indexes[Math.floor(indexes.length / 2)]!;
    const multiplier = Math.round(cpuMultiplierFor(benchmarkIndex) * 100) / 100;
    const calibrated: typeof results = [];
    if (multiplier < 4)
      for (const page of pages) {
        const row = await audit(page, multiplier);
        log(`calibrated ${JSON.stringify(row)}`);
        calibrated.push(row);
      }
    const out = {
      at: new Date().toISOString(),
      machine: `${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} (shared)`,
      lighthouse: 'mobile emulation, simulated throttling (defaults)',
      goal: '≥ 95 performance / 100 accessibility on every page',
      pages: results,
      calibrated: {
        why: "Lighthouse docs/throttling.md: the default 4x CPU slowdown assumes a high-end desktop host; calibrate the multiplier from the host's benchmarkIndex (Lighthouse's CPU throttling calculator formula, mid-tier mobile target)",
        medianBenchmarkIndex: benchmarkIndex,
        cpuSlowdownMultiplier: multiplier,
        pages: multiplier < 4 ? calibrated : 'not run: this host is fast enough for the default 4x',
      },
    };
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'lighthouse.json'), `${JSON.stringify(out, null, 2)}\n`);
    log('written to bench/results/lighthouse.json');
  } finally {
    chrome?.kill();
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => (c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)))),
    );
    await pg.dispose();
  }
}

/**
 * Lighthouse's CPU throttling calculator (linked from docs/throttling.md): the slowdown that brings a
 * host of this benchmarkIndex to a mid-tier mobile device (1,533 → 4×, 1,300 → 3×, 800 → 2×, 150 → 1×).
 */
function cpuMultiplierFor(benchmarkIndex: number): number {
  if (benchmarkIndex >= 1300) return 3 + (benchmarkIndex - 1300) / 233;
  if (benchmarkIndex >= 800) return 2 + (benchmarkIndex - 800) / 500;
  return Math.max(1, 1 + (benchmarkIndex - 150) / 650);
}

await main();
process.exit(0);

/**
 * The portal server's own drain (issue 31, "Run": graceful shutdown), on the production build: a second
 * portal server (scripts/serve.ts, as `npm start` runs it) is started here on a free port against this
 * run's database and sandbox, a slow request is sent to it (a calendar day whose search the sandbox
 * answers 4 s late: its latency fault, as e2e/waiting.spec.ts slows it), and SIGTERM arrives while the
 * request is in flight. Expected: the server says it is stopping with that one request in flight, a
 * new connection is refused at once, the request in flight completes with 200 and its answer, and the
 * process exits 0 (scripts/serve.ts: PORTAL_STOP_GRACE_MS bounds the wait). The stack's own portal is
 * not touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEFAULT_PROVIDER_APP_KEY } from '../protocol/defaults';
import { e2eSql } from './db';
import { sandboxUrl, travelDate } from './journeys';
import { projectDataDir, stackPort } from './stack';

const CONTROL = { 'x-app-key': DEFAULT_PROVIDER_APP_KEY };
const LATENCY_MS = 4000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A secret the stack's start script generated into the run's data folder (scripts/lib/runtime.ts). */
function dataFile(name: string): string {
  return fs.readFileSync(path.join(projectDataDir(), name), 'utf8').trim();
}

/** The environment the stack's portal runs with (playwright.config.ts webServer + the start script's). */
function portalEnv(port: number): NodeJS.ProcessEnv {
  const stack = stackPort();
  const vapid = JSON.parse(dataFile('vapid-keys.json')) as { publicKey: string; privateKey: string };
  return {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: `postgres://postgres:postgres-embedded@127.0.0.1:${stack + 20}/rail_portal`,
    NEXTAUTH_URL: `http://localhost:${port}`,
    NEXTAUTH_SECRET: dataFile('nextauth-secret'),
    METRICS_TOKEN: dataFile('metrics-token'),
    PII_ENCRYPTION_KEY: dataFile('pii-encryption-key'),
    PII_HASH_KEY: dataFile('pii-hash-key'),
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    PROVIDER_BASE_URL: sandboxUrl(),
    SANDBOX_PORT: String(stack + 1),
    MAIL_CATCHER_SMTP_PORT: String(stack + 3),
    MAIL_CATCHER_HTTP_PORT: String(stack + 4),
    SMTP_URL: '',
    PROVIDER_NIGHT_CLOSURE: 'off',
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
  };
}

/** Searches the sandbox has received (either front: the portal's rotation picks the provider), counted before its delay. */
async function searches(request: APIRequestContext): Promise<number> {
  const res = await request.get(`${sandboxUrl()}/sandbox/stats`, { headers: CONTROL });
  expect(res.ok()).toBe(true);
  const stats = (await res.json()) as Record<string, number>;
  return (stats['/train/search'] ?? 0) + (stats['/trainTickets/ticketsAvailable'] ?? 0);
}

/** One GET on its own connection (no keep-alive pool): status and body, or the connection's error. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 60_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timed out')));
  });
}

/** Whether a new TCP connection to the port is refused. */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

test.afterEach(async ({ request }) => {
  const res = await request.delete(`${sandboxUrl()}/sandbox/faults`, { headers: CONTROL });
  expect(res.ok()).toBe(true);
});

test('scripts/serve.ts on SIGTERM: stops accepting, lets the request in flight finish with 200, exits 0', async ({
  request,
}) => {
  test.setTimeout(150_000);
  const port = await freePort();
  const base = `http://localhost:${port}`;
  let out = '';
  const child: ChildProcess = spawn(
    path.join(process.cwd(), 'node_modules', '.bin', 'tsx'),
    [path.join(process.cwd(), 'scripts', 'serve.ts')],
    { cwd: process.cwd(), env: portalEnv(port), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    // Up: the liveness endpoint answers (the production build is served).
    await expect
      .poll(async () => (await get(`${base}/api/health`).catch(() => ({ status: 0 }))).status, {
        timeout: 90_000,
        message: `the second portal server did not come up:\n${out}`,
      })
      .toBe(200);

    // A day no search has cached (the cache is shared through the database: emptied here), and the
    // sandbox answering every protocol request 4 s late.
    const sql = e2eSql();
    try {
      await sql`delete from search_cache`;
    } finally {
      await sql.end();
    }
    const set = await request.post(`${sandboxUrl()}/sandbox/faults`, {
      headers: CONTROL,
      data: { latencyMs: LATENCY_MS },
    });
    expect(set.ok()).toBe(true);
    const searchesBefore = await searches(request);

    const date = travelDate(9);
    const slow = get(
      `${base}/api/search/calendar?${new URLSearchParams({ from: '北京南', to: '上海虹桥', date }).toString()}`,
    );
    // In flight: its search has reached the sandbox (counted before the sandbox's delay).
    await expect.poll(() => searches(request), { timeout: 20_000 }).toBeGreaterThan(searchesBefore);

    child.kill('SIGTERM');
    await expect.poll(() => out, { timeout: 10_000 }).toMatch(/\[next\] stopping: 1 request\(s\) in flight/);
    // The listener is closed: a new connection is refused while the slow request is still running.
    expect(await connectionRefused(port)).toBe(true);

    const answer = await slow;
    expect(answer.status, answer.body.slice(0, 300)).toBe(200);
    const days = (JSON.parse(answer.body) as { days: { date: string }[] }).days;
    expect(days.map((d) => d.date)).toEqual([date]);

    expect(await exited).toBe(0);
    expect(out).toMatch(/\[next\] stopped in \d+ ms \(0 request\(s\) cut\)/);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

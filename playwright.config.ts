import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { stackDataDir } from './e2e/stack';

// One throwaway data folder per run (fresh database, deleted by scripts/test-all.sh). Set once in the
// main process; workers inherit it.
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'rail-e2e-'));
fs.chmodSync(process.env.E2E_DATA_DIR, 0o755);

// One stack per language (issue 32): the Chinese project's on E2E_PORT, the English one's 50 ports up,
// each with its own database, sandbox (and sandbox clock) and mail catcher, so the two projects run at
// the same time (one worker each) without one's moved clock or faults reaching the other's tests.
// A spec finds its own stack's ports through e2e/stack.ts (the project's baseURL).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const STACKS = { chromium: PORT, english: PORT + 50 } as const;
const url = (port: number) => `http://localhost:${port}`;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const launchOptions = {
  executablePath: chromium,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './e2e',
  forbidOnly: true,
  fullyParallel: false,
  // One worker per project (each project's specs share its stack's clock and faults: serial), the two
  // projects side by side. E2E_WORKERS=1 runs them one after the other.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  // Hang guards, not speed checks: the two projects share two cores, so a step may take twice as long
  // as alone (a passing run never waits for these).
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: { trace: 'retain-on-failure', locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
  projects: [
    {
      name: 'chromium',
      // Chinese, the default language; *.en.spec.ts are the English project's.
      testIgnore: /\.en\.spec\.ts$/,
      workers: 1,
      use: {
        ...devices['Desktop Chrome'],
        baseURL: url(STACKS.chromium),
        launchOptions,
      },
    },
    {
      // The portal in English (issue 32): the English cookie and an English browser. Every spec: what
      // a step looks for is named by its Chinese and turned into the project's language by e2e/locale.ts.
      name: 'english',
      workers: 1,
      use: {
        ...devices['Desktop Chrome'],
        baseURL: url(STACKS.english),
        locale: 'en-US',
        storageState: {
          cookies: [
            {
              name: 'NEXT_LOCALE',
              value: 'en',
              domain: 'localhost',
              path: '/',
              expires: -1,
              httpOnly: false,
              secure: false,
              sameSite: 'Lax',
            },
          ],
          origins: [],
        },
        launchOptions,
      },
    },
  ],
  webServer: Object.entries(STACKS).map(([name, port]) => ({
    name,
    command: 'node_modules/.bin/tsx scripts/start.ts',
    url: url(port),
    timeout: 240_000,
    // E2E_REUSE=1: run against a stack already started on E2E_PORT (the same env as below), for
    // running one spec again and again while working on it.
    reuseExistingServer: process.env.E2E_REUSE === '1',
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      PORT: String(port),
      PORTAL_DATA_DIR: stackDataDir(name),
      EMBEDDED_PG_PORT: String(port + 20),
      SANDBOX_PORT: String(port + 1),
      // The local mail catcher `npm start` runs without SMTP_URL (e2e/notifications.spec.ts reads its API).
      MAIL_CATCHER_SMTP_PORT: String(port + 3),
      MAIL_CATCHER_HTTP_PORT: String(port + 4),
      SMTP_URL: '',
      DATABASE_URL: '',
      NEXTAUTH_URL: url(port),
      // Every test signs up and in from 127.0.0.1; the per-address throttles are tested against their
      // real limits in lib/auth/throttle.int.test.ts, so the whole suite gets a generous budget here.
      SIGNIN_IP_LIMIT: '500',
      SIGNUP_IP_LIMIT: '500',
      // Every results page asks the 15-day calendar for each of its days (fifteen requests), all from
      // 127.0.0.1; the limit itself is tested in tests/calendar.int.test.ts.
      CALENDAR_IP_LIMIT: '100000',
      // The suite runs at any real hour: the sandbox does not keep holds over 12306's night closure
      // (sandbox/night.ts; lib/orders/night.int.test.ts tests it against a moved sandbox clock).
      SANDBOX_NIGHT_CLOSURE: 'off',
      // ...and the portal does not wait for a morning that is not coming (lib/orders/night.ts).
      PROVIDER_NIGHT_CLOSURE: 'off',
      // The worker's timetable index (transfer search) is built at start in one run, without a gap between calls.
      TIMETABLE_CALL_GAP_MS: '0',
      TIMETABLE_STOPS_PER_RUN: '10000',
      // The portal's and the worker's pino lines (lib/obs/logger.ts) at info flood the CI log with a
      // line per request and job: warnings and errors only, unless the run's own env asks otherwise.
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    },
  })),
});

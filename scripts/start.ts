/**
 * `npm start`: the production portal. Starts (or connects to) Postgres, migrates, seeds the demo data,
 * then runs Next (after `npm run build`) behind scripts/serve.ts, waits for it to be ready (/api/ready:
 * database, migrations, a worker's heartbeat, the provider; lib/ops/health.ts), and prints the URL and
 * the demo logins. Ctrl-C or SIGTERM stops everything cleanly and in order: the portal first (it stops
 * taking requests and lets those in flight finish), then the worker (it lets its running jobs finish),
 * then the sandbox, then Postgres; each within its own bound.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ACCOUNTS } from '../db/seed';
import { env } from '../lib/env';
import { ROOT, prepareRuntime } from './lib/runtime';
import { ensureSandboxBundle } from './lib/sandbox-build';

const mode = process.argv.includes('--dev') ? 'dev' : 'start';
const log = (s: string) => console.log(`[portal] ${s}`);
const t0 = Date.now();

// The runtime (and its production safety gate) comes first, so a refused configuration says so
// whether or not a build exists.
const rt = await prepareRuntime(log);

if (mode === 'start' && !fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
  console.error('[portal] no production build found: run `npm run build` first (the README command does).');
  await rt.embedded?.stop();
  process.exit(1);
}
const children: ChildProcess[] = [];
const names = new Map<ChildProcess, string>();
let stopping = false;

function run(name: string, cmd: string, args: string[]): ChildProcess {
  const child = spawn(cmd, args, { cwd: ROOT, env: rt.env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[portal] ${name} exited (${code ?? signal}); shutting down`);
      void shutdown(1);
    }
  });
  children.push(child);
  names.set(child, name);
  return child;
}

/** Polls until the URL answers 2xx (the condition), at most ~2.5 minutes; the last answer in the error. */
async function waitFor(target: string): Promise<void> {
  let last = 'no answer';
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(target, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
      last = `${res.status} ${(await res.text()).slice(0, 500)}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${target} did not come up: ${last}`);
}

/** SIGTERM to one child and its exit, SIGKILL after `graceMs`. */
async function stopChild(c: ChildProcess, graceMs: number): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill('SIGTERM');
  const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  // In order: the portal drains its requests (they may enqueue jobs), the worker its jobs (they call
  // the sandbox), then the rest; the bounds are a little over the children's own (scripts/serve.ts,
  // scripts/worker.ts).
  const byName = (n: string) => children.find((c) => names.get(c) === n);
  for (const [n, grace] of [
    ['next', 30_000],
    ['worker', 35_000],
  ] as const) {
    const c = byName(n);
    if (c) await stopChild(c, grace);
  }
  await Promise.all(children.map((c) => stopChild(c, 10_000)));
  await rt.embedded?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

// The provider sandbox runs as its own process unless a real provider is configured.
const e = env(); // validated by prepareRuntime
if (!e.PROVIDER_BASE_URL) {
  const sandboxPort = String(e.SANDBOX_PORT);
  rt.env.SANDBOX_PORT = sandboxPort;
  rt.env.PROVIDER_BASE_URL = `http://localhost:${sandboxPort}`;
  // Compiled JavaScript (rebuilt here when stale), not tsx: a third of the memory.
  run('sandbox', process.execPath, ['--enable-source-maps', await ensureSandboxBundle()]);
  await waitFor(`${rt.env.PROVIDER_BASE_URL}/health`);
  log(`provider sandbox at ${rt.env.PROVIDER_BASE_URL}`);
} else {
  log(`provider: ${e.PROVIDER_BASE_URL}`);
}

// Notification emails go to a local mail catcher unless SMTP_URL names a real server (production
// refuses to start without one: lib/env.ts). Its page shows every email sent.
if (!e.SMTP_URL) {
  run('mail-catcher', path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'mail-catcher.ts')]);
  await waitFor(`http://localhost:${e.MAIL_CATCHER_HTTP_PORT}/health`);
  log(`mail catcher: emails readable at http://localhost:${e.MAIL_CATCHER_HTTP_PORT}`);
}

// The job worker (order syncs, confirms, expiries, refunds) runs as its own process.
run('worker', path.join(ROOT, 'node_modules', '.bin', 'tsx'), [
  '--conditions=react-server',
  path.join(ROOT, 'scripts', 'worker.ts'),
]);

// Next behind the portal's own server, which stamps each request with the caller's address from the
// socket (scripts/serve.ts; `next start` would let a client choose it with X-Forwarded-For).
const port = rt.env.PORT ?? '3000';
run('next', path.join(ROOT, 'node_modules', '.bin', 'tsx'), [
  path.join(ROOT, 'scripts', 'serve.ts'),
  ...(mode === 'dev' ? ['--dev'] : []),
]);

const url = `http://localhost:${port}`;
// Ready, not merely up: the database, the migrations, the worker's heartbeat and the provider.
await waitFor(`${url}/api/ready`);
log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${url}`);
if (rt.demoSeeded) {
  log('demo logins:');
  for (const a of DEMO_ACCOUNTS) log(`  ${a.role.padEnd(9)} ${a.email} / ${a.password}`);
}

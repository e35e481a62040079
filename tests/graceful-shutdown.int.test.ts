/**
 * Graceful shutdown of the job worker, mid-booking: the worker runs as its own process
 * (scripts/worker.ts, as `npm start` and the harness start it); this test process plays the portal (the
 * booking action, the callback and payment-notification handlers over real HTTP) beside a real sandbox
 * whose every answer is slowed down, so that the worker is inside a job (确认出票 after the payment)
 * when it gets SIGTERM.
 * - Within the grace: the running job finishes (pg-boss marks it completed, not failed), the heartbeat
 *   row goes, the worker exits 0; a new worker takes the booking to 出票成功, the auditor is clean.
 * - Past the grace (a job slower than the bound): the worker still exits 0 within the bound, the job
 *   is failed back to the queue, and after a restart the booking resumes and completes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import {
  book,
  control,
  expectClean,
  payAtGateway,
  startHarness,
  until,
  waitStatus,
  type Harness,
} from '@/lib/orders/harness.int';
import { stopJobs } from '@/lib/jobs';
import { ownDatabase } from './support/own-database';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Worker {
  child: ChildProcess;
  out: string[];
  exit: Promise<{ code: number | null; ms: number }>;
  sigterm(): void;
}

function startWorker(extra: Record<string, string> = {}): Worker {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=react-server', path.join(ROOT, 'scripts', 'worker.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'development', WORKER_CONCURRENCY: '4', ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const out: string[] = [];
  const onData = (b: Buffer) => out.push(...b.toString().split('\n').filter(Boolean));
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let sentAt = 0;
  const exit = new Promise<{ code: number | null; ms: number }>((r) =>
    child.once('exit', (code) => r({ code, ms: Date.now() - sentAt })),
  );
  return {
    child,
    out,
    exit,
    sigterm() {
      sentAt = Date.now();
      child.kill('SIGTERM');
    },
  };
}

// Its own database: the worker processes under test run every queue, so on the shared database they
// would take other files' jobs (tests/support/own-database.ts).
const own = await ownDatabase('shutdown');
afterAll(own.drop);

const running: Worker[] = [];
let h: Harness;

/** The order's job on `queue`, newest first, as pg-boss has it. */
async function jobState(queue: string, orderId: string): Promise<string | undefined> {
  const rows = await db().execute<{ state: string }>(
    sql`select state::text from pgboss.job where name = ${queue} and data->>'orderId' = ${orderId}
        order by created_on desc limit 1`,
  );
  return rows[0]?.state;
}

async function readyWorker(extra: Record<string, string> = {}): Promise<Worker> {
  const w = startWorker(extra);
  running.push(w);
  await until(
    () => Promise.resolve(w.out.some((l) => l.includes('[worker] ready in'))),
    60_000,
    `worker ready\n${w.out.join('\n')}`,
  );
  return w;
}

beforeAll(async () => {
  process.env.PROVIDER_TIMEOUT_MS = '15000';
  h = await startHarness({ holdDelayMs: 50, issueDelayMs: 50 });
  // This process only books and receives: its own in-process job handlers stop (startHarness registers
  // them), so the worker under test is the only one running jobs.
  await stopJobs();
  process.env.PROVIDER_TIMEOUT_MS = '15000';
  process.env.JUHE_TIMEOUT_MS = '15000';
}, 120_000);

afterAll(async () => {
  for (const w of running) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await control(h.sandbox, 'DELETE', 'faults').catch(() => undefined);
  await h.stop();
});

/** Books one seat and waits for the hold, then slows the provider down and pays: 确认出票 runs slowly. */
async function heldThenPaidSlowly(name: string, latencyMs: number): Promise<string> {
  const id = await book(h, [name]);
  await waitStatus(id, 2);
  await control(h.sandbox, 'POST', 'faults', { latencyMs });
  await payAtGateway(h, id);
  await until(async () => (await jobState('order-confirm', id)) === 'active', 30_000, `confirm job of ${id} active`);
  return id;
}

describe('worker graceful shutdown', () => {
  it('SIGTERM mid-job: the running job finishes, the worker exits 0, the booking completes after a restart', async () => {
    const w = await readyWorker();
    const beats = await db().execute<{ n: number }>(sql`select count(*)::int as n from worker_heartbeats`);
    expect(beats[0]!.n).toBeGreaterThan(0);

    const id = await heldThenPaidSlowly('停机甲', 1500);
    w.sigterm();
    const { code, ms } = await w.exit;
    expect(code, w.out.join('\n')).toBe(0);
    expect(ms).toBeLessThan(20_000);
    expect(w.out.some((l) => l.includes('[worker] stopped in'))).toBe(true);
    // Finished in flight, not failed back to the queue.
    expect(await jobState('order-confirm', id)).toBe('completed');
    // Its heartbeat row (host:pid) went with it.
    const left = await db().execute<{ worker_id: string }>(
      sql`select worker_id from worker_heartbeats where worker_id like ${`%:${w.child.pid}`}`,
    );
    expect(left.length).toBe(0);

    await control(h.sandbox, 'DELETE', 'faults');
    await readyWorker();
    await waitStatus(id, 8, 60_000);
    await expectClean([id]);
  });

  it('SIGTERM with a job slower than the grace: exit within the bound, the job is retried after a restart', async () => {
    const w = await readyWorker({ WORKER_STOP_GRACE_MS: '1000' });
    const id = await heldThenPaidSlowly('停机乙', 6000);
    w.sigterm();
    const { code, ms } = await w.exit;
    expect(code, w.out.join('\n')).toBe(0);
    // The 1 s grace, pg-boss's own bookkeeping and closing the pools; far below the 6 s provider call.
    expect(ms).toBeLessThan(5000);
    expect(await jobState('order-confirm', id)).not.toBe('completed');

    await control(h.sandbox, 'DELETE', 'faults');
    await readyWorker();
    await waitStatus(id, 8, 90_000);
    await expectClean([id]);
  });
});

/**
 * `npm run chaos`: 500 bookings through the portal's own service layer (scripts/chaos/portal.ts)
 * against the sandbox with ~20 % provider faults (5xx, timeouts, malformed answers, duplicate,
 * reordered and dropped callbacks and payment notifications, issue failures), and a `kill -9` of the
 * portal, the worker and the sandbox half-way. After restarting them and a settle period, the auditor
 * (lib/orders/audit.ts, the grab orders' invariants included) prints every invariant with the count
 * checked and violated; the run exits non-zero on any violation. Figures go to bench/results/chaos-latest.json.
 * Every CHAOS_GRAB_EVERY-th booking (default 10) is a 抢票 grab order (scripts/chaos/portal.ts).
 * Env: CHAOS_BOOKINGS (default 500), CHAOS_SETTLE_S (default 300), CHAOS_GRAB_EVERY (0: no grabs).
 */
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from '../lib/embedded-pg';
import { throwawayDatabase, waitHttp } from '../lib/stack';

const ROOT = path.resolve(import.meta.dirname, '../..');

const N = Number(process.env.CHAOS_BOOKINGS ?? 500);
const SETTLE_MS = Number(process.env.CHAOS_SETTLE_S ?? 300) * 1000;
const log = (s: string) => console.log(`[chaos] ${s}`);
const t0 = Date.now();

const pg = await throwawayDatabase('chaos', { database: 'rail_chaos' });
const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
const [user] = await sql<{ id: string }[]>`
  insert into users (email, password_hash, display_name, role)
  values ('chaos@example.test', 'x', '混沌测试', 'traveller') returning id`;

const sandboxPort = await freePort();
const portalPort = await freePort();
const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'development',
  DATABASE_URL: pg.url,
  SANDBOX_PORT: String(sandboxPort),
  PROVIDER_BASE_URL: sandboxUrl,
  PAYMENT_GATEWAY_URL: sandboxUrl,
  PORTAL_PUBLIC_URL: `http://127.0.0.1:${portalPort}`,
  SANDBOX_HOLD_DELAY_MS: '300',
  SANDBOX_ISSUE_DELAY_MS: '300',
  SANDBOX_CALLBACK_BACKOFF_MS: '300',
  PROVIDER_TIMEOUT_MS: '3000',
  ORDER_SYNC_AFTER_MS: '3000',
  DB_POOL_MAX: '8',
  // Throwaway keys for this run's throwaway database (lib/crypto/pii.ts).
  PII_ENCRYPTION_KEY: process.env.PII_ENCRYPTION_KEY || crypto.randomBytes(32).toString('base64url'),
  PII_HASH_KEY: process.env.PII_HASH_KEY || crypto.randomBytes(32).toString('base64url'),
};

let done = 0;
/** Which bookings finished: they finish out of order (12 at a time, grabs faster than bookings). */
const finished = new Set<number>();
let allMade = false;
const alive = new Map<string, ChildProcess>();
function start(name: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  // One process per service (node with tsx's loader, no wrapper), so kill -9 hits the service itself.
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...childEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onLine = (b: Buffer) => {
    for (const line of b.toString().split('\n')) {
      if (line.startsWith('[chaos-portal] done ')) {
        done++;
        finished.add(Number(line.slice('[chaos-portal] done '.length)));
      } else if (line.startsWith('[chaos-portal] all bookings made')) allMade = true;
      else if (line.trim() && process.env.CHAOS_VERBOSE) console.log(`  ${name}| ${line}`);
    }
  };
  child.stdout.on('data', onLine);
  child.stderr.on('data', onLine);
  alive.set(name, child);
  return child;
}
const control = (method: string, p: string, body?: unknown) =>
  fetch(`${sandboxUrl}/sandbox/${p}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-app-key': 'sandbox-app-key' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const FAULTS = {
  errorRate: 0.05,
  timeoutRate: 0.03,
  timeoutMs: 4000,
  malformedRate: 0.04,
  callbackDuplicate: true,
  callbackDropRate: 0.1,
  callbackOutOfOrder: true,
  callbackJitterMs: 1500,
  issueFailRate: 0.05,
  paymentNotifyDuplicate: true,
  paymentNotifyDropRate: 0.05,
};

let trains = '';
async function startAll(from: number) {
  start('sandbox', [path.join(ROOT, 'sandbox', 'server.ts')]);
  await waitHttp(`${sandboxUrl}/health`);
  trains ||= await pickTrains();
  await control('POST', 'faults', FAULTS);
  start('worker', ['--conditions=react-server', path.join(ROOT, 'scripts', 'worker.ts')]);
  start('portal', ['--conditions=react-server', path.join(ROOT, 'scripts', 'chaos', 'portal.ts')], {
    CHAOS_PORTAL_PORT: String(portalPort),
    CHAOS_USER_ID: user!.id,
    CHAOS_FROM: String(from),
    CHAOS_TO: String(N),
    CHAOS_SEED: String(t0),
    CHAOS_TRAINS: trains,
  });
}

/** G trains 北京南 → 上海 with 二等座 on the run's dates (asked before any fault is switched on). */
async function pickTrains(): Promise<string> {
  const { createProviderClient } = await import('../../lib/provider');
  const client = createProviderClient({
    baseUrl: sandboxUrl,
    appKey: 'sandbox-app-key',
    secretKey: 'sandbox-secret-key-0123456789abcdef',
  });
  const date = new Date(Date.now() + 8 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
  const found = await client.search({ fromStation: '北京南', toStation: '上海', fromDate: date });
  const codes = (found.trainLines ?? [])
    .filter((l) => l.trainCode.startsWith('G') && l.fromStation === '北京南' && l.toStation === '上海')
    .filter((l) => l.Seats.some((x) => x.seatType === 4 && x.leftTicketNum > 50))
    .map((l) => l.trainCode)
    .slice(0, 12);
  log(`trains: ${codes.join(' ')}`);
  return codes.join(',');
}
const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)));

log(`${N} bookings, faults ${JSON.stringify(FAULTS)}`);
await startAll(0);
while (done < N / 2) await new Promise((r) => setTimeout(r, 200));
log(`${done} bookings done after ${((Date.now() - t0) / 1000).toFixed(0)} s: kill -9 portal, worker and sandbox`);
for (const c of alive.values()) c.kill('SIGKILL');
await Promise.all([...alive.values()].map(exited));
// From the first booking that did not finish (not the count done: a slow one may be behind faster
// ones); the ones after it that did finish are repeated, which is idempotent.
let restartFrom = 0;
while (finished.has(restartFrom)) restartFrom++;
await startAll(restartFrom);
log(`restarted; bookings ${restartFrom}..${N - 1} (in-flight ones are repeated: idempotent)`);
// The portal keeps serving callbacks and notifications through the settle period.
while (!allMade) await new Promise((r) => setTimeout(r, 200));
log(
  `all bookings made after ${((Date.now() - t0) / 1000).toFixed(0)} s; faults off, sandbox clock +11 min (unpaid holds expire)`,
);
await control('DELETE', 'faults');
await control('POST', 'clock', { advanceMinutes: 11 });

// Settle: the worker's jobs and its once-a-minute sweep; this process also sweeps every 5 s.
process.env.DATABASE_URL = pg.url;
Object.assign(process.env, childEnv);
const { sweep } = await import('../../lib/orders/operations');
const { audit, formatAudit, unsettledCount } = await import('../../lib/orders/audit');
const ids = (await sql<{ id: string }[]>`select id from orders`).map((r) => r.id);
const settleEnd = Date.now() + SETTLE_MS;
// Orders and refunds still moving, and grab orders whose own refund or attempt is still under way.
const grabsMoving = async () => {
  const [row] = await sql<{ n: number }[]>`select
    (select count(*) from payment_refunds where grab_order_id is not null and order_id is null and status = 'pending')
    + (select count(*) from grab_orders where current_order_id is not null) as n`;
  return Number(row?.n ?? 0);
};
const moving = async () => (await unsettledCount(ids)) + (await grabsMoving());
let left = await moving();
while (left > 0 && Date.now() < settleEnd) {
  await sweep(new Date(Date.now() + 60_000)).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 5000));
  left = await moving();
}
log(`settled: ${left} orders/refunds still moving after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
if (left > 0) {
  // Where the ones still moving are, so a failed run says why.
  const still = await sql`select id, customer_order_no, status, payment_status, pay_limit_at, grab_order_id
    from orders where status in (1, 2, 7) limit 10`;
  for (const o of still) {
    log(`  still moving: ${JSON.stringify(o)}`);
    const events = await sql`select kind, from_status, to_status, source, note from order_events
      where order_id = ${o.id as string} order by id`;
    for (const e of events) log(`    ${e.kind} ${e.from_status ?? '-'}→${e.to_status} ${e.source} ${e.note ?? ''}`);
  }
}

// The grab orders' invariants (lib/grab/audit.ts) are part of audit(): every grab of this run.
const grabIds = (await sql<{ id: string }[]>`select id from grab_orders`).map((r) => r.id);
const results = await audit({ orderIds: ids, grabIds });
const byStatus = await sql<{ status: number; n: number }[]>`
  select status, count(*)::int as n from orders group by status order by status`;
const grabsByStatus = await sql<{ status: string; n: number }[]>`
  select status, count(*)::int as n from grab_orders group by status order by status`;
const money = await sql<{ paid: number; refunded: number }[]>`
  select coalesce(sum(paid_fen),0)::bigint as paid, coalesce(sum(refunded_fen),0)::bigint as refunded from orders`;
console.log(formatAudit(results));
// The orders behind violations: whether a grab placed them and how they ended.
const named = [...new Set(results.flatMap((r) => r.examples.join(' ').match(/[0-9a-f-]{36}/g) ?? []))];
if (named.length) {
  const rows = await sql`select id, customer_order_no, status, grab_order_id, paid_fen, refunded_fen, total_fen
    from orders where id in ${sql(named)}`;
  for (const o of rows) log(`  named: ${JSON.stringify(o)}`);
}
const violated = results.reduce((a, r) => a + r.violated, 0) + (left > 0 ? 1 : 0);
const summary = {
  at: new Date().toISOString(),
  bookings: N,
  orders: ids.length,
  grabOrders: grabIds.length,
  grabsByStatus: Object.fromEntries(grabsByStatus.map((r) => [r.status, r.n])),
  ordersByStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
  paidFen: Number(money[0]?.paid ?? 0),
  refundedFen: Number(money[0]?.refunded ?? 0),
  faults: FAULTS,
  killedAfter: restartFrom,
  seconds: Math.round((Date.now() - t0) / 1000),
  stillMoving: left,
  invariants: results.map((r) => ({ name: r.name, checked: r.checked, violated: r.violated, examples: r.examples })),
};
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'chaos-latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
log(
  `orders by status ${JSON.stringify(summary.ordersByStatus)}; grabs by status ${JSON.stringify(summary.grabsByStatus)}; paid ${summary.paidFen} fen, refunded ${summary.refundedFen} fen`,
);
log(violated ? `FAILED: ${violated} violations` : 'all invariants hold');

for (const c of alive.values()) if (c.exitCode === null) c.kill('SIGTERM');
await Promise.all([...alive.values()].map(exited));
await sql.end();
await pg.dispose();
process.exit(violated ? 1 : 0);

/**
 * `npm run chaos`: 500 bookings through the portal's own service layer (scripts/chaos/portal.ts)
 * against both providers — half the bookings go to panhe and half to juhe (seeded pairs,
 * scripts/chaos/providers.ts; travellers' and agency bookings alike), each front of the sandbox in its
 * own process on the one database (`SANDBOX_FRONTS=panhe` at PROVIDER_BASE_URL, `SANDBOX_FRONTS=juhe`
 * at JUHE_BASE_URL) — with ~20 % provider faults on both fronts (5xx, timeouts, malformed answers,
 * duplicate, reordered and dropped callbacks and Juhe pushes and payment notifications, issue failures,
 * Juhe's 10014 answered after the pay's debit), and `kill -9`s of the portal, the worker and the
 * sandboxes at points a seed picks: after a number of bookings, or at a failpoint (lib/failpoint.ts) —
 * 确认出票 accepted and not yet recorded, a callback's 订单详情 read and not applied, a payment
 * notification applied and not answered, a traveller's cancel accepted and not recorded. Besides, at a
 * seeded point the Juhe sandbox process alone is killed (`kill -9`): bookings go on (searches fail over
 * to panhe, juhe bookings are refused cleanly and the traveller books panhe's offer instead; juhe orders
 * already placed keep their state, their jobs and pushes run in the panhe process), and after at least
 * CHAOS_JUHE_DOWN_S (10) seconds and some more bookings it is started again so they settle. Control
 * calls (clock, faults) go to whichever sandbox process runs; faults are patched on each.
 * Every CHAOS_AGENCY_EVERY-th booking (default 5) is made by agency staff for a customer and paid from
 * the agency's prepaid balance; every CHAOS_GRAB_EVERY-th (default 10) is a 抢票 grab order (its order
 * goes to the provider whose routed search found the seats: panhe first, juhe when panhe failed over).
 * Once every booking is made the provider's clock moves 11 minutes on (unpaid holds expire there, its
 * refund rules allow refunds) and, with the faults still on, scripts/chaos/aftersales.ts refunds
 * tickets on both providers and changes (改签) panhe tickets, of travellers and of the agency; a 改签 on
 * a juhe order (no change API) must be refused, and one that is not counts as a violation. Then the
 * faults go off, and after a settle period the auditor (lib/root/audit.ts: the orders' invariants with
 * the provider of record, the grab orders' invariants and the agencies' ledger) prints every invariant
 * with the count checked and violated; the run exits non-zero on any violation. Per provider it prints
 * the orders (bookings, agency, grab orders), issued, cancelled, failed, tickets refunded, changes,
 * paid/refunded/kept fen and the bookings that went to the other provider. Figures go to
 * bench/results/chaos-latest.json (`perProvider`, `juheOutage`).
 *
 * Rounds: `npm run chaos -- --repeat N` (or `npm run chaos --repeat N`, or CHAOS_ROUNDS=N) runs N
 * rounds one after another, each in its own process with its own database and seed; each prints its
 * seed, and `CHAOS_SEED=<seed> npm run chaos` replays that round's plan (kill points, booking mix). The
 * plan is the seed's; the thread timing and the sandbox's fault dice are not, so a replay reruns the
 * same kills, not the same interleaving to the millisecond. The rounds' figures go to
 * bench/results/chaos-rounds-latest.json.
 * Env: CHAOS_BOOKINGS (default 500), CHAOS_SETTLE_S (default 300), CHAOS_KILLS (kills per round,
 * default 2), CHAOS_SEED, CHAOS_ROUNDS, CHAOS_GRAB_EVERY / CHAOS_AGENCY_EVERY (0: none),
 * CHAOS_AFTERSALES (0: no refunds and changes), CHAOS_JUHE_OUTAGE (0: the Juhe sandbox is not killed),
 * CHAOS_JUHE_DOWN_S (its least downtime, default 10), CHAOS_VERBOSE (the processes' output).
 * Ports and database: the harness (scripts/lib/harness.ts) takes free ports from the OS for the portal
 * and both sandboxes and its own throwaway embedded Postgres, so runs never collide with a dev server.
 */
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FAILPOINTS, type FailpointName } from '../../lib/failpoint';
import { addDays, shanghaiDate } from '../../lib/time';
import { ROOT, startHarness } from '../lib/harness';
import { checkNotifications } from './notifications';
import { CHAOS_PROVIDERS, providerOfBooking } from './providers';

const RESULTS = path.join(ROOT, 'bench', 'results');

const N = Number(process.env.CHAOS_BOOKINGS ?? 500);
const SETTLE_MS = Number(process.env.CHAOS_SETTLE_S ?? 300) * 1000;
const KILLS = Number(process.env.CHAOS_KILLS ?? 2);
const AGENCY_EVERY = Number(process.env.CHAOS_AGENCY_EVERY ?? 5);
const AFTERSALES = process.env.CHAOS_AFTERSALES !== '0';
/** The Juhe sandbox process killed once mid-run (CHAOS_JUHE_OUTAGE=0: not). */
const JUHE_OUTAGE = process.env.CHAOS_JUHE_OUTAGE !== '0';
/** The Juhe sandbox stays down at least this long (the portal's circuits open, searches fail over). */
const JUHE_DOWN_MIN_MS = Number(process.env.CHAOS_JUHE_DOWN_S ?? 10) * 1000;
const log = (s: string) => console.log(`[chaos] ${s}`);
const t0 = Date.now();

/** `--repeat N` (after `--`), npm's `--repeat N` (npm keeps the flag and passes N on), or CHAOS_ROUNDS. */
function roundsWanted(): number {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--repeat');
  if (i >= 0 && Number(argv[i + 1]) > 0) return Number(argv[i + 1]);
  const npmFlag = process.env.npm_config_repeat;
  if (npmFlag && Number(npmFlag) > 0) return Number(npmFlag);
  if (npmFlag === 'true') {
    const n = argv.find((a) => Number(a) > 0);
    if (n) return Number(n);
  }
  return Number(process.env.CHAOS_ROUNDS ?? 1);
}
const ROUNDS = roundsWanted();
const BASE_SEED = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : crypto.randomInt(1, 2 ** 31 - 1);
/** Round r's seed: the base seed itself first, so `CHAOS_SEED=<a round's seed>` replays that round. */
const seedOf = (r: number) => (r === 0 ? BASE_SEED : (BASE_SEED + r * 7919) % (2 ** 31 - 1) || 1);

/** mulberry32: a small seeded generator for the round's plan. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type KillPoint = 'bookings' | FailpointName;
interface Kill {
  /** Where: after `atDone` bookings, or at a pass through a failpoint (then `atDone` is the fallback). */
  point: KillPoint;
  /** Which pass: this share of the passes expected until `atDone` (so the kills spread over the run). */
  share: number;
  atDone: number;
}
/** Passes through each failpoint per booking, roughly (callbacks come twice, one cancel in seven…). */
const PASSES_PER_BOOKING: Record<FailpointName, number> = {
  'confirm-sent': 0.7,
  'callback-detail': 3,
  'payment-notify': 1.5,
  'user-cancel-sent': 0.12,
  // A notification claimed, not yet sent (lib/notify/deliver.ts): 占座成功 and 出票成功 emails, about 2.
  'notify-sending': 2,
};
/** The pass of the kill's failpoint to stop at, in processes that start at booking `from`. */
const passOf = (kill: Kill, from: number) =>
  kill.point === 'bookings'
    ? 0
    : Math.max(1, Math.round((kill.atDone - from) * PASSES_PER_BOOKING[kill.point] * kill.share));
/** Which process passes through each failpoint. */
const FAILPOINT_PROCESS: Record<FailpointName, 'portal' | 'worker'> = {
  'confirm-sent': 'worker',
  'callback-detail': 'portal',
  'payment-notify': 'portal',
  'user-cancel-sent': 'portal',
  'notify-sending': 'worker',
};

/** The round's kills: points and counts from the seed, spread over the bookings. */
function planOf(seed: number): Kill[] {
  const r = rng(seed);
  const points: KillPoint[] = ['bookings', ...FAILPOINTS];
  const kills: Kill[] = [];
  let last = 0;
  for (let i = 0; i < KILLS; i++) {
    const point = points[Math.floor(r() * points.length)]!;
    const share = (i + 1) / (KILLS + 1) + (r() - 0.5) * (0.5 / (KILLS + 1));
    const atDone = Math.max(last + Math.ceil(N / 20), Math.round(N * share));
    if (atDone >= N) break;
    kills.push({ point, share: 0.4 + 0.5 * r(), atDone });
    last = atDone;
  }
  return kills;
}

/**
 * The Juhe outage: its sandbox process is killed after `killAt` bookings and started again once
 * `restartAt` are done (and it was down JUHE_DOWN_MIN_MS at least; at the latest once every booking is
 * made). Its own stream of the seed, so the kill plan of a seed stays what it was before.
 */
function juheOutageOf(seed: number): { killAt: number; restartAt: number } | null {
  if (!JUHE_OUTAGE) return null;
  const r = rng(seed ^ 0x6a756865);
  const killAt = Math.max(1, Math.round(N * (0.25 + 0.3 * r())));
  const restartAt = Math.min(N, killAt + Math.max(6, Math.round(N * (0.1 + 0.1 * r()))));
  return killAt < N ? { killAt, restartAt } : null;
}

if (ROUNDS > 1 && !process.env.CHAOS_ROUND_CHILD) {
  // Each round in its own process (its own database, the order core's modules bound to it).
  const rounds: unknown[] = [];
  let failed = 0;
  log(`${ROUNDS} rounds of ${N} bookings; seeds ${Array.from({ length: ROUNDS }, (_, r) => seedOf(r)).join(' ')}`);
  for (let r = 0; r < ROUNDS; r++) {
    const seed = seedOf(r);
    log(`round ${r + 1}/${ROUNDS}: seed ${seed} (replay: CHAOS_SEED=${seed} CHAOS_BOOKINGS=${N} npm run chaos)`);
    const out = path.join(RESULTS, `.chaos-round-${process.pid}-${r}.json`);
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', process.argv[1]!], {
        cwd: ROOT,
        env: { ...process.env, CHAOS_ROUND_CHILD: '1', CHAOS_SEED: String(seed), CHAOS_RESULT: out },
        stdio: 'inherit',
      });
      child.once('exit', (c) => resolve(c ?? 1));
    });
    if (code !== 0) failed++;
    const summary = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown>) : null;
    fs.rmSync(out, { force: true });
    rounds.push({ round: r + 1, seed, exit: code, ...(summary ?? {}) });
    log(`round ${r + 1}/${ROUNDS} seed ${seed}: ${code === 0 ? 'clean' : `FAILED (exit ${code})`}`);
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(
    path.join(RESULTS, 'chaos-rounds-latest.json'),
    `${JSON.stringify({ at: new Date().toISOString(), bookings: N, rounds }, null, 2)}\n`,
  );
  log(failed ? `${failed} of ${ROUNDS} rounds FAILED` : `all ${ROUNDS} rounds clean`);
  process.exit(failed ? 1 : 0);
}

const SEED = BASE_SEED;
const KILL_PLAN = planOf(SEED);
const JUHE_PLAN = juheOutageOf(SEED);
log(
  `seed ${SEED}: ${N} bookings, kills ${KILL_PLAN.map((k) => (k.point === 'bookings' ? `after ${k.atDone} bookings` : `at ${k.point} (else after ${k.atDone} bookings)`)).join(', ') || 'none'}; juhe sandbox ${JUHE_PLAN ? `killed after ${JUHE_PLAN.killAt} bookings, back after ${JUHE_PLAN.restartAt}` : 'not killed'}`,
);

/** Which bookings finished: they finish out of order (12 at a time, grabs faster than bookings). */
const finished = new Set<number>();
let allMade = false;
let afterSalesDone = '';
/** Bookings that went to the other provider after their own refused them, and the refusals (by provider). */
const failovers: Record<string, Set<number>> = {};
const refusals: Record<string, Set<number>> = {};
/** Booking `i` under `key` (a repeated booking after a restart prints its line again). */
const note = (m: Record<string, Set<number>>, key: string, i: number) => (m[key] ??= new Set()).add(i);
/** The failpoint a process reported (it hangs there until it is killed). */
let failpointHit = '';
const h = await startHarness({
  tag: 'chaos',
  travellerName: '混沌测试',
  delayMs: 300,
  // Both providers, each front in its own sandbox process (the Juhe one is killed mid-run).
  env: { PROVIDER_TIMEOUT_MS: '3000', JUHE_TIMEOUT_MS: '3000', PROVIDERS: CHAOS_PROVIDERS.join(',') },
  juheSandbox: true,
  verbose: !!process.env.CHAOS_VERBOSE,
  onLine: (name, line) => {
    if (line.startsWith('[chaos-portal] done ')) finished.add(Number(line.slice('[chaos-portal] done '.length)));
    else if (line.startsWith('[chaos-portal] failover ')) {
      const m = /failover (\d+) (\w+)→/.exec(line);
      note(failovers, m?.[2] ?? '?', Number(m?.[1]));
    } else if (line.startsWith('[chaos-portal] refused ')) {
      const m = /refused (\d+) (\w+):/.exec(line);
      note(refusals, m?.[2] ?? '?', Number(m?.[1]));
      return false;
    } else if (line.startsWith('[chaos-portal] all bookings made')) allMade = true;
    else if (line.startsWith('[chaos-aftersales] finished')) afterSalesDone = line.slice(28).trim() || 'finished';
    else if (line.startsWith('[failpoint] ')) failpointHit ||= `${name}: ${line.slice(12).trim()}`;
    else return false;
    return true;
  },
});
delete h.childEnv.CHAOS_FAILPOINT;
delete h.childEnv.CHAOS_FAILPOINT_ACTION;
const { sql, control, controlAll, start } = h;

/** The agency whose staff make every AGENCY_EVERY-th booking: an owner, a customer, a prepaid balance. */
const agency = await (async () => {
  if (AGENCY_EVERY <= 0) return null;
  const { topUp } = await import('../../lib/agency/service');
  const { agencyId, staff, customerId } = await h.agencyWithCustomer({
    email: 'chaos-agent@example.test',
    displayName: '混沌旅行社员工',
    agencyName: '混沌旅行社',
    customer: '混沌客户',
  });
  // Enough for every agency booking (two 二等座 tickets are ~¥1,100) and the dearer changes.
  const topUpFen = Math.ceil(N / AGENCY_EVERY) * 200_000 + 1_000_000;
  await topUp('chaos', agencyId, topUpFen, 'CHAOS-TOPUP-1');
  return { agencyId, staffId: staff.id, customerId, topUpFen };
})();

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
  // Juhe's pay answering 10014 (系统内部异常) after the debit and the issue request committed: the
  // portal must look (orderStatus) before it retries. Juhe-only; the others apply to both fronts.
  payInternalErrorRate: 0.05,
};

let trains = '';
const bookingEnv = () => ({
  CHAOS_PORTAL_PORT: String(h.portalPort),
  CHAOS_USER_ID: h.userId,
  CHAOS_SEED: String(SEED),
  CHAOS_TRAINS: trains,
  CHAOS_AGENCY_EVERY: String(agency ? AGENCY_EVERY : 0),
  CHAOS_AGENT_ID: agency?.staffId ?? '',
  CHAOS_CUSTOMER_ID: agency?.customerId ?? '',
});
/** The Juhe sandbox process is down (killed by the outage and not started again yet). */
let juheDown = false;
/**
 * Starts the processes (the Juhe sandbox unless it is in its outage); `kill` arms its failpoint in the
 * process that passes through it.
 */
async function startAll(from: number, kill?: Kill) {
  const armed = (p: 'portal' | 'worker'): Record<string, string> =>
    kill && kill.point !== 'bookings' && FAILPOINT_PROCESS[kill.point] === p
      ? { CHAOS_FAILPOINT: `${kill.point}:${passOf(kill, from)}` }
      : {};
  failpointHit = '';
  await h.startSandbox();
  if (!juheDown && !h.running('sandbox-juhe')) await h.startJuheSandbox();
  if (!trains) {
    // Asked before any fault is switched on.
    trains = (await h.pickTrains(addDays(shanghaiDate(), 3), [4])).join(',');
    log(`trains: ${trains.replaceAll(',', ' ')}`);
    // Juhe's push URLs (setPush) before the first booking; the worker sets them again at every start.
    const { setupProviders } = await import('../../lib/provider/setup');
    const setUp = await setupProviders(h.childEnv.PORTAL_PUBLIC_URL!);
    log(
      `providers set up: ${setUp.done.join(', ') || 'none'}${setUp.failed.length ? `; failed ${setUp.failed.join(', ')}` : ''}`,
    );
  }
  await controlAll('POST', 'faults', FAULTS);
  h.startWorker(armed('worker'));
  start('portal', ['--conditions=react-server', path.join(ROOT, 'scripts', 'chaos', 'portal.ts')], {
    ...bookingEnv(),
    ...armed('portal'),
    CHAOS_FROM: String(from),
    CHAOS_TO: String(N),
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = () => ((Date.now() - t0) / 1000).toFixed(0);

log(`faults ${JSON.stringify(FAULTS)}`);
const kills: { point: string; how: string; afterBookings: number; restartFrom: number; at: number }[] = [];
/** The kills one after another: the Juhe outage runs beside the kill loop. */
let busy: Promise<unknown> = Promise.resolve();
const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
  const run = busy.then(fn);
  busy = run.catch(() => undefined);
  return run;
};
const juheOutage: { killedAfter: number; at: number; restartedAfter: number | null; downS: number | null } = {
  killedAfter: -1,
  at: -1,
  restartedAfter: null,
  downS: null,
};
await startAll(0, KILL_PLAN[0]);
/** kill -9 of the Juhe sandbox process alone, then (bookings going on) its restart. */
const outageDone = (async () => {
  if (!JUHE_PLAN) return;
  while (finished.size < JUHE_PLAN.killAt && !allMade) await sleep(100);
  const killedAt = Date.now();
  await exclusive(async () => {
    await h.stop('sandbox-juhe', 'SIGKILL');
    juheDown = true;
  });
  Object.assign(juheOutage, { killedAfter: finished.size, at: Math.round((killedAt - t0) / 1000) });
  log(`juhe outage: ${finished.size} bookings done after ${secs()} s: kill -9 of the Juhe sandbox process`);
  while ((finished.size < JUHE_PLAN.restartAt || Date.now() - killedAt < JUHE_DOWN_MIN_MS) && !allMade)
    await sleep(200);
  await exclusive(async () => {
    juheDown = false;
    if (!h.running('sandbox-juhe')) await h.startJuheSandbox();
    await controlAll('POST', 'faults', FAULTS);
  });
  Object.assign(juheOutage, {
    restartedAfter: finished.size,
    downS: Math.round((Date.now() - killedAt) / 1000),
  });
  log(`juhe outage: Juhe sandbox back after ${juheOutage.downS} s (${finished.size} bookings done)`);
})();
for (let i = 0; i < KILL_PLAN.length; i++) {
  const kill = KILL_PLAN[i]!;
  while (!failpointHit && finished.size < kill.atDone && !allMade) await sleep(100);
  if (allMade) {
    log(`all bookings made before kill ${i + 1} (${kill.point})`);
    break;
  }
  const how = failpointHit
    ? `at failpoint ${failpointHit}`
    : kill.point === 'bookings'
      ? `after ${finished.size} bookings`
      : `failpoint ${kill.point} not reached: after ${finished.size} bookings`;
  log(
    `kill ${i + 1}: ${finished.size} bookings done after ${secs()} s, ${how}: kill -9 portal, worker and sandbox${juheDown ? ' (the Juhe one is down)' : 'es'}`,
  );
  // Killed and started again in one turn: the Juhe outage's own kill or restart waits for it.
  const restartFrom = await exclusive(async () => {
    await h.stopAll('SIGKILL');
    // From the first booking that did not finish (not the count done: a slow one may be behind faster
    // ones); the ones after it that did finish are repeated, which is idempotent.
    let from = 0;
    while (finished.has(from)) from++;
    kills.push({
      point: kill.point,
      how,
      afterBookings: finished.size,
      restartFrom: from,
      at: Math.round((Date.now() - t0) / 1000),
    });
    await startAll(from, KILL_PLAN[i + 1]);
    return from;
  });
  log(`restarted; bookings ${restartFrom}..${N - 1} (in-flight ones are repeated: idempotent)`);
}
// The portal keeps serving callbacks and notifications through the settle period.
while (!allMade) await sleep(200);
await outageDone;
// Orders whose 创单 could not reach their provider (its sandbox process down) are sent again by the
// worker once it is back: their holds are waited for (at most 3 minutes; the sweep nudges them), so
// the clock move below expires every unpaid hold, as it does for the others. A hold made after the
// move would still be inside its pay window when the settle period ends.
const { sweep } = await import('../../lib/root/jobs');
const holding = async () =>
  Number((await sql<{ n: number }[]>`select count(*)::int as n from orders where status = 1`)[0]?.n ?? 0);
const holdingUntil = Date.now() + 180_000;
let stillHolding = await holding();
if (stillHolding) log(`${stillHolding} orders still 占位中 after ${secs()} s: waiting for their holds`);
while (stillHolding > 0 && Date.now() < holdingUntil) {
  await sweep(new Date(Date.now() + 60_000)).catch(() => undefined);
  await sleep(3000);
  stillHolding = await holding();
}
log(`all bookings made after ${secs()} s; sandbox clock +11 min (unpaid holds expire, refunds allowed)`);
await control('POST', 'clock', { advanceMinutes: 11 });
if (AFTERSALES) {
  const t = Date.now();
  start('aftersales', ['--conditions=react-server', path.join(ROOT, 'scripts', 'chaos', 'aftersales.ts')], {
    ...bookingEnv(),
    CHAOS_TO: String(N),
  });
  while (!afterSalesDone && Date.now() - t < 240_000) await sleep(200);
  log(`after-sales under faults: ${afterSalesDone || 'not finished in 240 s'} after ${secs()} s`);
}
log(`faults off after ${secs()} s`);
await controlAll('DELETE', 'faults');

// Settle: the worker's jobs and its once-a-minute sweep; this process also sweeps every 5 s.
const { audit, formatAudit, unsettledCount } = await import('../../lib/root/audit');
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
  await sleep(5000);
  left = await moving();
}
log(`settled: ${left} orders/refunds still moving after ${secs()} s`);
if (left > 0) {
  // Where the ones still moving are, so a failed run says why.
  const still = await sql`select id, customer_order_no, status, payment_status, pay_limit_at, cancel_requested_at,
      provider_order_no, grab_order_id, agency_id is not null as agency
    from orders where status in (1, 2, 7) limit 10`;
  for (const o of still) {
    log(`  still moving: ${JSON.stringify(o)}`);
    const events = await sql`select kind, from_status, to_status, source, note from order_events
      where order_id = ${o.id as string} order by id`;
    for (const e of events) log(`    ${e.kind} ${e.from_status ?? '-'}→${e.to_status} ${e.source} ${e.note ?? ''}`);
    if (o.provider_order_no) {
      const [p] = await sql`select status, pay_limit_at, unfinished_reason from sandbox.orders
        where order_no = ${o.provider_order_no as string}`.catch(() => []);
      const cbs = await sql`select event_type, status, attempts from sandbox.callbacks
        where order_no = ${o.provider_order_no as string} order by id`.catch(() => []);
      log(`    provider: ${JSON.stringify(p ?? null)}; callbacks ${JSON.stringify(cbs)}`);
    }
  }
}

// The grab orders' invariants (lib/grab/audit.ts) are part of audit(): every grab of this run.
const grabIds = (await sql<{ id: string }[]>`select id from grab_orders`).map((r) => r.id);
const results = await audit({ orderIds: ids, grabIds });
// Notifications (lib/notify): one email per announcing event, read back from the catcher.
const notify = await checkNotifications(sql, h.mail);
log(
  `notifications: ${notify.emails} emails for ${notify.checked} events (${notify.resent} sent again after a kill with the same Message-ID), ${notify.violated} violations`,
);
for (const e of notify.examples) log(`  ${e}`);
const byStatus = await sql<{ status: number; n: number }[]>`
  select status, count(*)::int as n from orders group by status order by status`;
const grabsByStatus = await sql<{ status: string; n: number }[]>`
  select status, count(*)::int as n from grab_orders group by status order by status`;
const money = await sql<{ paid: number; refunded: number }[]>`
  select coalesce(sum(paid_fen),0)::bigint as paid, coalesce(sum(refunded_fen),0)::bigint as refunded from orders`;
const [mix] = await sql<Record<string, number>[]>`select
  (select count(*)::int from orders where agency_id is not null) as "agencyOrders",
  (select count(*)::int from orders where agency_id is not null and status = 8) as "agencyIssued",
  (select count(*)::int from ticket_refunds) as "ticketRefunds",
  (select count(*)::int from ticket_refunds t join orders o on o.id = t.order_id where o.agency_id is not null) as "agencyTicketRefunds",
  (select count(*)::int from change_orders) as "changeOrders",
  (select count(*)::int from change_orders c join orders o on o.id = c.order_id where o.agency_id is not null) as "agencyChangeOrders",
  (select count(*)::int from change_orders where status = 34) as "changesIssued",
  (select count(*)::int from ledger_transactions) as "ledgerTransactions",
  (select count(*)::int from ledger_entries) as "ledgerEntries",
  (select count(*)::int from ledger_accounts) as "ledgerAccounts"`;
/** Per provider: the orders it took (bookings, grabs' orders, agency ones) and how they ended, its money. */
type ProviderCounts = Record<
  | 'orders'
  | 'bookings'
  | 'grabOrders'
  | 'agencyOrders'
  | 'issued'
  | 'cancelled'
  | 'holdFailed'
  | 'issueFailed'
  | 'failed'
  | 'moving'
  | 'ticketRefunds'
  | 'refunded'
  | 'changeOrders'
  | 'changesIssued',
  number
>;
const perProviderRows = await sql<(ProviderCounts & { provider: string; paidFen: string; refundedFen: string })[]>`
  select o.provider,
    count(*)::int as orders,
    count(*) filter (where o.grab_order_id is null)::int as bookings,
    count(*) filter (where o.grab_order_id is not null)::int as "grabOrders",
    count(*) filter (where o.agency_id is not null)::int as "agencyOrders",
    count(*) filter (where o.status = 8)::int as issued,
    count(*) filter (where o.status = 5)::int as cancelled,
    count(*) filter (where o.status = 3)::int as "holdFailed",
    count(*) filter (where o.status = 9)::int as "issueFailed",
    count(*) filter (where o.status in (3, 9))::int as failed,
    count(*) filter (where o.status in (1, 2, 7))::int as moving,
    coalesce(sum(o.paid_fen), 0)::bigint as "paidFen",
    coalesce(sum(o.refunded_fen), 0)::bigint as "refundedFen",
    (select count(*)::int from ticket_refunds t join orders x on x.id = t.order_id
      where x.provider = o.provider) as "ticketRefunds",
    (select count(*)::int from ticket_refunds t join orders x on x.id = t.order_id
      where x.provider = o.provider and t.status = 21) as refunded,
    (select count(*)::int from change_orders c join orders x on x.id = c.order_id
      where x.provider = o.provider) as "changeOrders",
    (select count(*)::int from change_orders c join orders x on x.id = c.order_id
      where x.provider = o.provider and c.status = 34) as "changesIssued"
  from orders o group by o.provider order by o.provider`;
const afterSalesOf = (() => {
  try {
    return JSON.parse(afterSalesDone) as {
      changeNotRefused?: number;
      byProvider?: Record<string, Record<string, number>>;
    };
  } catch {
    return null;
  }
})();
/** The bookings (not grabs) the plan sent to each provider (scripts/chaos/providers.ts). */
const GRAB_EVERY = Number(process.env.CHAOS_GRAB_EVERY ?? 10);
const chosen = (p: string) =>
  Array.from({ length: N }, (_, i) => i).filter(
    (i) => !(GRAB_EVERY > 0 && i % GRAB_EVERY === GRAB_EVERY - 1) && providerOfBooking(i, SEED) === p,
  ).length;
const perProvider = Object.fromEntries(
  perProviderRows.map(({ provider, ...r }) => {
    const paid = Number(r.paidFen);
    const refunded = Number(r.refundedFen);
    return [
      String(provider),
      {
        bookingsSentHere: chosen(String(provider)),
        ...r,
        paidFen: paid,
        refundedFen: refunded,
        keptFen: paid - refunded,
        failedOverToOther: failovers[String(provider)]?.size ?? 0,
        refusedAfter4Tries: refusals[String(provider)]?.size ?? 0,
        afterSales: afterSalesOf?.byProvider?.[String(provider)] ?? null,
      },
    ];
  }),
);
// The faults each provider's calls met (the portal's call samples; a killed process loses its last
// unflushed batch) and the sandbox's pushes per front (form: Juhe's, json: Panhe's) by how they ended.
const callRows = await sql<{ provider: string; method: string; outcome: string; n: number }[]>`
  select provider, method, outcome, count(*)::int as n from provider_calls
  where outcome <> 'ok' group by 1, 2, 3 order by 1, 2, 3`;
const callFaults: Record<string, Record<string, number>> = {};
for (const r of callRows) (callFaults[r.provider] ??= {})[`${r.method}:${r.outcome}`] = r.n;
const pushRows = await sql<{ front: string; status: string; n: number }[]>`
  select case when format = 'form' then 'juhe' else 'panhe' end as front, status, count(*)::int as n
  from sandbox.callbacks group by 1, 2 order by 1, 2`.catch(() => []);
const pushes: Record<string, Record<string, number>> = {};
for (const r of pushRows) (pushes[r.front] ??= {})[r.status] = r.n;
for (const p of Object.keys(perProvider))
  Object.assign(perProvider[p]!, { callFaults: callFaults[p] ?? {}, pushes: pushes[p] ?? {} });
console.log(formatAudit(results));
for (const [p, f] of Object.entries(perProvider))
  log(
    `${p}: ${f.bookingsSentHere} bookings sent here; ${f.orders} orders (${f.bookings} bookings incl. ${f.agencyOrders} agency, ${f.grabOrders} grab orders), issued ${f.issued}, cancelled ${f.cancelled}, failed ${f.failed} (hold ${f.holdFailed}, issue ${f.issueFailed}), tickets refunded ${f.refunded}/${f.ticketRefunds}, changes issued ${f.changesIssued}/${f.changeOrders}, paid ${f.paidFen} fen, refunded ${f.refundedFen} fen, kept ${f.keptFen} fen; ${f.failedOverToOther} bookings went to the other provider, after-sales ${JSON.stringify(f.afterSales)}; calls failed ${JSON.stringify(callFaults[p] ?? {})}; pushes ${JSON.stringify(pushes[p] ?? {})}`,
  );
// A change on an order whose provider has no change API must have been refused (scripts/chaos/aftersales.ts).
const changeNotRefused = afterSalesOf?.changeNotRefused ?? 0;
if (changeNotRefused) log(`VIOLATION: ${changeNotRefused} changes on orders without a change API were not refused`);
// The orders behind violations: whether a grab placed them and how they ended.
const named = [...new Set(results.flatMap((r) => r.examples.join(' ').match(/[0-9a-f-]{36}/g) ?? []))];
if (named.length) {
  const rows = await sql`select id, customer_order_no, status, grab_order_id, paid_fen, refunded_fen, total_fen
    from orders where id in ${sql(named)}`;
  for (const o of rows) {
    log(`  named: ${JSON.stringify(o)}`);
    // Its history, payments, refunds and change orders, ours and the provider's, so a failure says why.
    const events = await sql`select kind, from_status, to_status, source, note from order_events
      where order_id = ${o.id as string} order by id`;
    for (const e of events) log(`    ${e.kind} ${e.from_status ?? '-'}→${e.to_status} ${e.source} ${e.note ?? ''}`);
    const pays = await sql`select amount_fen, status, gateway, change_order_id is not null as change from payments
      where order_id = ${o.id as string} order by created_at`;
    const backs = await sql`select cause, amount_fen, status from payment_refunds where order_id = ${o.id as string}`;
    const changes = await sql`select provider_change_no, status, paid_fen, need_pay_fen, price_change_type
      from change_orders where order_id = ${o.id as string}`;
    log(`    payments ${JSON.stringify(pays)}; refunds ${JSON.stringify(backs)}; changes ${JSON.stringify(changes)}`);
    for (const c of changes) {
      const theirs =
        await sql`select * from sandbox.change_orders where cha_no = ${c.provider_change_no as string}`.catch(() => []);
      log(`    provider change: ${JSON.stringify(theirs[0] ?? null)}`);
    }
  }
}
const violated = results.reduce((a, r) => a + r.violated, 0) + (left > 0 ? 1 : 0) + changeNotRefused + notify.violated;
const summary = {
  at: new Date().toISOString(),
  seed: SEED,
  replay: `CHAOS_SEED=${SEED} CHAOS_BOOKINGS=${N} npm run chaos`,
  bookings: N,
  orders: ids.length,
  grabOrders: grabIds.length,
  ...mix,
  agencyTopUpFen: agency?.topUpFen ?? 0,
  grabsByStatus: Object.fromEntries(grabsByStatus.map((r) => [r.status, r.n])),
  ordersByStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
  paidFen: Number(money[0]?.paid ?? 0),
  refundedFen: Number(money[0]?.refunded ?? 0),
  perProvider,
  faults: FAULTS,
  killPlan: KILL_PLAN,
  kills,
  juheOutagePlan: JUHE_PLAN,
  juheOutage: JUHE_PLAN ? juheOutage : null,
  changeNotRefused,
  afterSales: afterSalesDone || null,
  seconds: Math.round((Date.now() - t0) / 1000),
  stillMoving: left,
  invariants: [
    ...results.map((r) => ({ name: r.name, checked: r.checked, violated: r.violated, examples: r.examples })),
    { name: notify.name, checked: notify.checked, violated: notify.violated, examples: notify.examples },
  ],
  notificationEmails: notify.emails,
};
fs.mkdirSync(RESULTS, { recursive: true });
fs.writeFileSync(
  process.env.CHAOS_RESULT ?? path.join(RESULTS, 'chaos-latest.json'),
  `${JSON.stringify(summary, null, 2)}\n`,
);
log(
  `orders by status ${JSON.stringify(summary.ordersByStatus)}; grabs by status ${JSON.stringify(summary.grabsByStatus)}; agency ${JSON.stringify(mix)}; paid ${summary.paidFen} fen, refunded ${summary.refundedFen} fen`,
);
log(violated ? `FAILED: ${violated} violations (replay: ${summary.replay})` : `seed ${SEED}: all invariants hold`);

await h.dispose();
process.exit(violated ? 1 : 0);

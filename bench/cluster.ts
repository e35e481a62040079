/**
 * `npm run bench`'s row "two instances, two workers" (issue 31), also alone with
 * `BENCH_ONLY=cluster npm run bench`: the topology of scripts/lib/cluster.ts (two portal instances
 * behind a round-robin proxy, two job workers, the sandbox, one embedded Postgres with
 * pg_stat_statements), driven over HTTP only, like browsers and the provider would:
 *
 * - bookings: a signed-in traveller's createBookingAction and startPaymentAction posted to the proxy
 *   as server action calls (Next-Action header, the ids from the build's server-reference manifest),
 *   the payment made at the sandbox's gateway; the hold, issue and payment notifications come back
 *   through the proxy to either instance; the workers share the job queue. Correct = every order
 *   issued and the auditor (lib/root/audit.ts) finds every invariant true.
 * - searches: signed-out GET /search through the proxy over 20 city pairs × several dates; correct =
 *   200 and the page lists the trains the provider's own answer for that query has.
 *
 * For each phase: the CPU ms of every process (utime + stime from /proc/<pid>/stat), Postgres's
 * statements (pg_stat_statements, split into the portal's and the simulated provider's by the
 * sandbox's schema) and the rows each table received (pg_stat_user_tables), per booking and per
 * search; callbacks and payment notifications per booking (rows of provider_callbacks; the gateway's
 * notifications counted at the proxy); and per callback: signed order callbacks replayed for the issued
 * orders (verified, logged, 订单详情 re-read, nothing to change). Written to bench/results/capacity-latest.json with the load
 * average at start and end (the machine is shared: figures are measured under contention).
 * Env: BENCH_CLUSTER_BOOKINGS (100), BENCH_CLUSTER_SEARCHES (500), BENCH_CLUSTER_CONCURRENCY (16),
 * BENCH_CLUSTER_SETTLE_S (45: seconds after start before the idle window).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { ROOT } from '../scripts/lib/harness';
import { startCluster, type Cluster } from '../scripts/lib/cluster';
import { addDays, shanghaiDate } from '../lib/time';
import { PAIRS } from './pairs';
import { statusWatcher } from './status-watch';

const BOOKINGS = Number(process.env.BENCH_CLUSTER_BOOKINGS ?? 100);
const SEARCHES = Number(process.env.BENCH_CLUSTER_SEARCHES ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CLUSTER_CONCURRENCY ?? 16);
const APP_KEY = 'sandbox-app-key';
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => console.log(`[bench cluster] ${s}`);
const date = (n: number) => addDays(shanghaiDate(), n);

async function inFlight(total: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await fn(next++);
    }),
  );
}

/** CPU ms (utime + stime) of a process and its parent pid, from /proc (NaN without /proc). */
function procStat(pid: number | string): { cpuMs: number; ppid: number } {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { cpuMs: (Number(f[11]) + Number(f[12])) * 10, ppid: Number(f[1]) };
  } catch {
    return { cpuMs: NaN, ppid: -1 };
  }
}
/** CPU ms of the postmaster and each of its children (backends, WAL writer, …) by pid. */
function treeCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>([[pid, procStat(pid).cpuMs]]);
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = procStat(d);
    if (st.ppid === pid) out.set(Number(d), st.cpuMs);
  }
  return out;
}
/** CPU ms spent between two treeCpu readings (a backend that exited in between is lost). */
function treeDelta(a: Map<number, number>, b: Map<number, number>): number {
  let ms = 0;
  for (const [pid, x] of b) ms += x - (a.get(pid) ?? 0);
  return ms;
}

/** The build's id of each server action, by its exported name (from the server-reference manifest). */
function actionIds(names: string[]): Record<string, string> {
  const file = path.join(ROOT, '.next', 'server', 'server-reference-manifest.json');
  const refs = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    node?: Record<string, { exportedName?: string; filename?: string }>;
  };
  const out: Record<string, string> = {};
  for (const [id, r] of Object.entries(refs.node ?? {}))
    if (r.exportedName && names.includes(r.exportedName) && (r.filename ?? '').includes('lib/orders/actions'))
      out[r.exportedName] = id;
  for (const n of names) if (!out[n]) throw new Error(`server action ${n} not in ${file}`);
  return out;
}

export async function clusterBench(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, ${round(os.totalmem() / 2 ** 30)} GB`,
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
    note:
      'Measured under contention: the 2 cores are shared with other sessions (load average at start and end ' +
      'below), and every process of the topology (2 portals, 2 workers, sandbox, Postgres, the proxy and this ' +
      'driver) runs on them. CPU ms per operation are process CPU times (what the work costs, whoever else ' +
      'runs); rates and latencies are depressed by the contention.',
    node: process.version,
  };
  const secret = crypto.randomBytes(32).toString('base64url');
  const c: Cluster = await startCluster({
    tag: 'benchcluster',
    delayMs: 0,
    // The timetable crawl (a background job of its own, not part of a booking or a search) is off.
    env: { NEXTAUTH_SECRET: secret, TIMETABLE_STOPS_PER_RUN: '0' },
    pgSettings: ['shared_preload_libraries=pg_stat_statements'],
    verbose: !!process.env.BENCH_VERBOSE,
  });
  try {
    const { h, proxyUrl, pids } = c;
    const stats = postgres(h.pg.url, { max: 1, onnotice: () => {} });
    await stats.unsafe('create extension if not exists pg_stat_statements');
    const { createProviderClient } = await import('../lib/provider/adapters/panhe/client');
    const { DEFAULT_PROVIDER_APP_KEY, DEFAULT_PROVIDER_SECRET_KEY } = await import('../protocol/defaults');
    const client = createProviderClient({
      baseUrl: h.sandboxUrl,
      appKey: DEFAULT_PROVIDER_APP_KEY,
      secretKey: DEFAULT_PROVIDER_SECRET_KEY,
    });

    /** CPU of every process of the topology, and this process's (the proxy and the driver). */
    const cpuAt = () => ({
      portals: pids.portals.map((p) => procStat(p).cpuMs),
      workers: pids.workers.map((p) => procStat(p).cpuMs),
      sandbox: procStat(pids.sandbox).cpuMs,
      postgres: treeCpu(pids.postmaster),
      proxyAndDriver: process.cpuUsage(),
    });
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const cpuSince = (a: ReturnType<typeof cpuAt>) => {
      const b = cpuAt();
      const own = process.cpuUsage(a.proxyAndDriver);
      return {
        portals: sum(b.portals) - sum(a.portals),
        workers: sum(b.workers) - sum(a.workers),
        sandbox: b.sandbox - a.sandbox,
        postgres: treeDelta(a.postgres, b.postgres),
        proxyAndDriver: (own.user + own.system) / 1000,
      };
    };
    /** Statements since the last reset: the portal's and the simulated provider's (schema "sandbox"). */
    const statements = async () => {
      const rows = await stats.unsafe<{ calls: string; exec: number; sandbox: boolean; query: string }[]>(
        `select calls::text, total_exec_time as exec, query ~* '\\msandbox\\.|"sandbox"\\.' as sandbox, query
         from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
           and query !~* 'pg_stat_statements|pg_stat_user_tables|pg_database'`,
      );
      const of = (s: boolean) => rows.filter((r) => r.sandbox === s);
      return {
        portal: { calls: sum(of(false).map((r) => Number(r.calls))), execMs: sum(of(false).map((r) => r.exec)) },
        sandbox: { calls: sum(of(true).map((r) => Number(r.calls))), execMs: sum(of(true).map((r) => r.exec)) },
        top: of(false)
          .sort((a, b) => Number(b.calls) - Number(a.calls))
          .slice(0, 12)
          .map((r) => ({ calls: Number(r.calls), query: r.query.replace(/\s+/g, ' ').slice(0, 140) })),
      };
    };
    /** Rows inserted so far into each of the portal's tables (and their size on disk). */
    const tableRows = async () =>
      new Map(
        (
          await stats.unsafe<{ name: string; ins: string; bytes: string }[]>(
            `select relname as name, n_tup_ins::text as ins, pg_total_relation_size(relid)::text as bytes
             from pg_stat_user_tables where schemaname = 'public'`,
          )
        ).map((r) => [r.name, { ins: Number(r.ins), bytes: Number(r.bytes) }]),
      );
    const perOp = (x: number, n: number, d = 2) => round(x / Math.max(n, 1), d);

    // ---- bookings -------------------------------------------------------------------------------
    const { makeIdCard } = await import('../lib/domain/idcard');
    const { upsertPassenger } = await import('../scripts/lib/passengers');
    const { currentSessionVersion } = await import('../lib/auth/sessions');
    const { SESSION_MAX_AGE_SECONDS } = await import('../lib/auth/options');
    const { encode } = await import('next-auth/jwt');
    const { audit } = await import('../lib/root/audit');
    const [me] = await h.sql<{ email: string; display_name: string }[]>`
      select email, display_name from users where id = ${h.userId}`;
    // The session cookie the sign-in action would set (lib/auth/session-cookie.ts), minted here so the
    // run does not depend on the sign-in throttle.
    const cookie = `next-auth.session-token=${await encode({
      token: {
        name: me!.display_name,
        email: me!.email,
        sub: h.userId,
        uid: h.userId,
        role: 'traveller',
        sv: await currentSessionVersion(h.userId),
      },
      secret,
      maxAge: SESSION_MAX_AGE_SECONDS,
    })}`;
    const ids = actionIds(['createBookingAction', 'startPaymentAction']);
    /** A server action call through the proxy, as React's client posts it; the action's result. */
    const callAction = async (id: string, arg: unknown): Promise<{ ok: boolean; data?: unknown; error?: unknown }> => {
      const res = await fetch(`${proxyUrl}/`, {
        method: 'POST',
        headers: {
          'next-action': id,
          origin: proxyUrl,
          accept: 'text/x-component',
          'content-type': 'text/plain;charset=UTF-8',
          cookie,
        },
        body: JSON.stringify([arg]),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`action ${id}: HTTP ${res.status} ${text.slice(0, 300)}`);
      // The flight answer: one line per chunk, `1:{…}` is the action's return value.
      for (const line of text.split('\n')) {
        const m = /^\d+:(\{"ok":.*)$/.exec(line);
        if (m) return JSON.parse(m[1]!) as { ok: boolean; data?: unknown };
      }
      throw new Error(`action ${id}: no result in ${text.slice(0, 300)}`);
    };

    const legs: { trainCode: string; date: string }[] = [];
    for (let d = 3; d < 8; d++) {
      const found = await client.search({ fromStation: '北京南', toStation: '上海', fromDate: date(d) });
      for (const l of found.trainLines ?? [])
        if (l.trainCode.startsWith('G') && l.fromStation === '北京南' && l.toStation === '上海')
          if (l.Seats.some((x) => x.seatType === 4 && x.leftTicketNum > 100))
            legs.push({ trainCode: l.trainCode, date: date(d) });
    }
    const passengerIds: string[] = [];
    for (let i = 0; i < BOOKINGS; i++) {
      const idNo = makeIdCard('110101', `19${60 + (i % 39)}-0${1 + (i % 9)}-1${i % 9}`, i % 997);
      passengerIds.push((await upsertPassenger({ userId: h.userId }, `集群${i}`, idNo))!);
    }
    const watch = statusWatcher(
      (ids) => h.sql<{ id: string; status: number }[]>`select id, status from orders where id = any(${ids}::uuid[])`,
      100,
    );
    const reaches = (id: string, test: (s: number) => boolean, ms = 120_000) => watch(id, test, ms);

    // Warm both instances' code paths (the first call of each route compiles nothing, but loads modules).
    for (let i = 0; i < 2; i++) await fetch(`${proxyUrl}/api/ready`).then((r) => r.text());
    // The idle cost first: what the topology spends with nothing to do (pg-boss polling of each worker's
    // queues, the heartbeats, the schedulers), per second; subtracted from the phases' figures below.
    // The start-up jobs (station list sync, partitions ahead, the first sweeps) settle first.
    await sleep(Number(process.env.BENCH_CLUSTER_SETTLE_S ?? 45) * 1000);
    await stats.unsafe('select pg_stat_statements_reset()');
    const IDLE_S = 20;
    const cpuI0 = cpuAt();
    await sleep(IDLE_S * 1000);
    const idleCpu = cpuSince(cpuI0);
    const idleStatements = await statements();
    const idle = {
      seconds: IDLE_S,
      cpuMsPerSecond: Object.fromEntries(Object.entries(idleCpu).map(([k, v]) => [k, round(v / IDLE_S)])),
      statementsPerSecond: round(idleStatements.portal.calls / IDLE_S),
    };
    results.idle = idle;
    log(`idle ${JSON.stringify(idle)}`);
    /** A phase's figure per operation with the idle rate over the phase's seconds taken out. */
    const net = (x: number, perSecond: number, secs: number, n: number) => perOp(x - perSecond * secs, n);
    const seed = Date.now();
    const orderIds: string[] = [];
    const failures: string[] = [];
    const latencies: number[] = [];
    let issued = 0;
    const rows0 = await tableRows();
    const callbacks0 = Number((await h.sql`select count(*)::int as n from provider_callbacks`)[0]!.n);
    await stats.unsafe('select pg_stat_statements_reset()');
    const forwarded0 = [...c.forwarded];
    const cpu0 = cpuAt();
    const t0 = performance.now();
    await inFlight(BOOKINGS, CONCURRENCY, async (i) => {
      const s = performance.now();
      const leg = legs[i % legs.length]!;
      const r = await callAction(ids.createBookingAction!, {
        customerOrderNo: `CLUSTER${seed}N${i}`,
        trainCode: leg.trainCode,
        fromStation: '北京南',
        toStation: '上海',
        date: leg.date,
        seatType: 4,
        passengers: [{ passengerId: passengerIds[i], ticketType: 1 }],
        contactMobile: '13800138000',
      });
      if (!r.ok) return void failures.push(`book ${i}: ${JSON.stringify(r.error)}`);
      const orderId = (r.data as { orderId: string }).orderId;
      orderIds.push(orderId);
      if (!(await reaches(orderId, (x) => x !== 1))) return void failures.push(`${orderId}: never held`);
      const pay = await callAction(ids.startPaymentAction!, { orderId });
      if (!pay.ok) return void failures.push(`pay ${orderId}: ${JSON.stringify(pay.error)}`);
      const [p] = await h.sql<{ payment_no: string }[]>`
        select payment_no from payments where order_id = ${orderId} order by created_at desc limit 1`;
      await fetch(`${h.sandboxUrl}/sandbox/payments/${p!.payment_no}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-app-key': APP_KEY },
        body: '{}',
      });
      if (await reaches(orderId, (x) => x === 8)) {
        issued++;
        latencies.push(performance.now() - s);
      } else failures.push(`${orderId}: not issued`);
    });
    const bookingSeconds = (performance.now() - t0) / 1000;
    const bookingCpu = cpuSince(cpu0);
    const bookingStatements = await statements();
    const bookingForwarded = c.forwarded.map((n, i) => n - forwarded0[i]!);
    const callbacks = Number((await h.sql`select count(*)::int as n from provider_callbacks`)[0]!.n) - callbacks0;
    const rows1 = await tableRows();
    const rowsPerBooking = Object.fromEntries(
      [...rows1.entries()]
        .map(([t, r]) => [t, perOp(r.ins - (rows0.get(t)?.ins ?? 0), issued)] as const)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1]),
    );
    // Average row size (pg_column_size of the row) of the tables a booking writes to, plus their indexes'
    // share (index bytes / rows), for the retention arithmetic of the capacity plan.
    const bytesPerRow: Record<string, { row: number; indexes: number }> = {};
    for (const t of Object.keys(rowsPerBooking)) {
      const [r] = await stats.unsafe<{ row: number; idx: number }[]>(
        `select coalesce(avg(pg_column_size(t.*)), 0)::float as row,
           pg_indexes_size('${t}')::float / greatest(count(*), 1) as idx from "${t}" t`,
      );
      bytesPerRow[t] = { row: round(r!.row, 0), indexes: round(r!.idx, 0) };
    }
    const byStatus = await h.sql<{ status: number; n: number }[]>`
      select status, count(*)::int as n from orders where id = any(${orderIds}::uuid[]) group by status`;
    const invariants = await audit({ orderIds });
    const violated = invariants.filter((r) => r.violated > 0).map((r) => r.name);
    results.bookings = {
      bookings: BOOKINGS,
      concurrency: CONCURRENCY,
      issued,
      failures: failures.slice(0, 10),
      seconds: round(bookingSeconds),
      issuedPerSecond: round(issued / bookingSeconds, 2),
      p50_ms: round(pct(latencies, 50)),
      p99_ms: round(pct(latencies, 99)),
      ordersByStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
      auditor: { invariants: invariants.length, violations: sum(invariants.map((r) => r.violated)), violated },
      requestsPerInstance: bookingForwarded,
      callbacksPerBooking: perOp(callbacks, issued),
      // The gateway's notifications and the actions: every request the proxy forwarded, per booking.
      portalRequestsPerBooking: perOp(sum(bookingForwarded), issued),
      cpuMsPerBookingNetOfIdle: Object.fromEntries(
        Object.entries(bookingCpu).map(([k, v]) => [k, net(v, idle.cpuMsPerSecond[k] ?? 0, bookingSeconds, issued)]),
      ),
      statementsPerBookingNetOfIdle: net(
        bookingStatements.portal.calls,
        idle.statementsPerSecond,
        bookingSeconds,
        issued,
      ),
      cpuMsPerBooking: {
        portals: perOp(bookingCpu.portals, issued),
        workers: perOp(bookingCpu.workers, issued),
        postgres: perOp(bookingCpu.postgres, issued),
        sandbox: perOp(bookingCpu.sandbox, issued),
        proxyAndDriver: perOp(bookingCpu.proxyAndDriver, issued),
      },
      statementsPerBooking: {
        portal: perOp(bookingStatements.portal.calls, issued),
        sandbox: perOp(bookingStatements.sandbox.calls, issued),
        portalExecMs: perOp(bookingStatements.portal.execMs, issued),
      },
      topPortalStatements: bookingStatements.top.map((t) => ({ ...t, perBooking: perOp(t.calls, issued) })),
      rowsPerBooking,
      bytesPerRow,
    };
    log(`bookings ${JSON.stringify(results.bookings, null, 1)}`);

    // ---- callbacks ------------------------------------------------------------------------------
    // The provider's order callbacks replayed for the issued panhe orders, signed (the sign covers only
    // the order number), through the proxy: each one is verified, logged, and its order re-read from
    // 订单详情 (the body is never trusted) — an issued order's re-read changes nothing, the common case
    // of a provider's repeated notifications. Per callback: CPU and statements, net of idle.
    const { callbackSign } = await import('../protocol/panhe/sign');
    const panheOrders = await h.sql<{ no: string; train: string }[]>`
      select provider_order_no as no, train_code as train from orders
      where id = any(${orderIds}::uuid[]) and provider = 'panhe' and status = 8 and provider_order_no is not null`;
    const CALLBACKS = panheOrders.length ? Number(process.env.BENCH_CLUSTER_CALLBACKS ?? 2 * panheOrders.length) : 0;
    const verdicts = new Map<string, number>();
    const [lastBefore] = await h.sql<{ id: number }[]>`select coalesce(max(id), 0)::int as id from provider_callbacks`;
    await stats.unsafe('select pg_stat_statements_reset()');
    const cpuC0 = cpuAt();
    const tC = performance.now();
    await inFlight(CALLBACKS, CONCURRENCY, async (i) => {
      const o = panheOrders[i % panheOrders.length]!;
      const res = await fetch(`${proxyUrl}/api/provider/callbacks/order`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          orderNo: o.no,
          trainCode: o.train,
          fromStation: '北京南',
          toStation: '上海',
          fromDateTime: `${date(3)} 07:00:00`,
          toDateTime: `${date(3)} 11:29:00`,
          orderStatus: 8,
          contactMobile: '13800138000',
          trainTickets: [
            { name: '集群', cardType: 1, cardNo: '11010519491231002X', ticketType: 1, seatType: 4, ticketStatus: 8 },
          ],
          eventType: 'order.issue',
          sign: callbackSign(DEFAULT_PROVIDER_SECRET_KEY, o.no),
        }),
        signal: AbortSignal.timeout(60_000),
      });
      const key = `${res.status}`;
      verdicts.set(key, (verdicts.get(key) ?? 0) + 1);
      await res.text();
    });
    const callbackSeconds = (performance.now() - tC) / 1000;
    const callbackCpu = cpuSince(cpuC0);
    const callbackStatements = await statements();
    const logged = await h.sql<{ verdict: string; n: number }[]>`
      select verdict::text, count(*)::int as n from provider_callbacks where id > ${lastBefore!.id} group by verdict`;
    results.callbacks = {
      callbacks: CALLBACKS,
      distinctOrders: panheOrders.length,
      httpStatus: Object.fromEntries(verdicts),
      loggedVerdicts: Object.fromEntries(logged.map((r) => [r.verdict, r.n])),
      seconds: round(callbackSeconds),
      cpuMsPerCallbackNetOfIdle: Object.fromEntries(
        Object.entries(callbackCpu).map(([k, v]) => [
          k,
          net(v, idle.cpuMsPerSecond[k] ?? 0, callbackSeconds, CALLBACKS),
        ]),
      ),
      statementsPerCallbackNetOfIdle: net(
        callbackStatements.portal.calls,
        idle.statementsPerSecond,
        callbackSeconds,
        CALLBACKS,
      ),
      statementsPerCallback: {
        portal: perOp(callbackStatements.portal.calls, CALLBACKS),
        sandbox: perOp(callbackStatements.sandbox.calls, CALLBACKS),
      },
      topPortalStatements: callbackStatements.top
        .slice(0, 6)
        .map((t) => ({ ...t, perCallback: perOp(t.calls, CALLBACKS) })),
      note:
        'Signed order callbacks replayed for issued orders (each order twice by default, under the ' +
        'per-order limit SIGNED_NOTIFY_SUBJECT_LIMIT): verify, log, re-read 订单详情 from the provider, no change.',
    };
    log(`callbacks ${JSON.stringify(results.callbacks, null, 1)}`);

    // ---- searches -------------------------------------------------------------------------------
    const DATES = [8, 9, 10, 11, 12];
    const queries = PAIRS.flatMap(([from, to]) => DATES.map((d) => ({ from, to, date: date(d) })));
    // What the provider itself answers for each query (straight from the sandbox, before the run).
    const expected = new Map<string, string[]>();
    log('expected search answers from the sandbox…');
    for (const q of queries) {
      const found = await client.search({ fromStation: q.from, toStation: q.to, fromDate: q.date });
      expected.set(
        `${q.from}|${q.to}|${q.date}`,
        (found.trainLines ?? []).map((l) => l.trainCode),
      );
    }
    log('searches…');
    await fetch(`${h.sandboxUrl}/sandbox/stats`, {
      method: 'DELETE',
      headers: { 'x-app-key': APP_KEY },
      signal: AbortSignal.timeout(30_000),
    });
    await stats.unsafe('select pg_stat_statements_reset()');
    const searchLat: number[] = [];
    const wrong: string[] = [];
    const forwardedS0 = [...c.forwarded];
    const cpuS0 = cpuAt();
    const tS = performance.now();
    await inFlight(SEARCHES, CONCURRENCY, async (i) => {
      const q = queries[i % queries.length]!;
      const s = performance.now();
      let res: Response;
      let html: string;
      try {
        res = await fetch(`${proxyUrl}/search?${new URLSearchParams(q).toString()}`, {
          signal: AbortSignal.timeout(60_000),
        });
        html = await res.text();
      } catch (e) {
        return void wrong.push(`${q.from}→${q.to} ${q.date}: ${String(e)}`);
      }
      searchLat.push(performance.now() - s);
      const want = expected.get(`${q.from}|${q.to}|${q.date}`)!;
      const shown = want.filter((code) => html.includes(`>${code}<`) || html.includes(`"${code}"`));
      if (res.status !== 200 || shown.length < Math.min(3, want.length) || !want.length)
        wrong.push(`${q.from}→${q.to} ${q.date}: ${res.status}, ${shown.length}/${want.length} trains shown`);
    });
    const searchSeconds = (performance.now() - tS) / 1000;
    const searchCpu = cpuSince(cpuS0);
    const searchStatements = await statements();
    const providerSearches =
      (
        (await (
          await fetch(`${h.sandboxUrl}/sandbox/stats`, {
            headers: { 'x-app-key': APP_KEY },
            signal: AbortSignal.timeout(30_000),
          })
        ).json()) as Record<string, number>
      )['/train/search'] ?? 0;
    results.searches = {
      searches: SEARCHES,
      distinctQueries: queries.length,
      concurrency: CONCURRENCY,
      correct: SEARCHES - wrong.length,
      wrong: wrong.slice(0, 10),
      providerSearchCalls: providerSearches,
      seconds: round(searchSeconds),
      perSecond: round(SEARCHES / searchSeconds, 1),
      p50_ms: round(pct(searchLat, 50)),
      p99_ms: round(pct(searchLat, 99)),
      requestsPerInstance: c.forwarded.map((n, i) => n - forwardedS0[i]!),
      cpuMsPerSearchNetOfIdle: Object.fromEntries(
        Object.entries(searchCpu).map(([k, v]) => [k, net(v, idle.cpuMsPerSecond[k] ?? 0, searchSeconds, SEARCHES)]),
      ),
      statementsPerSearchNetOfIdle: net(
        searchStatements.portal.calls,
        idle.statementsPerSecond,
        searchSeconds,
        SEARCHES,
      ),
      cpuMsPerSearch: {
        portals: perOp(searchCpu.portals, SEARCHES),
        workers: perOp(searchCpu.workers, SEARCHES),
        postgres: perOp(searchCpu.postgres, SEARCHES),
        sandbox: perOp(searchCpu.sandbox, SEARCHES),
        proxyAndDriver: perOp(searchCpu.proxyAndDriver, SEARCHES),
      },
      statementsPerSearch: {
        portal: perOp(searchStatements.portal.calls, SEARCHES),
        sandbox: perOp(searchStatements.sandbox.calls, SEARCHES),
      },
      topPortalStatements: searchStatements.top.slice(0, 6).map((t) => ({ ...t, perSearch: perOp(t.calls, SEARCHES) })),
      note:
        `${queries.length} distinct queries, each asked ${round(SEARCHES / queries.length)} times in turn; ` +
        `${providerSearches} of the ${SEARCHES} went to the provider (the search cache keeps an answer ` +
        'SEARCH_CACHE_TTL_MS, 20 s by default, and the repeats of a query came further apart under this load); ' +
        'the rest were answered from the cache shared in Postgres',
    };
    log(`searches ${JSON.stringify(results.searches, null, 1)}`);
    await stats.end();
  } finally {
    await c.stop();
  }
  results.loadAverageAtEnd = os.loadavg().map((x) => round(x, 2));
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(ROOT, 'bench', 'results', 'capacity-latest.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  log('written to bench/results/capacity-latest.json');
  return results;
}

// Run directly (bench/run.ts spawns it: its own process, so the portal modules it loads use the
// cluster's database): `tsx --conditions=react-server bench/cluster.ts`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await clusterBench();
  // The job queue client the order service may have started keeps the loop alive.
  process.exit(0);
}

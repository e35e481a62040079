/**
 * What the chaos run (scripts/chaos/run.ts) and the reconciliation harness (scripts/recon/harness.ts)
 * both do at start: a throwaway migrated database with a traveller in it, free ports for the sandbox
 * and the portal, the services' environment (also this process's: the order core's modules it loads
 * use the same database), the sandbox and the worker started as their own processes, the sandbox's
 * control endpoint, an agency with a customer, and the G trains 北京南 → 上海 with seats to spare.
 * With `juheSandbox` the two wire fronts run as two sandbox processes on the one database (`sandbox`
 * with SANDBOX_FRONTS=panhe, `sandbox-juhe` with SANDBOX_FRONTS=juhe, each on its own port; the portal's
 * JUHE_BASE_URL points at the second), so either can be killed while the other serves.
 */
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { throwawayDatabase } from '../../tests/support/database';
import { freePort, waitHttp } from '../../tests/support/net';
import { startMailCatcher } from '../../sandbox/mail-catcher';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const APP_KEY = 'sandbox-app-key';

/** A process's output lines: `onLine` sees each (name, line) and says whether it dealt with it. */
type LineHandler = (name: string, line: string) => boolean;

export async function startHarness(o: {
  /** Names the database and the traveller (`<tag>@example.test`). */
  tag: string;
  travellerName: string;
  /** The sandbox's delay before a hold's and an issue's answer. */
  delayMs: number;
  /** The harness's own settings, over the shared ones. */
  env: Record<string, string>;
  onLine?: LineHandler;
  verbose: boolean;
  /** The Juhe front in a second sandbox process of its own (default: one process serves both fronts). */
  juheSandbox?: boolean;
  /** Postgres server settings (e.g. `shared_preload_libraries=pg_stat_statements`). */
  pgSettings?: string[];
}) {
  const pg = await throwawayDatabase(o.tag, { database: `rail_${o.tag}`, settings: o.pgSettings });
  const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
  const [user] = await sql<{ id: string }[]>`
    insert into users (email, password_hash, display_name, role)
    values (${`${o.tag}@example.test`}, 'x', ${o.travellerName}, 'traveller') returning id`;

  // Notification emails (lib/notify) go to a mail catcher in this process: it outlives every kill.
  const mail = await startMailCatcher();
  const sandboxPort = await freePort();
  const portalPort = await freePort();
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const juhePort = o.juheSandbox ? await freePort() : sandboxPort;
  const juheSandboxUrl = `http://127.0.0.1:${juhePort}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: pg.url,
    SANDBOX_PORT: String(sandboxPort),
    PROVIDER_BASE_URL: sandboxUrl,
    JUHE_BASE_URL: `${juheSandboxUrl}/trainTickets`,
    PAYMENT_GATEWAY_URL: sandboxUrl,
    PORTAL_PUBLIC_URL: `http://127.0.0.1:${portalPort}`,
    SANDBOX_HOLD_DELAY_MS: String(o.delayMs),
    SANDBOX_ISSUE_DELAY_MS: String(o.delayMs),
    // Runs happen at any real hour: holds are not kept over 12306's night closure (sandbox/night.ts).
    SANDBOX_NIGHT_CLOSURE: 'off',
    PROVIDER_NIGHT_CLOSURE: 'off',
    SANDBOX_CALLBACK_BACKOFF_MS: '300',
    ORDER_SYNC_AFTER_MS: '3000',
    DB_POOL_MAX: '8',
    SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
    // A worker killed mid-send leaves its claim for this long before another takes it over.
    NOTIFY_LEASE_SECONDS: '5',
    // Throwaway keys for this run's throwaway database (lib/crypto/pii.ts).
    PII_ENCRYPTION_KEY: process.env.PII_ENCRYPTION_KEY || crypto.randomBytes(32).toString('base64url'),
    PII_HASH_KEY: process.env.PII_HASH_KEY || crypto.randomBytes(32).toString('base64url'),
    ...o.env,
  };
  Object.assign(process.env, childEnv);

  const alive = new Map<string, ChildProcess>();
  /** One process per service (node with tsx's loader, no wrapper), so a kill -9 hits the service itself. */
  function start(name: string, args: string[], env: Record<string, string> = {}): ChildProcess {
    // One process per name: a second would be left out of stopAll (and fight the first for its port).
    if (running(name)) throw new Error(`${name} is already running`);
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: { ...childEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (b: Buffer) => {
      for (const line of b.toString().split('\n'))
        if (!o.onLine?.(name, line) && line.trim() && o.verbose) console.log(`  ${name}| ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    alive.set(name, child);
    return child;
  }
  const sandboxScript = path.join(ROOT, 'sandbox', 'server.ts');
  /** The sandbox (with `juheSandbox`: the Panhe front's process only). */
  const startSandbox = async () => {
    start('sandbox', [sandboxScript], o.juheSandbox ? { SANDBOX_FRONTS: 'panhe' } : {});
    await waitHttp(`${sandboxUrl}/health`);
  };
  /** With `juheSandbox`: the Juhe front's own sandbox process (same database, its own port). */
  const startJuheSandbox = async () => {
    if (!o.juheSandbox) throw new Error('startJuheSandbox: the harness was started without juheSandbox');
    start('sandbox-juhe', [sandboxScript], { SANDBOX_FRONTS: 'juhe', SANDBOX_PORT: String(juhePort) });
    await waitHttp(`${juheSandboxUrl}/health`);
  };
  /** Sends one process `signal` (kill -9 with SIGKILL) and waits for it to exit. */
  async function stop(name: string, signal: NodeJS.Signals = 'SIGTERM') {
    const c = alive.get(name);
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  }
  const running = (name: string) => {
    const c = alive.get(name);
    return !!c && c.exitCode === null && c.signalCode === null;
  };
  /** The sandbox processes running now, the Panhe one first (both answer the control endpoint). */
  const liveSandboxUrls = () =>
    o.juheSandbox
      ? [...(running('sandbox') ? [sandboxUrl] : []), ...(running('sandbox-juhe') ? [juheSandboxUrl] : [])]
      : [sandboxUrl];
  const startWorker = (env: Record<string, string> = {}) =>
    start('worker', ['--conditions=react-server', path.join(ROOT, 'scripts', 'worker.ts')], env);
  /** Sends every process `signal` and waits for all of them to exit. */
  async function stopAll(signal: NodeJS.Signals = 'SIGTERM') {
    const all = [...alive.values()];
    const done = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
    for (const c of all) if (!done(c)) c.kill(signal);
    await Promise.all(all.map((c) => new Promise((r) => (done(c) ? r(null) : c.once('exit', r)))));
  }

  /**
   * The sandbox's control endpoint (faults, clock, injected money faults), on a sandbox process that is
   * running: every one serves it, and they share the state (the database; each re-reads the clock and
   * the faults about once a second). A process that does not answer (killed a moment ago) is skipped.
   */
  async function control<T = unknown>(method: string, p: string, body?: unknown, base?: string): Promise<T> {
    const urls = base ? [base] : liveSandboxUrls();
    let lastError: unknown = new Error(`control ${p}: no sandbox process running`);
    for (const url of urls) {
      let res: Response;
      try {
        res = await fetch(`${url}/sandbox/${p}`, {
          method,
          headers: { 'content-type': 'application/json', 'x-app-key': APP_KEY },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (e) {
        lastError = e;
        continue;
      }
      const json = (await res.json().catch(() => ({}))) as T & { msg?: string };
      if (!res.ok) throw new Error(`control ${p}: ${res.status} ${json.msg ?? ''}`);
      return json;
    }
    throw lastError;
  }
  /**
   * The same control call on every running sandbox process (fault settings: each process keeps a copy
   * it re-reads every second; patching each makes every copy right at once).
   */
  async function controlAll(method: string, p: string, body?: unknown): Promise<void> {
    for (const url of liveSandboxUrls()) await control(method, p, body, url);
  }

  /** G trains 北京南 → 上海 on `date` with more than 50 seats left of each of `seatTypes` (at most 12). */
  async function pickTrains(date: string, seatTypes: number[]): Promise<string[]> {
    const { createProviderClient } = await import('../../lib/provider/adapters/panhe/client');
    const client = createProviderClient({
      baseUrl: sandboxUrl,
      appKey: APP_KEY,
      secretKey: 'sandbox-secret-key-0123456789abcdef',
    });
    const found = await client.search({ fromStation: '北京南', toStation: '上海', fromDate: date });
    const codes = (found.trainLines ?? [])
      .filter((l) => l.trainCode.startsWith('G') && l.fromStation === '北京南' && l.toStation === '上海')
      .filter((l) => seatTypes.every((st) => l.Seats.some((x) => x.seatType === st && x.leftTicketNum > 50)))
      .map((l) => l.trainCode)
      .slice(0, 12);
    if (!codes.length) throw new Error('no G train 北京南 → 上海 with seats');
    return codes;
  }

  /** An agency whose owner is a new agent account, with one customer (through the agency service). */
  async function agencyWithCustomer(a: { email: string; displayName: string; agencyName: string; customer: string }) {
    const { createAgency, createCustomer } = await import('../../lib/agency/service');
    const { membershipOf } = await import('../../lib/agency/access');
    const [row] = await sql<{ id: string }[]>`
      insert into users (email, password_hash, display_name, role)
      values (${a.email}, 'x', ${a.displayName}, 'agent') returning id`;
    const { agencyId } = await createAgency(a.agencyName, a.email);
    const membership = (await membershipOf(row!.id))!;
    const staff = { id: row!.id, email: a.email, name: a.displayName, role: 'agent' as const };
    const { id: customerId } = await createCustomer(membership, staff, { name: a.customer, mobile: '13900139000' });
    return { agencyId, membership, staff, customerId };
  }

  /** Stops the processes, then the database. */
  async function dispose() {
    await stopAll();
    await mail.stop();
    await sql.end();
    await pg.dispose();
  }

  return {
    pg,
    sql,
    mail,
    userId: user!.id,
    sandboxUrl,
    juheSandboxUrl,
    portalPort,
    childEnv,
    alive,
    start,
    startSandbox,
    startJuheSandbox,
    startWorker,
    stop,
    stopAll,
    running,
    control,
    controlAll,
    pickTrains,
    agencyWithCustomer,
    dispose,
  };
}

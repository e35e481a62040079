/**
 * The whole environment of the portal and its job worker, validated by one schema: every variable of
 * README.md's configuration table is here (the sandbox, its own process, has its own in sandbox/env.ts).
 * The start scripts parse it before anything starts and stop with one line per bad variable; code reads
 * the typed `env()`, never `process.env`. Defaults are those of a local installation (embedded
 * Postgres, embedded sandbox provider); scripts/start.ts fills in DATABASE_URL, NEXTAUTH_SECRET and the
 * PII keys before the portal starts, so inside the portal they are always set.
 *
 * Relative imports only: the start scripts load this file through tsx, outside Next's bundler.
 */
import { z } from 'zod';
import { dbEnvSchema, dbSettingsFromEnv } from '../db/env';
import { parseTrustedProxies } from './auth/client-address';
import { parseKey } from './crypto/key';
import { DEFAULT_PAYMENT_SECRET_KEY, DEFAULT_PAYMENT_TIMEOUT_MS } from './payments/config';
import { DEFAULT_PROVIDER_TIMEOUT_MS as DEFAULT_TIMEOUT_MS, PROVIDER_IDS } from './provider/port';
import {
  DEFAULT_COURIER_SECRET_KEY,
  DEFAULT_JUHE_KEY,
  DEFAULT_PROVIDER_APP_KEY,
  DEFAULT_PROVIDER_SECRET_KEY,
} from '../protocol/defaults';

/** The sandbox's own 12306 account; a real provider refuses it, and so does a production start. */
export const SANDBOX_TRAIN_ACCOUNT = 'sandbox';
export const SANDBOX_TRAIN_PASSWORD = 'sandbox123';
export const SANDBOX_PAYMENT_GATEWAY = 'sandbox';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'], { error: 'must be 1/0, true/false or yes/no' })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** A whole number in [min, max], with a message that says so. */
function whole(min: number, max?: number) {
  const error = `must be a whole number ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}`;
  const n = z.coerce.number({ error }).int({ error }).min(min, { error });
  return max === undefined ? n : n.max(max, { error });
}

/** A number (fractions allowed) of at least min. */
function atLeast(min: number) {
  const error = `must be a number of at least ${min}`;
  return z.coerce.number({ error }).min(min, { error });
}

const port = whole(1, 65_535);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** A 32-byte key (lib/crypto/key.ts); the message is parseKey's. */
const key = (name: string) =>
  z.string().superRefine((v, ctx) => {
    for (const part of name === 'PII_ENCRYPTION_OLD_KEYS' ? v.split(',').filter((k) => k.trim()) : [v]) {
      try {
        parseKey(part, name);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(`${name} `, '') });
        return;
      }
    }
  });

const schema = dbEnvSchema.extend({
  // The database (DATABASE_URL, DB_POOL_MAX) comes from db/env.ts; the embedded one:
  PORTAL_DATA_DIR: z.string().optional(),
  EMBEDDED_PG_PORT: port.default(54329),

  NEXTAUTH_SECRET: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  /** Bearer token for /api/metrics from another host (the loopback needs none); `npm start` generates one. */
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  /** The worker's own metrics server on 127.0.0.1 (lib/obs/serve.ts); 0 turns it off. */
  WORKER_METRICS_PORT: whole(0, 65535).default(9465),
  NEXTAUTH_URL: httpUrl.optional(),
  PORT: port.default(3000),
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { error: 'must be development, production or test' })
    .default('development'),

  PII_ENCRYPTION_KEY: key('PII_ENCRYPTION_KEY').optional(),
  PII_ENCRYPTION_OLD_KEYS: key('PII_ENCRYPTION_OLD_KEYS').optional(),
  PII_HASH_KEY: key('PII_HASH_KEY').optional(),

  PROVIDER_BASE_URL: httpUrl.optional(),
  PROVIDER_APP_KEY: z.string().optional(),
  PROVIDER_SECRET_KEY: z.string().optional(),
  PROVIDER_TIMEOUT_MS: whole(1, 120_000).default(DEFAULT_TIMEOUT_MS),
  PROVIDER_TRAIN_ACCOUNT: z.string().default(SANDBOX_TRAIN_ACCOUNT),
  PROVIDER_TRAIN_PASSWORD: z.string().default(SANDBOX_TRAIN_PASSWORD),
  /**
   * The distributors the portal uses, in order of preference (comma-separated lib/provider ids):
   * searches go to the first in rotation, failing over to the next.
   */
  PROVIDERS: z
    .string()
    .default('panhe,juhe')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.enum(PROVIDER_IDS, { error: `must be a comma-separated list of ${PROVIDER_IDS.join(', ')}` }))
        .min(1, { error: 'must name at least one provider' }),
    ),
  /** Juhe 火车订票 (data id 173): base URL (…/trainTickets) and APPKEY; default the sandbox's Juhe front. */
  JUHE_BASE_URL: httpUrl.optional(),
  JUHE_APP_KEY: z.string().optional(),
  JUHE_TIMEOUT_MS: whole(1, 120_000).default(DEFAULT_TIMEOUT_MS),
  /**
   * The payment window applied to a Juhe hold (its answers carry no deadline). Unset: the current 12306
   * rule of lib/domain/rules.ts (10 min, 2 when the train leaves within 30 min). 217302 from pay stays
   * the authoritative lapse.
   */
  JUHE_PAY_WINDOW_MINUTES: whole(1, 120).optional(),
  /** Resilience per provider call: circuit opens after this many consecutive failures, for this long. */
  PROVIDER_CIRCUIT_FAILURES: whole(1, 1000).default(5),
  PROVIDER_CIRCUIT_HALF_OPEN_MS: whole(100, 3_600_000).default(30_000),
  /** Concurrent calls per provider and how many may wait for a slot (bulkhead). */
  PROVIDER_MAX_CONCURRENT: whole(1, 1000).default(16),
  PROVIDER_MAX_QUEUED: whole(0, 10_000).default(64),
  /** How long the provider_calls health samples are kept. */
  PROVIDER_CALLS_KEEP_HOURS: whole(1, 24 * 30).default(24),
  /** The portal's public base URL for provider callbacks (default NEXTAUTH_URL). */
  PORTAL_PUBLIC_URL: httpUrl.optional(),
  /** Where the sandbox the start script runs listens (when PROVIDER_BASE_URL is unset). */
  SANDBOX_PORT: port.default(3001),

  /** Free text here: any name but the sandbox is a production signal; lib/payments knows which it can use. */
  PAYMENT_GATEWAY: z.string().default(SANDBOX_PAYMENT_GATEWAY),
  PAYMENT_GATEWAY_URL: httpUrl.optional(),
  PAYMENT_MERCHANT_ID: z
    .string()
    .trim()
    .min(1, { error: 'must be 1 to 64 characters' })
    .max(64, { error: 'must be 1 to 64 characters' })
    .optional(),
  PAYMENT_SECRET_KEY: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  PAYMENT_TIMEOUT_MS: whole(1, 120_000).default(DEFAULT_PAYMENT_TIMEOUT_MS),
  /** 送票 courier (lib/courier): base URL (default the courier sandbox in the provider sandbox process) and partner keys. */
  COURIER_BASE_URL: httpUrl.optional(),
  COURIER_PARTNER_ID: z.string().trim().min(1).max(64).optional(),
  COURIER_SECRET_KEY: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),

  SEARCH_CACHE_TTL_MS: whole(0).default(20_000),
  ORDER_SYNC_AFTER_MS: whole(1).default(8000),
  GRAB_SEARCH_INTERVAL_MS: whole(1).default(20_000),
  /** The timetable index's crawl (lib/transfers/crawl.ts): the least gap between two of its provider calls. */
  TIMETABLE_CALL_GAP_MS: whole(0).default(100),
  /** Stops fetched per run of the index job (every 10 minutes and at worker start). */
  TIMETABLE_STOPS_PER_RUN: whole(0).default(2000),
  GRAB_RETRY_SKIP_SECONDS: atLeast(0).default(120),
  WORKER_CONCURRENCY: whole(1, 100).default(4),
  /** pg-boss polls no more often than every 0.5 s. */
  WORKER_POLL_SECONDS: atLeast(0.5).default(0.5),
  WORKER_NOTIFY_POLL_SECONDS: atLeast(0.05).default(0.25),

  RECON_REFUND_MISSING_HOURS: atLeast(0).default(24),
  RECON_LOOKBACK_DAYS: atLeast(0).default(45),
  RECON_STATEMENT: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  RECON_PROFILE: flag.default(false),

  /**
   * Whether the providers keep holds over 12306's 23:00–06:00 closure (FAQ §3; lib/orders/night.ts).
   * `off` only for a stack whose sandbox runs SANDBOX_NIGHT_CLOSURE=off; production refuses it.
   */
  PROVIDER_NIGHT_CLOSURE: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),

  /** Declares a production installation outright (production is also inferred: productionSignals). */
  PORTAL_PRODUCTION: flag.default(false),
  /** Seed the demo accounts into an external DATABASE_URL too (the embedded database always gets them). */
  SEED_DEMO: flag.default(false),
  /** How long five wrong passwords in a row lock an account. */
  LOGIN_LOCK_MINUTES: whole(1, 24 * 60).default(15),
  /** Failed sign-ins one address may make per 15 minutes before it is refused for 15 minutes. */
  SIGNIN_IP_LIMIT: whole(1).default(30),
  /** Sign-ups one address may submit per hour. */
  SIGNUP_IP_LIMIT: whole(1).default(10),
  /**
   * Reverse proxies in front of the portal whose X-Forwarded-For entries are believed: addresses or
   * CIDR ranges, comma-separated, or `loopback`. Unset: the socket address decides (client-address.ts).
   */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseTrustedProxies(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  /** Refused provider callbacks / payment notifications (bad sign, malformed, too large) per address per minute. */
  CALLBACK_REFUSED_IP_LIMIT: whole(1).default(30),
  /**
   * Signed provider callbacks, payment notifications and courier webhooks per subject (one provider
   * order, payment, shipment) per minute (lib/signed-notify-limit.ts): a replayed notification's flood.
   */
  SIGNED_NOTIFY_SUBJECT_LIMIT: whole(1).default(30),
  /** Refused callbacks the callback log keeps at most (the worker prunes the oldest every minute). */
  CALLBACK_LOG_REFUSED_MAX: whole(100).default(10_000),
  /** Days a refused callback stays in the log. */
  CALLBACK_LOG_REFUSED_DAYS: whole(1).default(7),
  /** 12306 logins and codes relayed to the provider per traveller, and per 12306 username, per hour. */
  TRAIN_LOGIN_LIMIT: whole(1).default(10),
  /** Requests to the 15-day calendar (/api/search/calendar, one a day shown) one address may make per minute. */
  CALENDAR_IP_LIMIT: whole(1).default(300),

  /**
   * Notifications (lib/notify). SMTP_URL: the mail server (smtp://user:pass@host:587, smtps://… for
   * TLS); unset: the local mail catcher `npm start` runs (MAIL_CATCHER_SMTP_PORT, its web page and API on
   * MAIL_CATCHER_HTTP_PORT). Production refuses the catcher.
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().default('铁路购票 <no-reply@rail-portal.localhost>'),
  MAIL_CATCHER_SMTP_PORT: port.default(1025),
  MAIL_CATCHER_HTTP_PORT: port.default(1080),
  /** Web push (VAPID): generated once into the data folder by the start script unless set here. */
  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  VAPID_SUBJECT: z.string().default('mailto:admin@rail-portal.localhost'),
  /** How long a claimed notification is another worker's before it may be taken over (claim-then-send). */
  NOTIFY_LEASE_SECONDS: whole(1, 3600).default(60),

  /** Failpoints of the chaos run and the integration tests (lib/failpoint.ts): `name:k[,name:k…]`. */
  CHAOS_FAILPOINT: z
    .string()
    .regex(/^\s*[a-z-]+(:\d+)?\s*(,\s*[a-z-]+(:\d+)?\s*)*$/, { error: 'must be name:k[,name:k…]' })
    .optional(),
  CHAOS_FAILPOINT_ACTION: z.enum(['hang', 'throw'], { error: 'must be hang or throw' }).default('hang'),

  // Read by the test tooling only (tests/global-setup.ts, playwright.config.ts), listed so the README
  // table has one schema.
  TEST_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  CHROMIUM_PATH: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

/** Every variable the schema knows, in the schema's order. */
export const ENV_NAMES = Object.keys(schema.shape) as (keyof Env)[];

/** A bad environment: one line per bad variable, naming it. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment (see "Configuration" in README.md):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses an environment without caching (tests, and the start scripts before they spawn Next). */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set": test runners and shells pass `X=` to clear an inherited value.
  // Only the schema's own variables are read: the rest of the environment is none of its business.
  const set = Object.fromEntries(ENV_NAMES.flatMap((n) => (source[n] ? [[n, source[n]]] : [])));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}

let cached: { key: string; env: Env } | undefined;

/**
 * The typed environment of this process. Parsed again only when one of its variables changed: the
 * start script fills in the PII keys after its first read, and integration tests point the provider
 * at their own sandbox after the modules are loaded.
 */
export function env(): Env {
  const key = ENV_NAMES.map((n) => process.env[n] ?? '').join('\0');
  if (cached?.key !== key) cached = { key, env: parseEnv(process.env) };
  return cached.env;
}

/**
 * Parses the environment at a process's start; on a bad one prints every bad variable and exits 1
 * (the portal's start script, its server and the job worker).
 */
export function envAtStart(who: string): Env {
  try {
    return env();
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    // Not the logger (lib/obs/logger.ts): the configuration it would read is what was refused, its
    // JSON goes to stdout at a level LOG_LEVEL may silence, and lib/env stays free of its imports (the
    // scripts and tests load it first). A refusal to start is said plainly on stderr.
    console.error(`[${who}] refusing to start: ${err.message}`);
    process.exit(1);
  }
}

/** DATABASE_URL, which inside the portal is always set (throws saying how to set it otherwise). */
export function requireDatabaseUrl(): string {
  return dbSettingsFromEnv().url;
}

function isLoopbackHost(host: string): boolean {
  return (
    ['localhost', '[::1]', '::1'].includes(host) || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

const hostOf = (url: string) => new URL(url).hostname;

/**
 * A provider that is not the sandbox: PROVIDER_BASE_URL set to a non-loopback host. The start script
 * points PROVIDER_BASE_URL at the sandbox it starts on localhost, so that case stays a local install.
 */
export function usesRealProvider(e: Env): boolean {
  return e.PROVIDER_BASE_URL !== undefined && !isLoopbackHost(hostOf(e.PROVIDER_BASE_URL));
}

/**
 * Why this configuration is a production installation, one line per reason (empty: a local one).
 * Decided by what is configured, not by NODE_ENV (which `npm start` does not set and `next start`
 * sets everywhere): the explicit PORTAL_PRODUCTION flag, a real provider (URL, issued keys or a real
 * 12306 account), a real payment gateway or merchant key, or a public URL that is not loopback.
 */
export function productionSignals(e: Env): string[] {
  const signals: string[] = [];
  if (e.PORTAL_PRODUCTION) signals.push('PORTAL_PRODUCTION is on');
  if (usesRealProvider(e)) signals.push(`PROVIDER_BASE_URL is a real provider (${hostOf(e.PROVIDER_BASE_URL!)})`);
  if (e.PROVIDER_APP_KEY && e.PROVIDER_APP_KEY !== DEFAULT_PROVIDER_APP_KEY) {
    signals.push('PROVIDER_APP_KEY is an issued appKey');
  }
  if (e.PROVIDER_SECRET_KEY && e.PROVIDER_SECRET_KEY !== DEFAULT_PROVIDER_SECRET_KEY) {
    signals.push('PROVIDER_SECRET_KEY is an issued secret');
  }
  if (e.PROVIDER_TRAIN_ACCOUNT !== SANDBOX_TRAIN_ACCOUNT)
    signals.push('PROVIDER_TRAIN_ACCOUNT is a real 12306 account');
  if (e.JUHE_BASE_URL && !isLoopbackHost(hostOf(e.JUHE_BASE_URL)))
    signals.push(`JUHE_BASE_URL is a real provider (${hostOf(e.JUHE_BASE_URL)})`);
  if (e.JUHE_APP_KEY && e.JUHE_APP_KEY !== DEFAULT_JUHE_KEY) signals.push('JUHE_APP_KEY is an issued key');
  if (e.PAYMENT_GATEWAY !== SANDBOX_PAYMENT_GATEWAY) signals.push(`PAYMENT_GATEWAY is "${e.PAYMENT_GATEWAY}"`);
  if (e.PAYMENT_SECRET_KEY && e.PAYMENT_SECRET_KEY !== DEFAULT_PAYMENT_SECRET_KEY) {
    signals.push('PAYMENT_SECRET_KEY is a merchant key');
  }
  for (const name of ['NEXTAUTH_URL', 'PORTAL_PUBLIC_URL'] as const) {
    const url = e[name];
    if (url && !isLoopbackHost(hostOf(url))) signals.push(`${name} is a public address (${hostOf(url)})`);
  }
  return signals;
}

export function isProduction(e: Env): boolean {
  return productionSignals(e).length > 0;
}

/** What makes this environment unsafe for production, one line per problem (empty when safe or local). */
export function productionSafetyProblems(e: Env): string[] {
  if (!isProduction(e)) return [];
  const problems: string[] = [];
  const uses = (id: string) => (e.PROVIDERS as readonly string[]).includes(id);
  if (uses('panhe')) problems.push(...panheProblems(e));
  if (uses('juhe')) {
    if (!e.JUHE_BASE_URL || isLoopbackHost(hostOf(e.JUHE_BASE_URL)))
      problems.push(
        "JUHE_BASE_URL is unset or a local address: production would book juhe orders against the sandbox's Juhe front. Set http://op.juhe.cn/trainTickets (or leave juhe out of PROVIDERS).",
      );
    if (!e.JUHE_APP_KEY || e.JUHE_APP_KEY === DEFAULT_JUHE_KEY)
      problems.push(
        'JUHE_APP_KEY is unset or the public sandbox key: anyone could forge juhe callbacks. Set the APPKEY Juhe issued.',
      );
  }
  problems.push(...commonProblems(e));
  return problems;
}

/** The panhe provider's settings that must not be the sandbox's in production. */
function panheProblems(e: Env): string[] {
  const problems: string[] = [];
  if (!usesRealProvider(e)) {
    problems.push(
      "PROVIDER_BASE_URL is unset or a local address: production would book against the provider sandbox. Set your provider's base URL.",
    );
  }
  if (!e.PROVIDER_APP_KEY || e.PROVIDER_APP_KEY === DEFAULT_PROVIDER_APP_KEY) {
    problems.push('PROVIDER_APP_KEY is unset or the public sandbox appKey: set the appKey your provider issued.');
  }
  if (!e.PROVIDER_SECRET_KEY || e.PROVIDER_SECRET_KEY === DEFAULT_PROVIDER_SECRET_KEY) {
    problems.push(
      'PROVIDER_SECRET_KEY is unset or the public sandbox secret: anyone could forge provider callbacks. Set the secret your provider issued.',
    );
  }
  if (e.PROVIDER_TRAIN_ACCOUNT === SANDBOX_TRAIN_ACCOUNT || e.PROVIDER_TRAIN_PASSWORD === SANDBOX_TRAIN_PASSWORD) {
    problems.push('PROVIDER_TRAIN_ACCOUNT / PROVIDER_TRAIN_PASSWORD are the sandbox 12306 account: set a real one.');
  }
  return problems;
}

/** The payment, address and demo settings every production installation needs. */
function commonProblems(e: Env): string[] {
  const problems: string[] = [];
  if (e.PAYMENT_GATEWAY === SANDBOX_PAYMENT_GATEWAY) {
    problems.push(
      'PAYMENT_GATEWAY is unset or "sandbox": the sandbox cashier lets anyone mark an order paid. Configure a real payment gateway.',
    );
  }
  if (!e.PAYMENT_SECRET_KEY || e.PAYMENT_SECRET_KEY === DEFAULT_PAYMENT_SECRET_KEY) {
    problems.push('PAYMENT_SECRET_KEY is unset or the public sandbox value: set the key of your payment gateway.');
  }
  if (!e.COURIER_SECRET_KEY || e.COURIER_SECRET_KEY === DEFAULT_COURIER_SECRET_KEY) {
    problems.push(
      'COURIER_SECRET_KEY is unset or the public courier sandbox value: anyone could forge 送票 webhooks. Set the key your courier issued.',
    );
  }
  if (!e.COURIER_BASE_URL || isLoopbackHost(hostOf(e.COURIER_BASE_URL))) {
    problems.push(
      "COURIER_BASE_URL is unset or a local address: production would send 送票 parcels to the courier sandbox. Set your courier's API URL.",
    );
  }
  if (!e.NEXTAUTH_URL?.startsWith('https://')) {
    problems.push(
      "NEXTAUTH_URL is unset or not https: set the portal's public https URL (session cookies are then Secure).",
    );
  }
  if (e.PROVIDER_NIGHT_CLOSURE === 'off') {
    problems.push(
      "PROVIDER_NIGHT_CLOSURE is off: real providers keep holds over 12306's night closure (23:00–06:00), and orders submitted then would be given up too early. Remove it.",
    );
  }
  if (!e.SMTP_URL || isLoopbackHost(new URL(e.SMTP_URL).hostname)) {
    problems.push(
      'SMTP_URL is unset or a local address: notification emails would go to the local mail catcher, not to travellers. Set your mail server (smtp://user:password@host:587).',
    );
  }
  if (e.SEED_DEMO) {
    problems.push('SEED_DEMO is on: demo accounts with published passwords (an admin among them) would be created.');
  }
  return problems;
}

export class ProductionSafetyError extends Error {
  constructor(
    readonly problems: string[],
    readonly signals: string[] = [],
  ) {
    super(
      [
        `Refusing to start: this is a production configuration (${signals.join('; ')}), but:`,
        ...problems.map((p) => `  - ${p}`),
        'Change each of these, or, for a local installation, remove what makes it production.',
        'See "What production needs" in README.md.',
      ].join('\n'),
    );
    this.name = 'ProductionSafetyError';
  }
}

/** Demo accounts present in the database (by their published emails). A database without tables has none. */
export async function demoAccountsIn(databaseUrl: string): Promise<string[]> {
  const [{ default: postgres }, { DEMO_ACCOUNTS }] = await Promise.all([import('postgres'), import('../db/seed')]);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [t] = await sql<{ exists: boolean }[]>`select to_regclass('public.users') is not null as exists`;
    if (!t?.exists) return [];
    const rows = await sql<{ email: string }[]>`
      select email from users where email in ${sql(DEMO_ACCOUNTS.map((a) => a.email))} order by email`;
    return rows.map((r) => r.email);
  } finally {
    await sql.end();
  }
}

/**
 * The one production gate, called by the portal's start script and by the job worker before they do
 * anything: throws ProductionSafetyError (its message says why this is production and lists every
 * problem) when production would run on the sandbox provider or its public secrets, the sandbox
 * payment gateway, a non-https public URL or demo accounts.
 */
export async function assertProductionSafe(
  opts: { source?: Record<string, string | undefined>; databaseUrl?: string } = {},
): Promise<void> {
  const e = parseEnv(opts.source ?? process.env);
  const problems = productionSafetyProblems(e);
  const databaseUrl = opts.databaseUrl ?? e.DATABASE_URL;
  if (isProduction(e) && databaseUrl) {
    const demo = await demoAccountsIn(databaseUrl);
    if (demo.length) {
      problems.push(
        `the database holds demo accounts with published passwords (${demo.join(', ')}): delete them first.`,
      );
    }
  }
  if (problems.length) throw new ProductionSafetyError(problems, productionSignals(e));
}

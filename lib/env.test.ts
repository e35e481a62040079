import { describe, expect, it } from 'vitest';
import { DEFAULT_COURIER_SECRET_KEY } from '../protocol/defaults';
import { DEFAULT_PAYMENT_SECRET_KEY } from './payments/config';
import { DEFAULT_PROVIDER_SECRET_KEY } from '@/protocol/defaults';
import {
  ENV_NAMES,
  env,
  EnvError,
  isProduction,
  parseEnv,
  productionSafetyProblems,
  productionSignals,
  usesRealProvider,
} from './env';
import { ISSUED_SETTINGS, SANDBOX_DEFAULTS_TO_REPLACE } from './env.test-helper';

const SAFE = { NODE_ENV: 'production', ...ISSUED_SETTINGS };

describe('productionSafetyProblems', () => {
  it('is empty for a production configuration with issued secrets', () => {
    expect(productionSafetyProblems(parseEnv(SAFE))).toEqual([]);
  });

  it('lists every sandbox default when production points at a real provider', () => {
    const problems = productionSafetyProblems(
      parseEnv({ NODE_ENV: 'production', PROVIDER_BASE_URL: 'https://train.provider.example' }),
    );
    const named = SANDBOX_DEFAULTS_TO_REPLACE;
    for (const n of named) expect(problems.join('\n')).toContain(n);
    expect(problems).toHaveLength(named.length);
  });

  it("checks only the configured providers' settings", () => {
    const { JUHE_BASE_URL: _u, JUHE_APP_KEY: _k, ...panheOnly } = SAFE;
    expect(productionSafetyProblems(parseEnv({ ...panheOnly, PROVIDERS: 'panhe' }))).toEqual([]);
    expect(productionSafetyProblems(parseEnv(panheOnly)).map((p) => p.split(' ')[0])).toEqual([
      'JUHE_BASE_URL',
      'JUHE_APP_KEY',
    ]);
    const juheOnly = Object.fromEntries(Object.entries(SAFE).filter(([k]) => !k.startsWith('PROVIDER_')));
    expect(productionSafetyProblems(parseEnv({ ...juheOnly, PROVIDERS: 'juhe' }))).toEqual([]);
    expect(
      productionSafetyProblems(parseEnv({ ...SAFE, JUHE_BASE_URL: 'http://localhost:3001/trainTickets' })),
    ).toHaveLength(1);
    expect(() => parseEnv({ PROVIDERS: 'panhe,12306' })).toThrow(/PROVIDERS/);
  });

  it('refuses the public sandbox values given explicitly, and SEED_DEMO', () => {
    const problems = productionSafetyProblems(
      parseEnv({
        ...SAFE,
        PROVIDER_SECRET_KEY: DEFAULT_PROVIDER_SECRET_KEY,
        PROVIDER_TRAIN_PASSWORD: 'sandbox123',
        PAYMENT_GATEWAY: 'sandbox',
        PAYMENT_SECRET_KEY: DEFAULT_PAYMENT_SECRET_KEY,
        COURIER_SECRET_KEY: DEFAULT_COURIER_SECRET_KEY,
        SEED_DEMO: '1',
        PROVIDER_NIGHT_CLOSURE: 'off',
      }),
    );
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'PROVIDER_SECRET_KEY',
      'PROVIDER_TRAIN_ACCOUNT',
      'PAYMENT_GATEWAY',
      'PAYMENT_SECRET_KEY',
      'COURIER_SECRET_KEY',
      'PROVIDER_NIGHT_CLOSURE',
      'SEED_DEMO',
    ]);
    expect(productionSafetyProblems(parseEnv({ ...SAFE, PROVIDER_NIGHT_CLOSURE: 'on' }))).toEqual([]);
  });

  it('refuses the local mail catcher in production (issue 28): SMTP_URL unset or on this machine', () => {
    const { SMTP_URL: _s, ...noSmtp } = SAFE;
    expect(productionSafetyProblems(parseEnv(noSmtp)).map((p) => p.split(' ')[0])).toEqual(['SMTP_URL']);
    expect(
      productionSafetyProblems(parseEnv({ ...SAFE, SMTP_URL: 'smtp://127.0.0.1:1025' })).map((p) => p.split(' ')[0]),
    ).toEqual(['SMTP_URL']);
    expect(productionSafetyProblems(parseEnv({ ...SAFE, SMTP_URL: 'smtps://u:p@mail.example.com:465' }))).toEqual([]);
    // A local installation uses the catcher without complaint.
    expect(productionSafetyProblems(parseEnv({}))).toEqual([]);
    expect(() => parseEnv({ SMTP_URL: 'http://mail.example.com' })).toThrow(/SMTP_URL/);
  });

  it('does not need NODE_ENV: `npm start` with a real provider URL is production (issue 23 #4)', () => {
    const problems = productionSafetyProblems(parseEnv({ PROVIDER_BASE_URL: 'https://train.provider.example' }));
    expect(problems.length).toBeGreaterThanOrEqual(6);
    expect(problems.join('\n')).toContain('PROVIDER_SECRET_KEY');
    const { NODE_ENV: _, ...noNodeEnv } = SAFE;
    expect(productionSafetyProblems(parseEnv({ ...noNodeEnv, NODE_ENV: 'development' }))).toEqual([]);
    expect(productionSafetyProblems(parseEnv({ ...noNodeEnv, PAYMENT_GATEWAY: 'sandbox' }))).toHaveLength(1);
  });

  it.each([
    [{ PORTAL_PRODUCTION: '1' }, 'PORTAL_PRODUCTION'],
    [{ PROVIDER_APP_KEY: 'issued-app-key' }, 'PROVIDER_APP_KEY'],
    [{ PROVIDER_SECRET_KEY: 'issued-secret' }, 'PROVIDER_SECRET_KEY'],
    [{ PROVIDER_TRAIN_ACCOUNT: 'real-account' }, 'PROVIDER_TRAIN_ACCOUNT'],
    [{ PAYMENT_GATEWAY: 'alipay' }, 'PAYMENT_GATEWAY'],
    [{ PAYMENT_SECRET_KEY: 'merchant-key-0123456789' }, 'PAYMENT_SECRET_KEY'],
    [{ NEXTAUTH_URL: 'https://tickets.example.com' }, 'NEXTAUTH_URL'],
    [{ PORTAL_PUBLIC_URL: 'http://203.0.113.5:3000' }, 'PORTAL_PUBLIC_URL'],
  ])('takes %j alone as production, with the sandbox provider among the problems', (source, signal) => {
    const e = parseEnv(source);
    expect(isProduction(e)).toBe(true);
    expect(productionSignals(e).join('\n')).toContain(signal);
    expect(productionSafetyProblems(e).join('\n')).toContain('PROVIDER_BASE_URL is unset or a local address');
  });

  it('leaves a local installation alone: sandbox defaults and loopback URLs, whatever NODE_ENV says', () => {
    expect(productionSafetyProblems(parseEnv({}))).toEqual([]);
    expect(productionSafetyProblems(parseEnv({ NODE_ENV: 'production' }))).toEqual([]);
    expect(
      productionSafetyProblems(
        parseEnv({
          NODE_ENV: 'production',
          PROVIDER_BASE_URL: 'http://localhost:3001',
          NEXTAUTH_URL: 'http://localhost:3100',
          PORTAL_PUBLIC_URL: 'http://127.0.0.1:3100',
          PROVIDER_APP_KEY: 'sandbox-app-key',
          PORTAL_PRODUCTION: '0',
        }),
      ),
    ).toEqual([]);
  });
});

describe('parseEnv', () => {
  it('treats empty variables as unset and applies defaults', () => {
    const e = parseEnv({ DATABASE_URL: '', SEED_DEMO: '', LOGIN_LOCK_MINUTES: '' });
    expect([e.DATABASE_URL, e.SEED_DEMO, e.LOGIN_LOCK_MINUTES, e.PAYMENT_GATEWAY]).toEqual([
      undefined,
      false,
      15,
      'sandbox',
    ]);
  });

  it('names the bad variable', () => {
    expect(() => parseEnv({ LOGIN_LOCK_MINUTES: 'soon' })).toThrow(/LOGIN_LOCK_MINUTES/);
    expect(() => parseEnv({ SEED_DEMO: 'maybe' })).toThrow(/SEED_DEMO/);
  });

  const KEY = Buffer.alloc(32, 7).toString('base64url');

  // One bad value of each kind, with the line the start prints for it.
  it.each([
    ['DATABASE_URL', 'mysql://db/portal', 'must be a postgres:// URL'],
    ['DB_POOL_MAX', '0', 'must be a whole number from 1 to 1000'],
    ['PORT', '70000', 'must be a whole number from 1 to 65535'],
    ['EMBEDDED_PG_PORT', 'auto', 'must be a whole number from 1 to 65535'],
    ['WORKER_CONCURRENCY', '2.5', 'must be a whole number from 1 to 100'],
    ['SIGNIN_IP_LIMIT', '0', 'must be a whole number of at least 1'],
    ['WORKER_POLL_SECONDS', 'fast', 'must be a number of at least 0.5'],
    ['WORKER_NOTIFY_POLL_SECONDS', '0', 'must be a number of at least 0.05'],
    ['RECON_LOOKBACK_DAYS', '-1', 'must be a number of at least 0'],
    ['NEXTAUTH_URL', 'tickets.example.com', 'must be an http(s) URL'],
    ['PROVIDER_BASE_URL', 'ftp://provider.example', 'must be an http(s) URL'],
    ['NEXTAUTH_SECRET', 'short', 'must be at least 16 characters'],
    ['PAYMENT_SECRET_KEY', 'short', 'must be at least 16 characters'],
    ['PAYMENT_MERCHANT_ID', '   ', 'must be 1 to 64 characters'],
    ['NODE_ENV', 'staging', 'must be development, production or test'],
    ['PORTAL_PRODUCTION', 'maybe', 'must be 1/0, true/false or yes/no'],
    ['RECON_STATEMENT', 'no', 'must be on or off'],
    ['PROVIDER_NIGHT_CLOSURE', 'yes', 'must be on or off'],
    ['CHAOS_FAILPOINT_ACTION', 'crash', 'must be hang or throw'],
    ['CHAOS_FAILPOINT', 'confirm-sent 2', 'must be name:k[,name:k…]'],
    ['PII_ENCRYPTION_KEY', 'short', 'must be 32 bytes (base64 or hex)'],
    ['PII_ENCRYPTION_OLD_KEYS', `${KEY},short`, 'must be 32 bytes (base64 or hex)'],
    ['TRUSTED_PROXIES', '10.0.0.0/8,nope', '"nope" is not an IP address or CIDR range'],
  ])('refuses %s=%j: "%s"', (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(`\n  ${name}: ${message}`);
  });

  it('lists every bad variable at once, one line each, and nothing else', () => {
    let err: unknown;
    try {
      parseEnv({ PORT: 'x', SEED_DEMO: 'maybe', PII_HASH_KEY: 'short', PROVIDER_APP_KEY: 'fine' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvError);
    expect((err as EnvError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'PII_HASH_KEY', 'SEED_DEMO']);
  });

  it('accepts good values of each kind', () => {
    const e = parseEnv({
      DATABASE_URL: 'postgresql://u:p@db:5432/portal',
      PORT: '8080',
      WORKER_NOTIFY_POLL_SECONDS: '0.1',
      PII_ENCRYPTION_KEY: KEY,
      PII_ENCRYPTION_OLD_KEYS: ` ${Buffer.alloc(32, 1).toString('hex')} ,`,
      CHAOS_FAILPOINT: 'confirm-sent:2, payment-notify',
      RECON_PROFILE: 'yes',
    });
    expect([e.PORT, e.WORKER_NOTIFY_POLL_SECONDS, e.RECON_PROFILE, e.CHAOS_FAILPOINT_ACTION]).toEqual([
      8080,
      0.1,
      true,
      'hang',
    ]);
  });

  it('covers every variable of the README configuration table, and only those', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const table = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('### ', readme.indexOf('## Configuration')),
    );
    const rows = table.split('\n').filter((l) => l.startsWith('| `'));
    const documented = rows.flatMap((l) => [...l.split('|')[1]!.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!));
    // The sandbox's own variables are validated by its own schema (sandbox/env.ts), in its process.
    const sandboxOwn = /^(SANDBOX_(?!PORT$)\w+|RAILWAY_DATA_DIR)$/;
    expect(documented.filter((n) => !sandboxOwn.test(n)).sort()).toEqual([...ENV_NAMES].sort());
  });

  it('env() follows changes of process.env (the start fills in keys; tests point at their sandbox)', () => {
    const saved = process.env.SEARCH_CACHE_TTL_MS;
    try {
      process.env.SEARCH_CACHE_TTL_MS = '1234';
      expect(env().SEARCH_CACHE_TTL_MS).toBe(1234);
      process.env.SEARCH_CACHE_TTL_MS = '4321';
      expect(env().SEARCH_CACHE_TTL_MS).toBe(4321);
    } finally {
      if (saved === undefined) delete process.env.SEARCH_CACHE_TTL_MS;
      else process.env.SEARCH_CACHE_TTL_MS = saved;
    }
  });

  it('knows loopback providers from real ones', () => {
    expect(usesRealProvider(parseEnv({ PROVIDER_BASE_URL: 'http://127.0.0.1:3001' }))).toBe(false);
    expect(usesRealProvider(parseEnv({ PROVIDER_BASE_URL: 'http://[::1]:3001' }))).toBe(false);
    expect(usesRealProvider(parseEnv({ PROVIDER_BASE_URL: 'https://api.provider.example' }))).toBe(true);
  });
});

/**
 * The production gate, end to end: `npm start`'s script is spawned in production mode against the
 * throwaway database (no build needed: the gate runs before the build is looked for).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, seedDemoData } from '@/db/seed';
import { assertProductionSafe, parseEnv, productionSignals, ProductionSafetyError } from '@/lib/env';
import { ISSUED_SETTINGS, SANDBOX_DEFAULTS_TO_REPLACE } from '@/lib/env.test-helper';
import { prepareRuntime } from './lib/runtime';

const ROOT = path.resolve(import.meta.dirname, '..');
const databaseUrl = process.env.DATABASE_URL!;
let sql: postgres.Sql;

/** Issued-looking secrets: everything a production start needs besides a clean database. */
const SAFE = ISSUED_SETTINGS;

/** The inherited environment without any provider, payment or portal setting of the test runner. */
function baseEnv(): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(([k]) => !/^(PROVIDER_|PAYMENT_|SEED_DEMO|NEXTAUTH_|PORT$)/.test(k));
  return Object.fromEntries(kept) as NodeJS.ProcessEnv;
}

function startPortal(extra: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rail-start-'));
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'start.ts')], {
      cwd: ROOT,
      env: { ...baseEnv(), PORT: '3429', PORTAL_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, out });
    });
  });
}

const demoEmails = DEMO_ACCOUNTS.map((a) => a.email);

beforeAll(() => {
  sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await sql`delete from users where email in ${sql(demoEmails)}`;
  await sql.end();
});

describe('start with a bad environment', () => {
  it('refuses to start, naming each bad variable on its own line, before anything starts', async () => {
    const { code, out } = await startPortal({ SEED_DEMO: 'maybe', PII_HASH_KEY: 'short', WORKER_CONCURRENCY: '0' });
    expect(code).toBe(1);
    expect(out).toContain('[portal] refusing to start: Invalid environment');
    expect(out).toContain('  SEED_DEMO: must be 1/0, true/false or yes/no');
    expect(out).toContain('  PII_HASH_KEY: must be 32 bytes');
    expect(out).toContain('  WORKER_CONCURRENCY: must be a whole number from 1 to 100');
    expect(out).not.toContain('using external Postgres');
  }, 60_000);
});

describe('production start with the sandbox defaults', () => {
  it('refuses to start without NODE_ENV (as `npm start` runs), naming every sandbox default, and exits non-zero', async () => {
    const { code, out } = await startPortal({ PROVIDER_BASE_URL: 'https://train.provider.example' });
    expect(code).toBe(1);
    expect(out).toContain('Refusing to start: this is a production configuration');
    expect(out).toContain('PROVIDER_BASE_URL is a real provider (train.provider.example)');
    for (const name of SANDBOX_DEFAULTS_TO_REPLACE) {
      expect(out).toContain(name);
    }
    expect(out).not.toContain('no production build');
  }, 60_000);

  it('refuses an explicit PORTAL_PRODUCTION=1 on the sandbox', async () => {
    const { code, out } = await startPortal({ PORTAL_PRODUCTION: '1' });
    expect(code).toBe(1);
    expect(out).toContain('PORTAL_PRODUCTION is on');
    expect(out).toContain('PROVIDER_BASE_URL is unset or a local address');
  }, 60_000);

  it('refuses a database that holds the demo accounts, even with issued secrets', async () => {
    await sql`insert into users (email, display_name, password_hash, role)
      values (${demoEmails[2]!}, 'demo', 'x', 'admin') on conflict do nothing`;
    try {
      const { code, out } = await startPortal(SAFE);
      expect(code).toBe(1);
      expect(out).toContain('demo accounts');
      expect(out).toContain(demoEmails[2]!);
    } finally {
      await sql`delete from users where email in ${sql(demoEmails)}`;
    }
  }, 60_000);

  it('refuses the demo accounts without NODE_ENV too', async () => {
    await sql`insert into users (email, display_name, password_hash, role)
      values (${demoEmails[2]!}, 'demo', 'x', 'admin') on conflict do nothing`;
    try {
      await expect(assertProductionSafe({ source: SAFE, databaseUrl })).rejects.toThrow(demoEmails[2]!);
    } finally {
      await sql`delete from users where email in ${sql(demoEmails)}`;
    }
  });

  it('passes the gate with issued secrets and no demo accounts', async () => {
    await expect(assertProductionSafe({ source: SAFE, databaseUrl })).resolves.toBeUndefined();
    await expect(
      assertProductionSafe({ source: { ...SAFE, PAYMENT_GATEWAY: 'sandbox' }, databaseUrl }),
    ).rejects.toBeInstanceOf(ProductionSafetyError);
  });
});

describe('demo accounts', () => {
  it('are never seeded in production, not even into the embedded database (issue 23 #4)', async () => {
    const saved = { ...process.env };
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rail-runtime-'));
    fs.chmodSync(dataDir, 0o755);
    let rt: Awaited<ReturnType<typeof prepareRuntime>> | undefined;
    try {
      for (const k of Object.keys(process.env))
        if (/^(PROVIDER_|PAYMENT_|SEED_DEMO|NEXTAUTH_)/.test(k)) delete process.env[k];
      Object.assign(process.env, SAFE, {
        PORTAL_DATA_DIR: dataDir,
        DATABASE_URL: '',
        EMBEDDED_PG_PORT: String(20000 + Math.floor(Math.random() * 20000)),
      });
      delete (process.env as Record<string, string | undefined>).NODE_ENV;
      rt = await prepareRuntime(() => {});
      expect(rt.embedded).not.toBeNull();
      expect(rt.demoSeeded).toBe(false);
      const embedded = postgres(rt.databaseUrl, { max: 1, onnotice: () => {} });
      try {
        const rows = await embedded<
          { n: number }[]
        >`select count(*)::int as n from users where email in ${embedded(demoEmails)}`;
        expect(rows[0]!.n).toBe(0);
      } finally {
        await embedded.end();
      }
      await expect(seedDemoData(rt.databaseUrl, productionSignals(parseEnv()))).rejects.toThrow(/Refusing to seed/);
    } finally {
      process.env = saved;
      await rt?.embedded?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('are not seeded into an external DATABASE_URL unless SEED_DEMO=1', async () => {
    const saved = { ...process.env };
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rail-runtime-'));
    const count = async () =>
      (await sql<{ n: number }[]>`select count(*)::int as n from users where email in ${sql(demoEmails)}`)[0]!.n;
    try {
      Object.assign(process.env, { PORTAL_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, NODE_ENV: 'test' });
      delete process.env.SEED_DEMO;
      const first = await prepareRuntime(() => {});
      expect(first.demoSeeded).toBe(false);
      expect(await count()).toBe(0);

      process.env.SEED_DEMO = '1';
      const second = await prepareRuntime(() => {});
      expect(second.demoSeeded).toBe(true);
      expect(await count()).toBe(demoEmails.length);
    } finally {
      process.env = saved;
      fs.rmSync(dataDir, { recursive: true, force: true });
      await sql`delete from agency_members where user_id in (select id from users where email in ${sql(demoEmails)})`;
      await sql`delete from users where email in ${sql(demoEmails)}`;
    }
  }, 60_000);
});

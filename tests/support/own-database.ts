/**
 * A test file's own database on the integration server. Integration files share one database
 * (tests/global-setup.ts) and run in parallel; a file that backs the whole database up, or starts a
 * separate worker process (which would run every file's jobs), takes its own instead. Call it at the top
 * level of the file, before anything opens a pool: it creates and migrates the database and points
 * DATABASE_URL at it; the returned function (an afterAll registered before the harness's, so that it
 * runs after it) closes the pool, drops the database and points DATABASE_URL back.
 */
import postgres from 'postgres';
import { closeDb } from '@/db/client';
import { migratePortal } from '@/db/migrate';

export async function ownDatabase(tag: string): Promise<{ sharedUrl: string; drop: () => Promise<void> }> {
  const sharedUrl = process.env.DATABASE_URL!;
  const name = `rail_${tag}_${Date.now()}`;
  const shared = postgres(sharedUrl, { max: 1, onnotice: () => {} });
  await shared.unsafe(`create database ${name}`);
  await shared.end();
  const u = new URL(sharedUrl);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  await migratePortal(u.toString());
  return {
    sharedUrl,
    drop: async () => {
      await closeDb();
      const admin = postgres(sharedUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      process.env.DATABASE_URL = sharedUrl;
    },
  };
}

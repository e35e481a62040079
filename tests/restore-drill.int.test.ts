/**
 * The restore drill (README "Backups"): bookings run concurrently against the real sandbox, a backup
 * (db/backup.ts) is taken in the middle of them, and restored into a new, empty database. On the
 * restored database every order acknowledged before the backup started is there with its events, every
 * table has the rows the backup counted, and the auditor (orders, ledger, grabs, trips) finds every
 * invariant true at the snapshot's moment. The provider is not asked (withProvider: false): the
 * restored database is behind the provider by construction, and catching up is the worker's sweep's
 * job after a restore, not the snapshot's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase, inspectBackup, restoreDatabase, type BackupSummary } from '@/db/backup';
import { closeDb } from '@/db/client';
import { stopJobs } from '@/lib/jobs';
import { book, harnessForFile, issuedOrder, payAtGateway, until, waitStatus } from '@/lib/orders/harness.int';
import { audit, formatAudit } from '@/lib/root/audit';
import { ownDatabase } from './support/own-database';

// The drill's own database: a backup of the shared one would carry the other files' rows, some of them
// deliberately broken (the auditor's own tests), into the restore (tests/support/own-database.ts).
const own = await ownDatabase('drill_src');
afterAll(own.drop);

const h = harnessForFile({ holdDelayMs: 200, issueDelayMs: 200 });
const sourceUrl = process.env.DATABASE_URL!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rail-backup-'));
let admin: postgres.Sql;
const created: string[] = [];

/** A new, empty database on the test server; its URL. */
async function freshDatabase(tag: string): Promise<string> {
  const name = `rail_restore_${tag}_${Date.now()}`;
  await admin.unsafe(`create database ${name}`);
  created.push(name);
  const u = new URL(sourceUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

beforeAll(() => {
  admin = postgres(sourceUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Booking {
  orderId: string;
  ackAt: number;
}

describe('restore drill', () => {
  it('backs up mid-traffic; the restore has every order acknowledged before the backup, and the auditor is clean', async () => {
    // Two orders already issued (tickets and money for the auditor's seat and money invariants).
    const acknowledged: Booking[] = [];
    for (const name of ['备份甲', '备份乙'])
      acknowledged.push({ orderId: await issuedOrder(h, [name]), ackAt: Date.now() });
    const failures: unknown[] = [];
    /** One traveller's booking: book (acknowledged when the action answers), wait for the hold, pay. */
    const traffic = async (i: number) => {
      try {
        const orderId = await book(h, [`备份${String.fromCharCode(0x4e00 + i)}`], { days: 3 + (i % 5) });
        acknowledged.push({ orderId, ackAt: Date.now() });
        await waitStatus(orderId, 2, 30_000);
        if (i % 2 === 0) await payAtGateway(h, orderId);
      } catch (e) {
        failures.push(e);
      }
    };
    const first = Array.from({ length: 8 }, (_, i) => traffic(i));
    await until(() => Promise.resolve(acknowledged.length >= 6), 60_000, 'four more bookings acknowledged');
    // More bookings start while the backup runs.
    const second = Array.from({ length: 8 }, (_, i) => traffic(8 + i));
    const backupStartedAt = Date.now();
    const file = path.join(dir, 'drill.backup.gz');
    const summary: BackupSummary = await backupDatabase(sourceUrl, file);
    await Promise.all([...first, ...second]);
    expect(failures).toEqual([]);
    const before = acknowledged.filter((b) => b.ackAt < backupStartedAt);
    expect(before.length).toBeGreaterThanOrEqual(6);
    // Mid-traffic: bookings were acknowledged after the backup started, too.
    expect(acknowledged.some((b) => b.ackAt > backupStartedAt)).toBe(true);
    expect(summary.rows.orders).toBeGreaterThanOrEqual(before.length);

    // The backup is whole: its end line names every table's rows.
    const inspected = await inspectBackup(file);
    expect(inspected.rows).toEqual(summary.rows);
    expect(inspected.header.migration.tag).toMatch(/^\d{4}_/);

    // Let the paid orders settle, then stop this process's jobs: the auditor below reads the restored
    // database through the portal's own pool, and no job may write there.
    await stopJobs();
    const targetUrl = await freshDatabase('drill');
    const restored = await restoreDatabase(file, targetUrl);
    expect(restored.rows).toEqual(summary.rows);
    expect(restored.laterMigrations).toBe(0);

    const target = postgres(targetUrl, { max: 1, onnotice: () => {} });
    try {
      const ids = before.map((b) => b.orderId);
      const present = await target<{ id: string; events: number }[]>`
        select o.id, (select count(*)::int from order_events e where e.order_id = o.id) as events
        from orders o where o.id in ${target(ids)}`;
      expect(present.map((r) => r.id).sort()).toEqual([...ids].sort());
      expect(present.every((r) => r.events > 0)).toBe(true);
      // Sequences restored: a new event id is above every restored one.
      const [seq] = await target<{ ok: boolean }[]>`
        select nextval('order_events_id_seq') > coalesce((select max(id) from order_events), 0) as ok`;
      expect(seq!.ok).toBe(true);
    } finally {
      await target.end();
    }

    // The auditor on the restored database, at the snapshot's moment.
    await closeDb();
    process.env.DATABASE_URL = targetUrl;
    try {
      const results = await audit({ withProvider: false, now: new Date(summary.header.takenAt) });
      expect(results.length).toBeGreaterThan(5);
      expect(
        results.filter((r) => r.violated),
        formatAudit(results),
      ).toEqual([]);
      // It looked at the restored orders (the money columns' invariant checks each order).
      expect(Math.max(...results.map((r) => r.checked))).toBeGreaterThanOrEqual(before.length);
      console.log(
        `[drill] backup ${summary.bytes} bytes, ${summary.rows.orders} orders; audit:\n${formatAudit(results)}`,
      );
    } finally {
      await closeDb();
      process.env.DATABASE_URL = sourceUrl;
    }
  }, 240_000);

  it('refuses a cut-short backup and a database that is not empty', async () => {
    const file = path.join(dir, 'whole.backup.gz');
    await backupDatabase(sourceUrl, file);
    const whole = fs.readFileSync(file);
    const cut = path.join(dir, 'cut.backup.gz');
    // Decompressed, cut before the end line, compressed again: a file whose tail was lost.
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const text = gunzipSync(whole).toString('utf8');
    fs.writeFileSync(cut, gzipSync(Buffer.from(text.slice(0, text.indexOf('@@end ')))));
    await expect(inspectBackup(cut)).rejects.toThrow(/no end line/);
    await expect(restoreDatabase(cut, await freshDatabase('cut'))).rejects.toThrow(/no end line/);
    await expect(restoreDatabase(file, sourceUrl)).rejects.toThrow(/not empty/);
  });
});

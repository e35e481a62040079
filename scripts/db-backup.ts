/**
 * `npm run db:backup [-- --out <file>] [--keep <n>]`: a consistent logical backup of the portal's
 * database (db/backup.ts: one REPEATABLE READ snapshot, COPY of every table, the migration id, the
 * sequences), online: the portal may keep running. The database: DATABASE_URL, else the embedded one
 * of the data folder (scripts/lib/database-target.ts). Default file:
 * `<data folder>/backups/rail-<UTC time>.backup.gz`; `--keep n` then deletes all but the newest n
 * backups in that folder. Exits non-zero on any failure (no partial file is left).
 * README "Backups" has the schedule and what else to keep (the PII keys).
 */
import fs from 'node:fs';
import path from 'node:path';
import { backupDatabase } from '../db/backup';
import { databaseTarget } from './lib/database-target';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const target = await databaseTarget('backup', { mayStart: true });
try {
  const folder = path.join(target.dataDir, 'backups');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.resolve(arg('--out') ?? path.join(folder, `rail-${stamp}.backup.gz`));
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const t0 = Date.now();
  const s = await backupDatabase(target.url, file);
  const rows = Object.values(s.rows).reduce((a, b) => a + b, 0);
  console.log(
    `[backup] ${file}: ${s.header.tables.length} tables, ${rows} rows, ${(s.bytes / 1024).toFixed(0)} KiB, ` +
      `migration ${s.header.migration.tag}, snapshot at ${s.header.takenAt}, in ${Date.now() - t0} ms`,
  );
  const keep = Number(arg('--keep') ?? 0);
  if (keep > 0 && path.dirname(file) === folder) {
    const old = fs
      .readdirSync(folder)
      .filter((f) => /^rail-.*\.backup\.gz$/.test(f))
      .sort()
      .reverse()
      .slice(keep);
    for (const f of old) fs.rmSync(path.join(folder, f));
    if (old.length) console.log(`[backup] deleted ${old.length} older backup(s), kept ${keep}`);
  }
} catch (e) {
  console.error(`[backup] failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await target.close();
}

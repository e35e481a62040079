/**
 * `npm run db:restore -- <file>`: restores a backup made by `npm run db:backup` into an EMPTY database
 * (db/backup.ts): DATABASE_URL (create a new database first), else the embedded one of the data folder,
 * which must be new (stop the portal, move `<data folder>/postgres` away or point PORTAL_DATA_DIR at a
 * new folder holding the same PII key files). It builds the schema at the backup's migration, loads
 * every table in one transaction, sets the sequences, checks the row counts, then applies any
 * migration committed after the backup's. The job queue is not in the backup: the worker's sweep
 * enqueues again what the orders' states call for, within a minute of the start.
 */
import { restoreDatabase } from '../db/backup';
import { databaseTarget } from './lib/database-target';

const file = process.argv[2];
if (!file || file.startsWith('-')) {
  console.error('usage: npm run db:restore -- <backup file>');
  process.exit(2);
}
const target = await databaseTarget('restore', { mayStart: true });
try {
  if (target.running && !process.env.DATABASE_URL)
    throw new Error('the embedded Postgres is running (a portal uses it): stop the portal first');
  const t0 = Date.now();
  const r = await restoreDatabase(file, target.url);
  const rows = Object.values(r.rows).reduce((a, b) => a + b, 0);
  console.log(
    `[restore] ${file}: ${Object.keys(r.rows).length} tables, ${rows} rows as of ${r.header.takenAt} ` +
      `(migration ${r.header.migration.tag}; ${r.laterMigrations} later migration(s) applied) in ${Date.now() - t0} ms`,
  );
} catch (e) {
  console.error(`[restore] failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await target.close();
}

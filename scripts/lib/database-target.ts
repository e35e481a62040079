/**
 * The database `npm run db:backup` and `npm run db:restore` work on: DATABASE_URL when set (an
 * external server), else the embedded Postgres of the portal's data folder (PORTAL_DATA_DIR or .data),
 * the one `npm start` uses: reached on EMBEDDED_PG_PORT while the portal runs, started here for the
 * duration otherwise.
 */
import path from 'node:path';
import { PASSWORD, portInUse, startEmbeddedPostgres } from '../../db/embedded-pg';
import { envAtStart } from '../../lib/env';
import { ROOT } from './runtime';

export interface DatabaseTarget {
  url: string;
  dataDir: string;
  /** The embedded server was started here (and `close` stops it). */
  startedHere: boolean;
  /** The embedded server is the one a running portal uses. */
  running: boolean;
  close: () => Promise<void>;
}

export async function databaseTarget(who: string, o: { mayStart: boolean }): Promise<DatabaseTarget> {
  const e = envAtStart(who);
  const dataDir = path.resolve(e.PORTAL_DATA_DIR ?? path.join(ROOT, '.data'));
  if (e.DATABASE_URL) return { url: e.DATABASE_URL, dataDir, startedHere: false, running: true, close: async () => {} };
  const port = e.EMBEDDED_PG_PORT;
  if (await portInUse(port)) {
    const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/rail_portal`;
    return { url, dataDir, startedHere: false, running: true, close: async () => {} };
  }
  if (!o.mayStart) throw new Error(`no Postgres on port ${port}`);
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    port,
    database: 'rail_portal',
    persistent: true,
  });
  return { url: pg.url, dataDir, startedHere: true, running: false, close: () => pg.stop() };
}

/**
 * A throwaway migrated Postgres, as the integration tests (tests/global-setup.ts), the benches
 * (bench/) and the harness scripts (scripts/chaos, scripts/recon) set it up alike.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPg } from '../../db/embedded-pg';
import { migratePortal } from '../../db/migrate';
import { freePort } from './net';

export interface ThrowawayDatabase extends EmbeddedPg {
  /** Stops the server and removes its folder. */
  dispose: () => Promise<void>;
}

/**
 * An embedded Postgres on a free port in a new folder under the system's temp folder (`rail-<tag>-…`,
 * readable by the `postgres` user when run as root), with the portal's migrations applied.
 */
export async function throwawayDatabase(
  tag: string,
  o: { database?: string; settings?: string[] } = {},
): Promise<ThrowawayDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rail-${tag}-`));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
    database: o.database ?? 'bench',
    persistent: false,
    settings: o.settings,
  });
  try {
    await migratePortal(pg.url);
  } catch (e) {
    await pg.stop();
    throw e;
  }
  return {
    ...pg,
    dispose: async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

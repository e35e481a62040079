/**
 * What the benches (bench/), the harness scripts (scripts/chaos, scripts/recon) and the integration
 * tests set up alike: a throwaway migrated Postgres, waiting for a process's HTTP port,
 * and the portal's inbound handlers (provider callbacks, the gateway's notifications) on a bare
 * node:http server, for a process that runs the portal's services without Next.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { migratePortal } from '../../db/migrate';
import { freePort, startEmbeddedPostgres, type EmbeddedPg } from './embedded-pg';

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

/** Resolves once `url` answers 2xx (every 100 ms, up to `tries` times); throws after that. */
export async function waitHttp(url: string, tries = 1200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(5000) })).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

/**
 * The portal's inbound handlers (lib/orders/inbound: the same code as the app's route handlers) on
 * 127.0.0.1:`port` (0 = a free one; the server's address says which). `onRequest` sees each request.
 */
export async function serveInbound(port = 0, onRequest?: () => void): Promise<http.Server & { port: number }> {
  const { handleInbound } = await import('../../lib/orders/inbound');
  const server = http.createServer((req, res) => {
    onRequest?.();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      handleInbound(req.url ?? '', raw, req.headers['content-type'] ?? null).then(
        (out) => res.writeHead(out.status, { 'content-type': 'text/plain' }).end(out.body),
        (e: unknown) => res.writeHead(500).end(String(e)),
      );
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return Object.assign(server, { port: (server.address() as AddressInfo).port });
}

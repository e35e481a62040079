/**
 * The portal's HTTP server (run by scripts/start.ts in place of `next start` / `next dev`): Next's
 * own request handler behind a plain Node server that first stamps the caller's address.
 *
 * Next exposes no socket address to proxy.ts, server actions or route handlers; it only copies it into
 * X-Forwarded-For when the client sent none, so a client could claim any address there and dodge
 * the per-address throttles. Here the socket is still at hand: the address is resolved from it
 * (believing X-Forwarded-For only from TRUSTED_PROXIES) and written into CLIENT_ADDRESS_HEADER,
 * replacing any value the client sent under that name (lib/auth/client-address.ts).
 *
 * Graceful shutdown (SIGTERM/SIGINT): the listener closes (no new connection), a request arriving on a
 * kept-alive connection is answered 503 with `Connection: close` (a load balancer retries it on another
 * instance), requests in flight get PORTAL_STOP_GRACE_MS (15 s) to finish, then the remaining
 * connections are cut, Next closes, the job queue's and the database's pools close, and it exits 0.
 *
 * Usage: tsx scripts/serve.ts [--dev]; PORT and the rest from the environment (lib/env.ts).
 */
import http from 'node:http';
import path from 'node:path';
import { closeDb } from '../db/client';
import { parseTrustedProxies, stampClientAddress } from '../lib/auth/client-address';
import { envAtStart } from '../lib/env';

const dev = process.argv.includes('--dev');
// What `next start` / `next dev` would set; before Next is loaded.
(process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';

const e = envAtStart('next');
const trusted = parseTrustedProxies(e.TRUSTED_PROXIES);
const { default: next } = await import('next');
const app = next({
  dev,
  dir: path.resolve(import.meta.dirname, '..'),
  hostname: 'localhost',
  port: e.PORT,
  ...(dev ? { turbopack: true } : {}),
});
const handle = app.getRequestHandler();
await app.prepare();

let draining = false;
let inFlight = 0;
const server = http.createServer((req, res) => {
  if (draining) {
    res.writeHead(503, { connection: 'close', 'retry-after': '1', 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'unavailable', message: '服务正在重启，请稍后重试。' } }));
    return;
  }
  inFlight++;
  res.once('close', () => inFlight--);
  stampClientAddress(req, trusted);
  handle(req, res).catch((err: unknown) => {
    console.error('[next] request failed', err);
    if (!res.headersSent) res.writeHead(500).end();
  });
});
const upgrade = app.getUpgradeHandler();
// Dev hot reload's websocket (production has none to upgrade).
server.on('upgrade', (req, socket, head) => {
  upgrade(req, socket, head).catch(() => socket.destroy());
});
server.listen(e.PORT, () => console.log(`[next] listening on port ${e.PORT}${dev ? ' (dev)' : ''}`));

const STOP_GRACE_MS = Number(process.env.PORTAL_STOP_GRACE_MS ?? 15_000);
const stop = async () => {
  if (draining) return;
  draining = true;
  const t = Date.now();
  console.log(`[next] stopping: ${inFlight} request(s) in flight get ${STOP_GRACE_MS} ms`);
  // The bound of everything below, whatever hangs.
  setTimeout(() => process.exit(1), STOP_GRACE_MS + 10_000).unref();
  const closed = new Promise((r) => server.close(r));
  server.closeIdleConnections();
  while (inFlight > 0 && Date.now() - t < STOP_GRACE_MS) await new Promise((r) => setTimeout(r, 50));
  server.closeAllConnections();
  await closed;
  await app.close().catch(() => undefined);
  // The pools Next's modules opened live on globalThis (db/client.ts, lib/jobs): closed here.
  const g = globalThis as unknown as { portalBoss?: Promise<{ stop(o: object): Promise<void> }> };
  await g.portalBoss?.then((b) => b.stop({ graceful: false })).catch(() => undefined);
  await closeDb().catch(() => undefined);
  console.log(`[next] stopped in ${Date.now() - t} ms (${inFlight} request(s) cut)`);
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

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
 * Usage: tsx scripts/serve.ts [--dev]; PORT and the rest from the environment (lib/env.ts).
 */
import http from 'node:http';
import path from 'node:path';
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

const server = http.createServer((req, res) => {
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

const stop = () => {
  server.close();
  void app.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

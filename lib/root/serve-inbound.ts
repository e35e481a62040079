/**
 * The portal's inbound handlers (./inbound: the same code as the app's route handlers) on a bare
 * node:http server, for a process that runs the portal's services without Next: the integration-test
 * harness, the chaos run's portal, the recon harness and the bench.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Serves on 127.0.0.1:`port` (0 = a free one; the server's address says which). `onRequest` sees each request. */
export async function serveInbound(port = 0, onRequest?: () => void): Promise<http.Server & { port: number }> {
  // Loaded on the first call: the callers set the database and provider environment before that.
  const { handleInbound } = await import('./inbound');
  const server = http.createServer((req, res) => {
    onRequest?.();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      handleInbound(req.url ?? '', raw, req.headers['content-type'] ?? null, undefined, req.headers).then(
        (out) => res.writeHead(out.status, { 'content-type': 'text/plain' }).end(out.body),
        (e: unknown) => res.writeHead(500).end(String(e)),
      );
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return Object.assign(server, { port: (server.address() as AddressInfo).port });
}

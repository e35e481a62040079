/**
 * `npx tsx scripts/cluster.ts` (after `npm run build`): the "past one machine" topology on this one —
 * two portal instances (scripts/serve.ts, each its own process and port) and two job workers over one
 * Postgres, with the sandbox, behind a tiny round-robin proxy (the stand-in for a load balancer): it
 * sends each request to the next instance in turn and skips an instance that refuses the connection.
 * Everything the instances share lives in Postgres (sessions are cookies; the search single-flight, the
 * rate limits, the grab engine's search budget and the job queue are tables). Prints the proxy's URL
 * once both instances are ready (/api/ready); Ctrl-C stops everything. Built on the harness
 * (scripts/lib/harness.ts: throwaway database, free ports). Not yet run in CI, nor a bench row.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort, waitHttp } from '../tests/support/net';
import { ROOT, startHarness } from './lib/harness';

if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
  console.error('[cluster] no production build: run `npm run build` first');
  process.exit(1);
}

const h = await startHarness({
  tag: 'cluster',
  travellerName: '集群旅客',
  delayMs: 300,
  env: { NEXTAUTH_SECRET: crypto.randomBytes(32).toString('base64url') },
  verbose: process.env.CLUSTER_VERBOSE === '1',
});
await h.startSandbox();
h.startWorker();
h.start('worker-2', ['--conditions=react-server', path.join(ROOT, 'scripts', 'worker.ts')]);

const proxyPort = Number(process.env.CLUSTER_PORT ?? 0) || (await freePort());
const proxyUrl = `http://127.0.0.1:${proxyPort}`;
const ports = [await freePort(), await freePort()];
ports.forEach((port, i) =>
  h.start(`portal-${i + 1}`, [path.join(ROOT, 'scripts', 'serve.ts')], {
    PORT: String(port),
    NEXTAUTH_URL: proxyUrl,
    // The proxy is the only client of the instances: its address forwards the caller's.
    TRUSTED_PROXIES: '127.0.0.1',
  }),
);

let next = 0;
const proxy = http.createServer((req, res) => {
  const attempt = (tries: number) => {
    const port = ports[next++ % ports.length]!;
    const up = http.request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', (e: NodeJS.ErrnoException) => {
      // A refused connection (an instance restarting) goes to the other one; a body already sent cannot.
      if (e.code === 'ECONNREFUSED' && tries > 1 && !req.readableEnded) attempt(tries - 1);
      else if (!res.headersSent) res.writeHead(502).end();
    });
    req.pipe(up);
  };
  attempt(ports.length);
});
await new Promise<void>((r) => proxy.listen(proxyPort, '127.0.0.1', r));

for (const port of ports) await waitHttp(`http://127.0.0.1:${port}/api/ready`);
console.log(`[cluster] 2 portals (${ports.join(', ')}), 2 workers, 1 Postgres; proxy at ${proxyUrl}`);

const stop = async () => {
  proxy.close();
  await h.dispose();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

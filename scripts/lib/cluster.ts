/**
 * The "past one machine" topology on this one (issue 31), as a function: N portal instances
 * (scripts/serve.ts, each its own process and port) and M job workers over one Postgres, with the
 * sandbox, behind a tiny round-robin proxy (the stand-in for a load balancer): it sends each request to
 * the next instance in turn and skips an instance that refuses the connection. Everything the instances
 * share lives in Postgres (sessions are cookies; the search single-flight, the rate limits, the grab
 * engine's search budget and the job queue are tables). Used by scripts/cluster.ts (the CLI) and by
 * bench/cluster.ts (`npm run bench`'s row "two instances, two workers"). Needs `npm run build`.
 *
 * The proxy listens on the harness's portal port, the address in PORTAL_PUBLIC_URL: the provider's
 * callbacks and the gateway's payment notifications reach the instances through it, like a browser's
 * requests.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort, waitHttp } from '../../tests/support/net';
import { ROOT, startHarness } from './harness';

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export interface Cluster {
  h: Harness;
  /** The load balancer's address (also PORTAL_PUBLIC_URL). */
  proxyUrl: string;
  portalPorts: number[];
  /** Process ids: each portal instance, each worker, the sandbox and the postmaster. */
  pids: { portals: number[]; workers: number[]; sandbox: number; postmaster: number };
  /** Requests the proxy forwarded to each instance. */
  forwarded: number[];
  stop: () => Promise<void>;
}

export function hasBuild(): boolean {
  return fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'));
}

export async function startCluster(
  o: {
    portals?: number;
    workers?: number;
    /** The sandbox's delay before a hold's and an issue's answer (ms). */
    delayMs?: number;
    env?: Record<string, string>;
    /** Postgres settings (e.g. pg_stat_statements for the bench). */
    pgSettings?: string[];
    verbose?: boolean;
    tag?: string;
  } = {},
): Promise<Cluster> {
  if (!hasBuild()) throw new Error('no production build: run `npm run build` first');
  const nPortals = o.portals ?? 2;
  const nWorkers = o.workers ?? 2;
  const h = await startHarness({
    tag: o.tag ?? 'cluster',
    travellerName: '集群旅客',
    delayMs: o.delayMs ?? 300,
    env: o.env ?? {},
    verbose: o.verbose ?? false,
    pgSettings: o.pgSettings,
  });
  const proxy = http.createServer();
  try {
    await h.startSandbox();
    const workers = Array.from({ length: nWorkers }, (_, i) =>
      i === 0
        ? h.startWorker()
        : h.start(`worker-${i + 1}`, ['--conditions=react-server', path.join(ROOT, 'scripts', 'worker.ts')]),
    );
    const proxyUrl = new URL(h.childEnv.PORTAL_PUBLIC_URL!).origin;
    const proxyPort = Number(new URL(proxyUrl).port);
    const portalPorts: number[] = [];
    for (let i = 0; i < nPortals; i++) portalPorts.push(await freePort());
    const portals = portalPorts.map((port, i) =>
      h.start(`portal-${i + 1}`, [path.join(ROOT, 'scripts', 'serve.ts')], {
        PORT: String(port),
        NEXTAUTH_URL: proxyUrl,
        // The proxy is the only client of the instances: its address forwards the caller's.
        TRUSTED_PROXIES: '127.0.0.1',
      }),
    );

    const forwarded = portalPorts.map(() => 0);
    let next = 0;
    proxy.on('request', (req, res) => {
      const attempt = (tries: number) => {
        const i = next++ % portalPorts.length;
        const up = http.request(
          {
            host: '127.0.0.1',
            port: portalPorts[i],
            method: req.method,
            path: req.url,
            headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
          },
          (r) => {
            forwarded[i]!++;
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
      attempt(portalPorts.length);
    });
    await new Promise<void>((r) => proxy.listen(proxyPort, '127.0.0.1', r));
    for (const port of portalPorts) await waitHttp(`http://127.0.0.1:${port}/api/ready`);

    const postmaster = Number(fs.readFileSync(path.join(h.pg.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return {
      h,
      proxyUrl,
      portalPorts,
      pids: {
        portals: portals.map((p) => p.pid!),
        workers: workers.map((w) => w.pid!),
        sandbox: h.alive.get('sandbox')!.pid!,
        postmaster,
      },
      forwarded,
      stop: async () => {
        await new Promise((r) => proxy.close(r));
        await h.dispose();
      },
    };
  } catch (e) {
    proxy.close();
    await h.dispose();
    throw e;
  }
}

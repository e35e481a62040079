/**
 * The worker's metrics server: the worker is its own process with its own registry, so it serves it
 * on 127.0.0.1:WORKER_METRICS_PORT (loopback only: Prometheus runs on the same host or scrapes through
 * a local agent) — GET /metrics (Prometheus text) and GET /report.json (the admin system page's
 * reading, lib/obs/report.ts). A port already taken is logged, not fatal.
 */
import http from 'node:http';
import { logWarn } from '@/lib/log';
import { metrics } from './metrics';
import { processReport, type ProcessReport } from './report';
import { startWindow } from './window';

export function serveWorkerMetrics(port: number): http.Server | null {
  if (!port) return null;
  startWindow();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const answer = async () => {
      if (req.method !== 'GET') return res.writeHead(405).end();
      if (path === '/metrics') {
        const m = metrics().registry;
        return res.writeHead(200, { 'content-type': m.contentType }).end(await m.metrics());
      }
      if (path === '/report.json')
        return res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(await processReport('worker')));
      return res.writeHead(404).end();
    };
    answer().catch(() => res.writeHead(500).end());
  });
  server.on('error', (e) => logWarn('worker metrics server not started', { port, error: e.message }));
  server.listen(port, '127.0.0.1');
  server.unref();
  return server;
}

/** The worker's report, read by the portal (null when the worker is not reachable). */
export async function workerReport(port: number): Promise<ProcessReport | null> {
  if (!port) return null;
  try {
    const res = await fetch(`http://127.0.0.1:${port}/report.json`, { signal: AbortSignal.timeout(1500) });
    return res.ok ? ((await res.json()) as ProcessReport) : null;
  } catch {
    return null;
  }
}

import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { observeProviderCall } from './hooks';
import { serveWorkerMetrics, workerReport } from './serve';

/** A port free a moment ago (the OS picks it). */
async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

let server: ReturnType<typeof serveWorkerMetrics> = null;
afterAll(() => server?.close());

describe("the worker's metrics server", () => {
  it('serves its registry on the loopback (Prometheus text and the report the admin page reads)', async () => {
    const port = await freePort();
    server = serveWorkerMetrics(port);
    await once(server!, 'listening');
    expect(server!.address()).toMatchObject({ address: '127.0.0.1', port });
    observeProviderCall('panhe', 'confirm', 'timeout', 1200);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toMatch(
      /^rail_provider_call_errors_total\{provider="panhe",endpoint="confirm",outcome="timeout"\} [1-9]/m,
    );
    const report = await workerReport(port);
    expect(report?.process).toBe('worker');
    expect(
      report?.deltas['rail_provider_call_errors_total{endpoint=confirm,outcome=timeout,provider=panhe}'],
    ).toBeGreaterThanOrEqual(1);
    expect((await fetch(`http://127.0.0.1:${port}/nothing`)).status).toBe(404);
  });

  it('port 0 is off, and an unreachable worker reads as null', async () => {
    expect(serveWorkerMetrics(0)).toBeNull();
    expect(await workerReport(await freePort())).toBeNull();
  });
});

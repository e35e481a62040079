/**
 * The metrics after a full booking over the real sandbox: the funnel, the provider calls, the
 * callbacks, the queues read from pg-boss; /api/metrics only for the loopback or the admin token; the
 * admin system page's reading built from them.
 */
import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/metrics/route';
import { CLIENT_ADDRESS_HEADER } from '@/lib/auth/client-address';
import { harnessForFile, issuedOrder } from '@/lib/orders/harness.int';
import { systemSnapshot } from '@/lib/obs/snapshot';

const h = harnessForFile();
process.env.METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

const get = (headers: Record<string, string>) =>
  GET(new Request('http://portal.test/api/metrics', { headers: new Headers(headers) }));

describe('metrics', () => {
  it('a booking shows in the funnel, provider calls, callbacks and queues; the admin page reads them', async () => {
    const before = await systemSnapshot();
    await issuedOrder(h, ['钱度量']);
    const s = await systemSnapshot();
    for (const step of ['hold', 'payment', 'issue'])
      expect((s.funnel[step] ?? 0) - (before.funnel[step] ?? 0), step).toBeGreaterThanOrEqual(1);
    const hold = s.providers.find((p) => p.endpoint === 'hold');
    expect(hold?.calls).toBeGreaterThanOrEqual(1);
    expect(hold?.meanMs).toBeGreaterThan(0);
    expect(hold?.p95Ms).toBeGreaterThan(0);
    expect(s.callbacks.find((c) => c.verdict === 'applied')?.lastAt).toBeInstanceOf(Date);
    expect(s.queues.map((q) => q.queue)).toContain('order-confirm');
    expect(s.routes.some((r) => r.route.startsWith('callback:'))).toBe(true);
  });

  it('/api/metrics answers the loopback and the admin token, nobody else', async () => {
    expect((await get({ [CLIENT_ADDRESS_HEADER]: '203.0.113.7' })).status).toBe(401);
    expect(
      (await get({ [CLIENT_ADDRESS_HEADER]: '203.0.113.7', authorization: 'Bearer wrong-token-0123456789' })).status,
    ).toBe(401);
    const byToken = await get({
      [CLIENT_ADDRESS_HEADER]: '203.0.113.7',
      authorization: `Bearer ${process.env.METRICS_TOKEN}`,
    });
    expect(byToken.status).toBe(200);
    const local = await get({ [CLIENT_ADDRESS_HEADER]: '127.0.0.1' });
    expect(local.status).toBe(200);
    const text = await local.text();
    expect(text).toMatch(/^rail_booking_funnel_total\{step="issue"\} [1-9]/m);
    expect(text).toMatch(/^rail_job_queue_depth\{queue="order-sync"\} \d+/m);
    expect(text).toMatch(/^rail_job_queue_oldest_seconds\{queue="order-confirm"\} [\d.]+/m);
    expect(text).toMatch(
      /^rail_provider_call_duration_seconds_count\{provider="panhe",endpoint="hold",outcome="ok"\} [1-9]/m,
    );
    expect(text).toMatch(/^rail_callback_verdicts_total\{provider="panhe",kind="order",verdict="applied"\} [1-9]/m);
    expect(text).toMatch(/^rail_payment_notifications_total\{outcome="accepted"\} [1-9]/m);
  });
});

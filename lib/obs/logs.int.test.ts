/**
 * A full booking's logs (held, paid, issued over the real sandbox) carry no personal data: the
 * passenger's name and ID number, the contact phone and a password never appear in any line, even
 * when a log call is handed them (the central redaction list, lib/obs/redact.ts); and the lines
 * written under a request name it and its trace.
 */
import { Writable } from 'node:stream';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { savedPassengers } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { logError, logInfo } from '@/lib/log';
import { createBookingDef } from '@/lib/orders/create';
import { bookingInput, harnessForFile, payAtGateway, uniqueIdCard, waitStatus } from '@/lib/orders/harness.int';
import { REDACTED, setLogDestination } from './logger';
import { initTracing } from './trace';
import { withRequestId } from './context';

process.env.LOG_LEVEL = 'debug';
const lines: string[] = [];
setLogDestination(
  new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  }),
);
// Whatever still writes to the console (the sandbox, libraries) is read too.
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[method].bind(console);
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    original(...args);
  });
}
await initTracing({
  serviceName: 'log-test',
  processors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })],
});
const h = harnessForFile();
afterAll(() => {
  setLogDestination();
  vi.restoreAllMocks();
});

describe('logs', () => {
  it('a full booking logs no ID number, phone, name or password; request and trace ids on its lines', async () => {
    const name = '隐私测';
    const idNo = uniqueIdCard();
    const phone = `139${String(Date.now()).slice(-8)}`;
    const password = `pw-${Date.now()}-secret`;
    const [p] = await db()
      .insert(savedPassengers)
      .values({ userId: h.user.id, name, idType: '1', idNo, ticketType: 1 })
      .returning({ id: savedPassengers.id });
    const input = bookingInput(6, { passengers: [{ passengerId: p!.id, ticketType: 1 }], contactMobile: phone });
    const r = await runGuarded(createBookingDef, h.user, input);
    if (!r.ok) throw new Error(r.message);
    await waitStatus(r.data.orderId, 2);
    await payAtGateway(h, r.data.orderId);
    await waitStatus(r.data.orderId, 8);

    // Log calls handed personal data anyway, at the depths and shapes the code uses.
    withRequestId(() => {
      logInfo('booking input', {
        input: { ...input, passengers: [{ name, idNo, idType: '1', phone }] },
        user: { email: 'x@example.test', password },
        trainAccount: 'acct12306',
        trainPassword: password,
        headers: { authorization: `Bearer ${password}`, cookie: `s=${password}` },
        sign: 'abcdef0123456789',
      });
      logError('booking failed', new Error('boom'), { passenger: { name, idNo, mobile: phone }, token: password });
    });

    expect(lines.length).toBeGreaterThan(5);
    const leaks = lines.filter((l) => [idNo, phone, name, password, 'acct12306'].some((v) => l.includes(v)));
    expect(leaks).toEqual([]);
    const json = lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    const planted = json.filter((l) => l.message === 'booking input' || l.message === 'booking failed');
    expect(planted).toHaveLength(2);
    expect(JSON.stringify(planted)).toContain(REDACTED);
    // Every line written under a request (the action, the callbacks, the jobs) names it and its trace.
    const underRequest = json.filter((l) =>
      ['request done', 'callback', 'payment notification', 'job done', 'provider call'].includes(l.message as string),
    );
    expect(underRequest.map((l) => l.message)).toEqual(
      expect.arrayContaining(['request done', 'callback', 'payment notification', 'job done', 'provider call']),
    );
    for (const l of underRequest) {
      expect(l.requestId, JSON.stringify(l)).toEqual(expect.any(String));
      expect(l.traceId, JSON.stringify(l)).toMatch(/^[0-9a-f]{32}$/);
      expect(l.level).toMatch(/debug|info|warn/);
    }
  });
});

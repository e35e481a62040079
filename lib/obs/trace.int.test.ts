/**
 * One booking, followed through its trace: the booking action, the order service, the provider
 * calls over HTTP to the real sandbox (which logs their `traceparent`), the sandbox's callbacks back
 * into the portal, the payment notification, the worker's jobs (pg-boss, context in the job data) and
 * what they call — recorded by an in-memory exporter and checked as a span tree.
 */
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { book, control, harnessForFile, orderRow, payAtGateway, until, waitStatus } from '@/lib/orders/harness.int';
import type { TraceLogEntry } from '@/sandbox/trace';
import { flushTracing, initTracing } from './trace';

const exporter = new InMemorySpanExporter();
await initTracing({ serviceName: 'trace-test', processors: [new SimpleSpanProcessor({ exporter })] });
const h = harnessForFile();
afterAll(() => exporter.reset());

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const idOf = (s: ReadableSpan) => s.spanContext().spanId;

function tree(spans: ReadableSpan[]): string {
  const kids = new Map<string | undefined, ReadableSpan[]>();
  for (const s of spans) kids.set(parentOf(s), [...(kids.get(parentOf(s)) ?? []), s]);
  const ids = new Set(spans.map(idOf));
  const lines: string[] = [];
  const walk = (s: ReadableSpan, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${s.name}`);
    for (const k of kids.get(idOf(s)) ?? []) walk(k, depth + 1);
  };
  for (const s of spans.filter((x) => !parentOf(x) || !ids.has(parentOf(x)!))) walk(s, 0);
  return lines.join('\n');
}

describe('tracing', () => {
  it('one booking is one trace: action → order service → provider → callback → job → provider → callback', async () => {
    const tracer = trace.getTracer('test');
    let traceId = '';
    let orderId = '';
    await tracer.startActiveSpan('traveller books and pays', async (root) => {
      traceId = root.spanContext().traceId;
      orderId = await book(h, ['林迹']);
      await waitStatus(orderId, 2);
      await payAtGateway(h, orderId);
      await waitStatus(orderId, 8);
      root.end();
    });
    const order = await orderRow(orderId);
    // The issue callback's span ends after the order is issued: wait for it, not for a time.
    await until(
      async () => {
        await flushTracing();
        return exporter
          .getFinishedSpans()
          .some(
            (s) =>
              s.name.startsWith('callback') &&
              s.attributes['rail.verdict'] === 'applied' &&
              s.spanContext().traceId === traceId &&
              exporter
                .getFinishedSpans()
                .filter((x) => x.name.startsWith('callback') && x.spanContext().traceId === traceId).length >= 2,
          );
      },
      20_000,
      'the callbacks spans',
    );
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const byId = new Map(spans.map((s) => [idOf(s), s]));
    const parent = (s: ReadableSpan) => byId.get(parentOf(s) ?? '');
    const shown = tree(spans);

    // Every span of the trace hangs off the root (no orphan: each parent is in the trace).
    const root = spans.find((s) => s.name === 'traveller books and pays')!;
    expect(root, shown).toBeDefined();
    for (const s of spans)
      if (s !== root) expect(parent(s), `${s.name} has no parent in the trace\n${shown}`).toBeDefined();

    // The booking action under the root, the order service and the provider's 创单 under it.
    const action = spans.find((s) => s.name === 'action booking.create')!;
    expect(parent(action), shown).toBe(root);
    const create = spans.find((s) => s.name === 'provider hold');
    expect(create, shown).toBeDefined();
    let up: ReadableSpan | undefined = create;
    while (up && up !== action) up = parent(up);
    expect(up, `创单 is not under the action\n${shown}`).toBe(action);
    expect(
      spans.some((s) => s.name === 'order.step' && parent(s) === action),
      shown,
    ).toBe(true);

    // Callbacks continue the trace of the provider call they report (the sandbox echoes its traceparent).
    const callbacks = spans.filter((s) => s.name.startsWith('callback '));
    expect(callbacks.length, shown).toBeGreaterThanOrEqual(2);
    for (const c of callbacks) expect(parent(c)?.name, shown).toMatch(/^provider /);

    // The payment notification wakes the confirm job; the job calls the provider; its callback follows.
    const notify = spans.find((s) => s.name === 'payment.notify')!;
    expect(notify, shown).toBeDefined();
    const confirm = spans.find((s) => s.name === 'job order-confirm')!;
    expect(confirm, shown).toBeDefined();
    let p: ReadableSpan | undefined = parent(confirm);
    while (p && p !== notify) p = parent(p);
    expect(p, `the confirm job is not under the payment notification\n${shown}`).toBe(notify);
    const confirmCall = spans.find((s) => s.name === 'provider confirm' && parent(s) === confirm);
    expect(confirmCall, shown).toBeDefined();
    const issueCallback = callbacks.find((c) => parent(c) === confirmCall);
    expect(issueCallback, shown).toBeDefined();
    expect(issueCallback!.attributes['rail.verdict'], shown).toBe('applied');
    // The callback's own step (the order service, re-reading 订单详情) runs under it.
    expect(
      spans.some((s) => s.name === 'order.step' && parent(s) === issueCallback),
      shown,
    ).toBe(true);

    // The sandbox logged the traceparent of the calls about this order, with this trace's id.
    const log = await control<TraceLogEntry[]>(h.sandbox, 'GET', 'traceparents');
    const mineLogged = log.filter((e) => e.traceparent.split('-')[1] === traceId);
    expect(mineLogged.map((e) => e.path).join(' '), shown).toMatch(/order\/create/);
    expect(
      mineLogged.some((e) => e.orderNo === order.providerOrderNo),
      shown,
    ).toBe(true);
  });
});

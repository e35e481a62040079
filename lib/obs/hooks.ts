/**
 * The few calls the hot paths make (provider resilience, the job queue, the order service, the
 * action guard, the inbound callbacks): each opens a span, sets the request id and counts a metric,
 * so those files stay a line each away from observability (lib/obs/trace.ts, metrics.ts, context.ts).
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { ORDER_STATUS } from '@/protocol/panhe/codes';
import { logDebug, logInfo, logWarn } from '@/lib/log';
import { withRequestId } from './context';
import { metrics } from './metrics';
import { contextFrom, jobTraceContext, SpanKind, traceHeaders, withSpan, withTraceData } from './trace';

export { traceHeaders, withTraceData };

const GOOD_OUTCOMES = new Set(['ok', 'business']);

/** A provider call (all its attempts): a CLIENT span whose context the adapter sends as `traceparent`. */
export function providerCallSpan<T>(provider: string, endpoint: string, fn: () => Promise<T>): Promise<T> {
  return withSpan(`provider ${endpoint}`, { 'rail.provider': provider, 'rail.endpoint': endpoint }, () => fn(), {
    kind: SpanKind.CLIENT,
  });
}

/** A provider call's outcome (resilience.ts CallOutcome) and duration. */
export function observeProviderCall(provider: string, endpoint: string, outcome: string, ms: number): void {
  const m = metrics();
  const s = ms / 1000;
  m.providerLatency.observe({ provider, endpoint, outcome }, s);
  m.providerLatencyHour.observe({ provider, endpoint }, s);
  const failed = !GOOD_OUTCOMES.has(outcome);
  m.providerErrorsHour.observe({ provider, endpoint }, failed ? 1 : 0);
  if (failed) m.providerErrors.inc({ provider, endpoint, outcome });
  (failed ? logWarn : logDebug)('provider call', { provider, endpoint, outcome, ms: Math.round(ms) });
}

/** One step of the order service (withOrder): a span under the caller's. */
export function orderSpan<T>(orderId: string, source: string, fn: () => Promise<T>): Promise<T> {
  return withSpan('order.step', { 'rail.order_id': orderId, 'rail.source': source }, fn);
}

const FUNNEL: Partial<Record<number, string>> = {
  [ORDER_STATUS.HELD]: 'hold',
  [ORDER_STATUS.ISSUING]: 'payment',
  [ORDER_STATUS.ISSUED]: 'issue',
};
const FAILURES: Partial<Record<number, string>> = {
  [ORDER_STATUS.HOLD_FAILED]: 'hold_failed',
  [ORDER_STATUS.ISSUE_FAILED]: 'issue_failed',
  [ORDER_STATUS.CANCELLED]: 'cancelled',
};

/** An order moved `from` → `to` (the booking funnel). */
export function observeOrderMove(from: number, to: number): void {
  const m = metrics();
  const step = FUNNEL[to];
  if (step) m.funnel.inc({ step });
  const reason = FAILURES[to];
  if (reason) {
    m.funnel.inc({ step: 'failure' });
    m.failures.inc({ reason: from === ORDER_STATUS.HELD && reason === 'cancelled' ? 'unpaid_or_cancelled' : reason });
  }
}

export function observeSearch(): void {
  metrics().funnel.inc({ step: 'search' });
}

/** Refund money: `in` refunded to us by a provider, `out` paid back to a traveller (fen). */
export function observeRefund(direction: 'in' | 'out', fen: number): void {
  if (fen > 0) metrics().refundFen.inc({ direction }, fen);
}

/**
 * A job run: a CONSUMER span whose parent is the trace the job's data carries (the step that sent
 * it), under the job's id as the request id; duration and outcome per queue.
 */
export function runJob<T>(queue: string, job: { id: string; data: unknown }, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  return withRequestId(
    () =>
      withSpan(`job ${queue}`, { 'rail.queue': queue, 'rail.job_id': job.id }, fn, {
        kind: SpanKind.CONSUMER,
        parent: jobTraceContext(job.data),
      }).then(
        (v) => {
          const ms = performance.now() - started;
          metrics().jobs.observe({ queue, outcome: 'ok' }, ms / 1000);
          logDebug('job done', { queue, jobId: job.id, ms: Math.round(ms) });
          return v;
        },
        (e: unknown) => {
          const ms = performance.now() - started;
          metrics().jobs.observe({ queue, outcome: 'error' }, ms / 1000);
          logWarn('job failed', {
            queue,
            jobId: job.id,
            ms: Math.round(ms),
            error: e instanceof Error ? e.message : String(e),
          });
          throw e;
        },
      ),
    job.id,
  );
}

/** A server action or a route handler (lib/actions.ts, lib/http.ts): a span under a request id. */
export function observeRequest<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return withRequestId(() =>
    withSpan(name, {}, async () => {
      const started = performance.now();
      const out = await fn();
      logDebug('request done', { request: name, ms: Math.round(performance.now() - started) });
      return out;
    }),
  );
}

type Headers = Record<string, unknown> | { get(name: string): string | null };
function carrierOf(h: Headers | undefined): Record<string, unknown> | undefined {
  if (!h) return undefined;
  if (typeof (h as { get?: unknown }).get === 'function') {
    const get = (h as { get(n: string): string | null }).get.bind(h);
    return { traceparent: get('traceparent') ?? undefined, tracestate: get('tracestate') ?? undefined };
  }
  return h;
}

/**
 * A provider callback received: a SERVER span continuing the trace its `traceparent` names (the
 * sandbox sends the one of the last call about the order; a real provider sends none, and the
 * callback starts its own trace), its verdict counted, its latency per route.
 */
export function observeCallback<T extends { status: number; verdict: string }>(
  headers: Headers | undefined,
  provider: string,
  kind: string,
  fn: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  return withRequestId(() =>
    withSpan(
      `callback ${provider} ${kind}`,
      { 'rail.provider': provider, 'rail.callback_kind': kind },
      async (span) => {
        const out = await fn();
        span.setAttribute('rail.verdict', out.verdict);
        span.setAttribute('http.response.status_code', out.status);
        if (out.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        const m = metrics();
        m.callbacks.inc({ provider, kind, verdict: out.verdict });
        m.lastCallback.set({ provider, kind, verdict: out.verdict }, Date.now() / 1000);
        observeHttp(`callback:${provider}/${kind}`, 'POST', out.status, performance.now() - started);
        logInfo('callback', { provider, kind, verdict: out.verdict, status: out.status });
        return out;
      },
      { kind: SpanKind.SERVER, parent: contextFrom(carrierOf(headers)) },
    ),
  );
}

/** A payment gateway notification received. */
export function observePaymentNotification<T extends { status: number }>(
  headers: Headers | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  return withRequestId(() =>
    withSpan(
      'payment.notify',
      {},
      async () => {
        const out = await fn();
        metrics().paymentNotifications.inc({ outcome: out.status < 300 ? 'accepted' : `refused_${out.status}` });
        observeHttp('/api/payments/notify', 'POST', out.status, performance.now() - started);
        logInfo('payment notification', { status: out.status });
        return out;
      },
      { kind: SpanKind.SERVER, parent: contextFrom(carrierOf(headers)) },
    ),
  );
}

export function observeHttp(route: string, method: string, status: number, ms: number): void {
  const m = metrics();
  m.http.observe({ route, method, status: String(status) }, ms / 1000);
  m.httpHour.observe({ route }, ms / 1000);
}

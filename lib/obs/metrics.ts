/**
 * Prometheus metrics (prom-client), one registry per process. The portal serves its registry at
 * /api/metrics (an admin token or the loopback: app/api/metrics/route.ts); the worker, a separate
 * process, serves its own on 127.0.0.1:WORKER_METRICS_PORT (scripts/worker.ts; lib/obs/serve.ts), and
 * Prometheus scrapes both. Queue depth and age are read from pg-boss's table at scrape time by the
 * portal only (one reading of one shared table). The admin system page reads these same registries
 * (lib/obs/snapshot.ts), never a second bookkeeping.
 */
import { Counter, Gauge, Histogram, Registry, Summary, collectDefaultMetrics } from 'prom-client';

export interface RailMetrics {
  registry: Registry;
  funnel: Counter<'step'>;
  failures: Counter<'reason'>;
  providerLatency: Histogram<'provider' | 'endpoint' | 'outcome'>;
  providerLatencyHour: Summary<'provider' | 'endpoint'>;
  providerErrors: Counter<'provider' | 'endpoint' | 'outcome'>;
  providerErrorsHour: Summary<'provider' | 'endpoint'>;
  jobs: Histogram<'queue' | 'outcome'>;
  callbacks: Counter<'provider' | 'kind' | 'verdict'>;
  lastCallback: Gauge<'provider' | 'kind' | 'verdict'>;
  paymentNotifications: Counter<'outcome'>;
  refundFen: Counter<'direction'>;
  http: Histogram<'route' | 'method' | 'status'>;
  httpHour: Summary<'route'>;
}

const g = globalThis as unknown as { railMetrics?: RailMetrics };
const HOUR = { maxAgeSeconds: 3600, ageBuckets: 6, percentiles: [0.5, 0.95, 0.99] };

function build(): RailMetrics {
  const registry = new Registry();
  if (process.env.NODE_ENV !== 'test' && !process.env.VITEST) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    funnel: new Counter({
      name: 'rail_booking_funnel_total',
      help: 'Booking funnel steps: search, hold, payment, issue, failure',
      labelNames: ['step'],
      registers,
    }),
    failures: new Counter({
      name: 'rail_booking_failures_total',
      help: 'Orders that failed or were cancelled, by reason (the state reached)',
      labelNames: ['reason'],
      registers,
    }),
    providerLatency: new Histogram({
      name: 'rail_provider_call_duration_seconds',
      help: 'Provider call latency per provider, endpoint and outcome (attempts and retries included)',
      labelNames: ['provider', 'endpoint', 'outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    providerLatencyHour: new Summary({
      name: 'rail_provider_call_seconds_hour',
      help: 'Provider call latency quantiles over the last hour (sliding window)',
      labelNames: ['provider', 'endpoint'],
      ...HOUR,
      registers,
    }),
    providerErrors: new Counter({
      name: 'rail_provider_call_errors_total',
      help: 'Provider calls that failed (timeout, transport, http, malformed, rejected), per endpoint',
      labelNames: ['provider', 'endpoint', 'outcome'],
      registers,
    }),
    providerErrorsHour: new Summary({
      name: 'rail_provider_call_failed_hour',
      help: 'Provider calls over the last hour: 1 per failed call, 0 per good one (the mean is the error rate)',
      labelNames: ['provider', 'endpoint'],
      ...HOUR,
      registers,
    }),
    jobs: new Histogram({
      name: 'rail_job_duration_seconds',
      help: 'Job runs per queue and outcome',
      labelNames: ['queue', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers,
    }),
    callbacks: new Counter({
      name: 'rail_callback_verdicts_total',
      help: 'Provider callbacks received, per provider, kind and verdict',
      labelNames: ['provider', 'kind', 'verdict'],
      registers,
    }),
    lastCallback: new Gauge({
      name: 'rail_callback_last_seconds',
      help: 'When the last callback of each provider, kind and verdict arrived (unix seconds)',
      labelNames: ['provider', 'kind', 'verdict'],
      registers,
    }),
    paymentNotifications: new Counter({
      name: 'rail_payment_notifications_total',
      help: 'Payment gateway notifications, by outcome (the HTTP status class answered)',
      labelNames: ['outcome'],
      registers,
    }),
    refundFen: new Counter({
      name: 'rail_refund_fen_total',
      help: 'Refund money in fen: in = refunded to us by the provider, out = paid back to travellers',
      labelNames: ['direction'],
      registers,
    }),
    http: new Histogram({
      name: 'rail_http_request_duration_seconds',
      help: 'HTTP request latency per route (route handlers, server actions, inbound callbacks)',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    httpHour: new Summary({
      name: 'rail_http_request_seconds_hour',
      help: 'HTTP request latency quantiles per route over the last hour (sliding window)',
      labelNames: ['route'],
      ...HOUR,
      registers,
    }),
  };
}

export function metrics(): RailMetrics {
  g.railMetrics ??= build();
  return g.railMetrics;
}

/** Queue depth, oldest waiting job and failed jobs per queue, read from pg-boss's table at scrape time. */
export function registerQueueGauges(read: () => Promise<QueueReading[]>): void {
  const m = metrics();
  if (m.registry.getSingleMetric('rail_job_queue_depth')) return;
  let pending: Promise<QueueReading[]> | null = null;
  // The three gauges are collected together: one query per scrape.
  const reading = () => (pending ??= read().finally(() => setTimeout(() => (pending = null), 0)));
  const gauge = (name: string, help: string, pick: (q: QueueReading) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['queue'],
      registers: [m.registry],
      async collect() {
        this.reset();
        for (const q of await reading()) this.set({ queue: q.queue }, pick(q));
      },
    });
  gauge('rail_job_queue_depth', 'Jobs waiting (created or retry) per queue', (q) => q.waiting);
  gauge('rail_job_queue_oldest_seconds', 'Age of the oldest waiting job per queue (seconds)', (q) => q.oldestSeconds);
  gauge('rail_job_queue_active', 'Jobs running per queue', (q) => q.active);
  gauge('rail_job_queue_failed', 'Failed jobs (retries exhausted) kept per queue', (q) => q.failed);
}

export interface QueueReading {
  queue: string;
  waiting: number;
  active: number;
  failed: number;
  oldestSeconds: number;
}

/**
 * The admin system page's reading, from the metrics only (no bookkeeping of its own): the portal's
 * registry in-process and the worker's from its metrics server (serve.ts), each with its hour's
 * counter increases (window.ts) and its sliding-window quantiles, merged here.
 */
import { env } from '@/lib/env';
import { enableQueueGauges } from './queues';
import { processReport, type MetricJson, type ProcessReport } from './report';
import { workerReport } from './serve';

export interface ProviderRow {
  provider: string;
  endpoint: string;
  calls: number;
  errors: number;
  meanMs: number | null;
  p95Ms: number | null;
}
export interface RouteRow {
  route: string;
  requests: number;
  meanMs: number | null;
  p95Ms: number | null;
}
export interface QueueRow {
  queue: string;
  waiting: number;
  active: number;
  failed: number;
  oldestSeconds: number;
  failedRunsHour: number;
}
export interface CallbackRow {
  provider: string;
  kind: string;
  verdict: string;
  countHour: number;
  lastAt: Date | null;
}
export interface SystemSnapshot {
  /** Seconds the hour's figures cover per process (less than 3600 after a restart). */
  covers: { process: string; seconds: number }[];
  workerReachable: boolean;
  providers: ProviderRow[];
  routes: RouteRow[];
  queues: QueueRow[];
  callbacks: CallbackRow[];
  funnel: Record<string, number>;
  refundFen: { in: number; out: number };
}

type Labels = Partial<Record<string, string | number>>;

/** `name{a=1,b=2}` → { name, labels }. */
function parseKey(key: string): { name: string; labels: Record<string, string> } {
  const i = key.indexOf('{');
  const labels: Record<string, string> = {};
  for (const part of key.slice(i + 1, -1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) labels[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return { name: key.slice(0, i), labels };
}

function sumDeltas(reports: ProcessReport[], name: string, by: (l: Labels) => string | null) {
  const out = new Map<string, number>();
  for (const r of reports)
    for (const [key, v] of Object.entries(r.deltas)) {
      const p = parseKey(key);
      if (p.name !== name) continue;
      const k = by(p.labels);
      if (k !== null) out.set(k, (out.get(k) ?? 0) + v);
    }
  return out;
}

/** The highest 0.95 quantile any process reports for a series of a *_hour summary (seconds). */
function p95(reports: ProcessReport[], name: string, by: (l: Labels) => string) {
  const out = new Map<string, number>();
  for (const r of reports) {
    const m = r.metrics.find((x) => x.name === name);
    for (const v of m?.values ?? []) {
      if (v.labels.quantile !== 0.95 || !Number.isFinite(v.value)) continue;
      const k = by(v.labels);
      out.set(k, Math.max(out.get(k) ?? 0, v.value));
    }
  }
  return out;
}

const gaugeValues = (reports: ProcessReport[], name: string): MetricJson['values'] =>
  reports.flatMap((r) => r.metrics.find((m) => m.name === name)?.values ?? []);

export async function systemSnapshot(): Promise<SystemSnapshot> {
  enableQueueGauges();
  const [portal, worker] = await Promise.all([processReport('portal'), workerReport(env().WORKER_METRICS_PORT)]);
  const reports = worker ? [portal, worker] : [portal];

  const ep = (l: Labels) => `${l.provider}|${l.endpoint}`;
  const calls = sumDeltas(reports, 'rail_provider_call_duration_seconds_count', ep);
  const secs = sumDeltas(reports, 'rail_provider_call_duration_seconds_sum', ep);
  const errors = sumDeltas(reports, 'rail_provider_call_errors_total', ep);
  const providerP95 = p95(reports, 'rail_provider_call_seconds_hour', ep);
  const providers = [...new Set([...calls.keys(), ...errors.keys()])]
    .map((k) => {
      const [provider = '', endpoint = ''] = k.split('|');
      const n = calls.get(k) ?? 0;
      return {
        provider,
        endpoint,
        calls: n,
        errors: errors.get(k) ?? 0,
        meanMs: n > 0 ? ((secs.get(k) ?? 0) / n) * 1000 : null,
        p95Ms: providerP95.has(k) ? providerP95.get(k)! * 1000 : null,
      };
    })
    .filter((r) => r.calls > 0 || r.errors > 0)
    .sort((a, b) => b.errors - a.errors || (b.p95Ms ?? 0) - (a.p95Ms ?? 0));

  const route = (l: Labels) => String(l.route);
  const reqs = sumDeltas(reports, 'rail_http_request_duration_seconds_count', route);
  const reqSecs = sumDeltas(reports, 'rail_http_request_duration_seconds_sum', route);
  const routeP95 = p95(reports, 'rail_http_request_seconds_hour', route);
  const routes = [...reqs.entries()]
    .filter(([, n]) => n > 0)
    .map(([r, n]) => ({
      route: r,
      requests: n,
      meanMs: ((reqSecs.get(r) ?? 0) / n) * 1000,
      p95Ms: routeP95.has(r) ? routeP95.get(r)! * 1000 : null,
    }))
    .sort((a, b) => (b.p95Ms ?? b.meanMs) - (a.p95Ms ?? a.meanMs))
    .slice(0, 10);

  const failedRuns = sumDeltas(reports, 'rail_job_duration_seconds_count', (l) =>
    l.outcome === 'error' ? String(l.queue) : null,
  );
  const gauge = (name: string) =>
    new Map(portal.metrics.find((m) => m.name === name)?.values.map((v) => [String(v.labels.queue), v.value]) ?? []);
  const depth = gauge('rail_job_queue_depth');
  const active = gauge('rail_job_queue_active');
  const failed = gauge('rail_job_queue_failed');
  const oldest = gauge('rail_job_queue_oldest_seconds');
  const queues = [...new Set([...depth.keys(), ...failedRuns.keys()])].sort().map((q) => ({
    queue: q,
    waiting: depth.get(q) ?? 0,
    active: active.get(q) ?? 0,
    failed: failed.get(q) ?? 0,
    oldestSeconds: oldest.get(q) ?? 0,
    failedRunsHour: failedRuns.get(q) ?? 0,
  }));

  const cb = (l: Labels) => `${l.provider}|${l.kind}|${l.verdict}`;
  const cbCounts = sumDeltas(reports, 'rail_callback_verdicts_total', cb);
  const last = new Map<string, number>();
  for (const v of gaugeValues(reports, 'rail_callback_last_seconds'))
    last.set(cb(v.labels), Math.max(last.get(cb(v.labels)) ?? 0, v.value));
  const callbacks = [...new Set([...cbCounts.keys(), ...last.keys()])]
    .map((k) => {
      const [provider = '', kind = '', verdict = ''] = k.split('|');
      const at = last.get(k);
      return { provider, kind, verdict, countHour: cbCounts.get(k) ?? 0, lastAt: at ? new Date(at * 1000) : null };
    })
    .sort((a, b) => (b.lastAt?.getTime() ?? 0) - (a.lastAt?.getTime() ?? 0));

  const funnel = Object.fromEntries(sumDeltas(reports, 'rail_booking_funnel_total', (l) => String(l.step)));
  const refunds = sumDeltas(reports, 'rail_refund_fen_total', (l) => String(l.direction));
  return {
    covers: reports.map((r) => ({ process: r.process, seconds: r.seconds })),
    workerReachable: !!worker,
    providers,
    routes,
    queues,
    callbacks,
    funnel,
    refundFen: { in: refunds.get('in') ?? 0, out: refunds.get('out') ?? 0 },
  };
}

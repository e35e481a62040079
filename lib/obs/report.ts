/**
 * What one process's metrics say, for the admin system page: the hour's increases of its counters
 * (window.ts), its sliding-window quantiles and its gauges. The portal reads its own in-process and
 * the worker's from the worker's metrics server (serve.ts, GET /report.json).
 */
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import { metrics } from './metrics';
import { hourDeltas } from './window';

export type MetricJson = MetricObjectWithValues<MetricValue<string>>;

export interface ProcessReport {
  process: string;
  seconds: number;
  deltas: Record<string, number>;
  /** The *_hour summaries (quantiles over the last hour) and the gauges. */
  metrics: MetricJson[];
}

export async function processReport(process: string): Promise<ProcessReport> {
  const { seconds, deltas } = await hourDeltas();
  const all = (await metrics().registry.getMetricsAsJSON()) as MetricJson[];
  return {
    process,
    seconds,
    deltas,
    metrics: all.filter((m) => m.name.endsWith('_hour') || String(m.type) === 'gauge'),
  };
}

/**
 * "Over the last hour" from the process's own counters: a sample of every counter and histogram
 * count/sum is kept each minute (61 at most), and the hour's figure is the difference between now and
 * the oldest sample within the hour (or the process's start). Read by the admin system page; the
 * quantiles come from the sliding-window summaries (metrics.ts *_hour).
 */
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import { metrics } from './metrics';

type Flat = Map<string, number>;
interface Sample {
  at: number;
  values: Flat;
}

const KEEP = 61;
const g = globalThis as unknown as { railWindow?: { samples: Sample[]; timer?: NodeJS.Timeout } };

export function seriesKey(name: string, labels: Record<string, string | number | undefined>): string {
  const l = Object.keys(labels)
    .filter((k) => labels[k] !== undefined && k !== 'le' && k !== 'quantile')
    .sort()
    .map((k) => `${k}=${String(labels[k])}`)
    .join(',');
  return `${name}{${l}}`;
}

type Json = MetricObjectWithValues<MetricValue<string>>;

/** Counters' values and histograms' _count and _sum, flat by series. */
export function flatten(all: Json[]): Flat {
  const out: Flat = new Map();
  for (const m of all) {
    const type = String(m.type);
    if (type !== 'counter' && type !== 'histogram' && type !== 'summary') continue;
    for (const v of m.values) {
      const name = (v as { metricName?: string }).metricName ?? m.name;
      if (type !== 'counter' && !name.endsWith('_count') && !name.endsWith('_sum')) continue;
      out.set(seriesKey(name, v.labels), v.value);
    }
  }
  return out;
}

async function sampleNow(): Promise<Sample> {
  return { at: Date.now(), values: flatten(await metrics().registry.getMetricsAsJSON()) };
}

/** Starts the minute's sampling (idempotent; the timer does not keep the process alive). */
export function startWindow(): void {
  if (g.railWindow) return;
  const state: { samples: Sample[]; timer?: NodeJS.Timeout } = { samples: [] };
  g.railWindow = state;
  const take = () =>
    void sampleNow().then((s) => {
      state.samples.push(s);
      if (state.samples.length > KEEP) state.samples.splice(0, state.samples.length - KEEP);
    });
  take();
  state.timer = setInterval(take, 60_000);
  state.timer.unref();
}

export interface HourDeltas {
  /** Seconds covered (an hour, or less since the process started). */
  seconds: number;
  deltas: Record<string, number>;
}

/** Each series' increase over the last hour (or since the oldest sample). */
export async function hourDeltas(): Promise<HourDeltas> {
  startWindow();
  const now = await sampleNow();
  const since = now.at - 3600_000;
  const base = g.railWindow!.samples.find((s) => s.at >= since) ?? now;
  const deltas: Record<string, number> = {};
  for (const [k, v] of now.values) deltas[k] = v - (base.values.get(k) ?? 0);
  return { seconds: Math.round((now.at - base.at) / 1000), deltas };
}

'use client';
/**
 * The system page's chart (recharts): provider latency per endpoint over the last hour, mean and
 * p95. Loaded lazily (system-charts-lazy.tsx); the same figures are in the table beside it.
 */
import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface LatencyPoint {
  label: string;
  meanMs: number;
  p95Ms: number;
}

export function ProviderLatencyChart({ data }: { data: LatencyPoint[] }) {
  const t = useTranslations('admin.systemChart');
  return (
    <div className="h-64 w-full" data-testid="chart-provider-latency">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data.map((d) => ({ label: d.label, mean: Math.round(d.meanMs), P95: Math.round(d.p95Ms) }))}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          title={t('title')}
          desc={t('desc')}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis tick={{ fontSize: 12 }} width={56} unit=" ms" />
          <Tooltip />
          <Legend />
          <Bar dataKey="mean" name={t('mean')} fill="#2563eb" />
          <Bar dataKey="P95" fill="#b45309" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

'use client';
/**
 * The reconciliation dashboard's charts (recharts). Only this file imports recharts, and only
 * recon-charts-lazy.tsx imports this file (as a lazily loaded chunk), so the library stays out of
 * every other page's bundle. Each chart is a figure with a caption; the same figures are also in a
 * table next to it for screen readers and for copying.
 */
import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatFen } from '@/lib/format';

export interface DailyPoint {
  /** yyyy-MM-dd in Shanghai. */
  day: string;
  refundFen: number;
  feeFen: number;
  count: number;
}

export interface ReasonPoint {
  label: string;
  count: number;
}

const yuan = (fen: number) => Math.round(fen) / 100;
/** 12 px ticks: about 13 px a Chinese character, 8 px a digit; an axis narrower than its longest tick cuts it off. */
export const categoryAxisWidth = (labels: string[]) =>
  Math.min(240, 16 + 13 * Math.max(4, ...labels.map((l) => l.length)));
export const yuanAxisWidth = (maxYuan: number) => Math.max(56, 28 + 8 * String(Math.round(maxYuan)).length);
const fenTooltip = (v: unknown) => formatFen(Math.round(Number(v) * 100));

export function DailyRefundChart({ data }: { data: DailyPoint[] }) {
  const t = useTranslations('admin.reconCharts');
  const maxYuan = Math.max(0, ...data.map((d) => yuan(Math.max(d.refundFen, d.feeFen))));
  // The unit is drawn after each tick: widen the axis for a unit longer than one character (" CNY").
  const unit = t('yuan');
  return (
    <div className="h-64 w-full" data-testid="chart-daily">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data.map((d) => ({ day: d.day, refund: yuan(d.refundFen), fee: yuan(d.feeFen) }))}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          title={t('dailyTitle')}
          desc={t('dailyDesc')}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {/* Ticks drop the year to fit 14+ days; the tooltip shows the whole yyyy-MM-dd. */}
          <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} tick={{ fontSize: 12, fill: '#334155' }} />
          <YAxis
            tick={{ fontSize: 12, fill: '#334155' }}
            width={yuanAxisWidth(maxYuan) + 8 * Math.max(0, unit.length - 1)}
            unit={unit}
          />
          <Tooltip formatter={fenTooltip} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="refund" name={t('refund')} fill="#1d5fbf" isAnimationActive={false} />
          <Bar dataKey="fee" name={t('fee')} fill="#b45309" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ReasonChart({ data }: { data: ReasonPoint[] }) {
  const t = useTranslations('admin.reconCharts');
  return (
    <div className="h-64 w-full" data-testid="chart-reasons">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data.map((d) => ({ reason: d.label, count: d.count }))}
          layout="vertical"
          margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
          title={t('reasonsTitle')}
          desc={t('reasonsDesc')}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12, fill: '#334155' }} />
          <YAxis
            type="category"
            dataKey="reason"
            width={categoryAxisWidth(data.map((d) => d.label))}
            tick={{ fontSize: 12, fill: '#334155' }}
          />
          <Tooltip />
          <Bar dataKey="count" name={t('count')} fill="#b91c1c" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

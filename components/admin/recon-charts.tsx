'use client';
/**
 * The reconciliation dashboard's charts (recharts). Only this file imports recharts, and only
 * recon-charts-lazy.tsx imports this file (as a lazily loaded chunk), so the library stays out of
 * every other page's bundle. Each chart is a figure with a caption; the same figures are also in a
 * table next to it for screen readers and for copying.
 */
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
  const maxYuan = Math.max(0, ...data.map((d) => yuan(Math.max(d.refundFen, d.feeFen))));
  return (
    <div className="h-64 w-full" data-testid="chart-daily">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data.map((d) => ({ day: d.day, 退款额: yuan(d.refundFen), 手续费: yuan(d.feeFen) }))}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          title="每日退款额与手续费（元）"
          desc="每天一组柱：退款额与手续费；用方向键逐日查看数值。"
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {/* Ticks drop the year to fit 14+ days; the tooltip shows the whole yyyy-MM-dd. */}
          <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} tick={{ fontSize: 12, fill: '#334155' }} />
          <YAxis tick={{ fontSize: 12, fill: '#334155' }} width={yuanAxisWidth(maxYuan)} unit="元" />
          <Tooltip formatter={fenTooltip} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="退款额" fill="#1d5fbf" isAnimationActive={false} />
          <Bar dataKey="手续费" fill="#b45309" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ReasonChart({ data }: { data: ReasonPoint[] }) {
  return (
    <div className="h-64 w-full" data-testid="chart-reasons">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data.map((d) => ({ reason: d.label, 笔数: d.count }))}
          layout="vertical"
          margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
          title="未解决差异笔数（按原因）"
          desc="每个原因一条横柱；用方向键逐项查看笔数。"
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
          <Bar dataKey="笔数" fill="#b91c1c" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

'use client';
/** Loads the chart library only when a chart is on screen (admin dashboard only). */
import dynamic from 'next/dynamic';

const loading = () => <div className="h-64 w-full animate-pulse rounded bg-slate-100" aria-hidden="true" />;

export const DailyRefundChart = dynamic(() => import('./recon-charts').then((m) => m.DailyRefundChart), {
  ssr: false,
  loading,
});
export const ReasonChart = dynamic(() => import('./recon-charts').then((m) => m.ReasonChart), {
  ssr: false,
  loading,
});

'use client';
/** Loads the chart library only when the system page's chart is on screen. */
import dynamic from 'next/dynamic';

const loading = () => <div className="h-64 w-full animate-pulse rounded bg-slate-100" aria-hidden="true" />;

export const ProviderLatencyChart = dynamic(() => import('./system-charts').then((m) => m.ProviderLatencyChart), {
  ssr: false,
  loading,
});

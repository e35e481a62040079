'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { getQueryClient } from '@/components/query-client';
import { useTx } from '@/lib/i18n/client';

interface Stop {
  index: number;
  station: string;
  arrive: string | null;
  depart: string | null;
  stopMinutes: number | null;
}

async function fetchStops(p: { trainCode: string; trainNo: string; date: string; from: string; to: string }) {
  const res = await fetch(`/api/trains/stops?${new URLSearchParams(p).toString()}`);
  if (!res.ok) throw new Error('stops failed');
  return ((await res.json()) as { stops: Stop[] }).stops;
}

/** A train's 经停站 (stops-disclosure.tsx loads this when the list is first opened). */
export function StopsTable(props: { trainCode: string; trainNo: string; date: string; from: string; to: string }) {
  const t = useTranslations('search.stops');
  const tx = useTx();
  const { data, isPending, isError } = useQuery(
    {
      queryKey: ['stops', props.trainNo, props.date],
      queryFn: () => fetchStops(props),
      // A timetable: it does not change while the tab is open.
      staleTime: Infinity,
    },
    getQueryClient(),
  );
  if (isPending) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  if (isError) return <p className="text-sm text-red-700">{t('error')}</p>;
  return (
    <table className="min-w-[360px] text-left text-sm">
      <caption className="sr-only">{t('caption', { code: props.trainCode })}</caption>
      <thead>
        <tr className="text-slate-600">
          <th scope="col" className="pr-4">
            {t('index')}
          </th>
          <th scope="col" className="pr-4">
            {t('station')}
          </th>
          <th scope="col" className="pr-4">
            {t('arrive')}
          </th>
          <th scope="col" className="pr-4">
            {t('depart')}
          </th>
          <th scope="col">{t('stop')}</th>
        </tr>
      </thead>
      <tbody>
        {data.map((s) => {
          const onTrip = s.station === props.from || s.station === props.to;
          return (
            <tr key={s.index} className={onTrip ? 'font-semibold text-brand-800' : ''}>
              <td className="pr-4">{s.index}</td>
              <td className="pr-4">{tx(s.station)}</td>
              <td className="pr-4">{s.arrive ?? '—'}</td>
              <td className="pr-4">{s.depart ?? '—'}</td>
              <td>{s.stopMinutes != null ? t('minutes', { m: s.stopMinutes }) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

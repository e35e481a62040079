'use client';

import { useQuery } from '@tanstack/react-query';
import { getQueryClient } from '@/components/query-client';

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
  const { data, isPending, isError } = useQuery(
    {
      queryKey: ['stops', props.trainNo, props.date],
      queryFn: () => fetchStops(props),
      // A timetable: it does not change while the tab is open.
      staleTime: Infinity,
    },
    getQueryClient(),
  );
  if (isPending) return <p className="text-sm text-slate-500">加载中…</p>;
  if (isError) return <p className="text-sm text-red-700">经停站信息暂时无法获取。</p>;
  return (
    <table className="min-w-[360px] text-left text-sm">
      <caption className="sr-only">{props.trainCode} 经停站</caption>
      <thead>
        <tr className="text-slate-600">
          <th scope="col" className="pr-4">
            站序
          </th>
          <th scope="col" className="pr-4">
            车站
          </th>
          <th scope="col" className="pr-4">
            到达
          </th>
          <th scope="col" className="pr-4">
            出发
          </th>
          <th scope="col">停留</th>
        </tr>
      </thead>
      <tbody>
        {data.map((s) => {
          const onTrip = s.station === props.from || s.station === props.to;
          return (
            <tr key={s.index} className={onTrip ? 'font-semibold text-brand-800' : ''}>
              <td className="pr-4">{s.index}</td>
              <td className="pr-4">{s.station}</td>
              <td className="pr-4">{s.arrive ?? '—'}</td>
              <td className="pr-4">{s.depart ?? '—'}</td>
              <td>{s.stopMinutes != null ? `${s.stopMinutes}分` : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

'use client';

import { useState } from 'react';
import { load, useEntry } from './fetch-store';

interface Stop {
  index: number;
  station: string;
  arrive: string | null;
  depart: string | null;
  stopMinutes: number | null;
}

/** 经停站 on demand: fetched the first time the list is opened. */
export function StopsDisclosure(props: { trainCode: string; trainNo: string; date: string; from: string; to: string }) {
  const [open, setOpen] = useState(false);
  const key = `stops:${props.trainNo}:${props.date}`;
  const { data, loading: isLoading, error: isError } = useEntry<Stop[]>(open ? key : null);
  const fetchStops = async () => {
    const res = await fetch(
      `/api/trains/stops?${new URLSearchParams({ trainCode: props.trainCode, trainNo: props.trainNo, date: props.date, from: props.from, to: props.to }).toString()}`,
    );
    if (!res.ok) throw new Error('stops failed');
    return ((await res.json()) as { stops: Stop[] }).stops;
  };
  const id = `stops-${props.trainNo}`;
  return (
    <div className="mt-2">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => {
          if (!open) load(key, fetchStops);
          setOpen((o) => !o);
        }}
        className="text-sm text-brand-700 underline"
      >
        {open ? '收起经停站' : '经停站'}
      </button>
      {open && (
        <div id={id} className="mt-2 overflow-x-auto">
          {isLoading && <p className="text-sm text-slate-500">加载中…</p>}
          {isError && <p className="text-sm text-red-700">经停站信息暂时无法获取。</p>}
          {data && (
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
          )}
        </div>
      )}
    </div>
  );
}

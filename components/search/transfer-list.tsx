'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { getQueryClient } from '@/components/query-client';
import { formatDuration, formatFen } from '@/lib/format';
import type { TransferAnswer, TransferJourney, TransferLeg } from '@/lib/search/transfers';
import { shanghaiDate } from '@/lib/time';

async function fetchTransfers(q: { from: string; to: string; date: string }): Promise<TransferAnswer> {
  const res = await fetch(`/api/trains/transfers?${new URLSearchParams(q).toString()}`);
  const body = (await res.json().catch(() => null)) as (TransferAnswer & { error?: { message: string } }) | null;
  if (!res.ok || !body) throw new Error(body?.error?.message ?? '中转方案暂时无法查询，请稍后再试。');
  return body;
}

/** The journeys of /api/trains/transfers (transfer-section.tsx loads this when it opens). */
export function TransferList(q: { from: string; to: string; date: string }) {
  const { data, isPending, isError, error } = useQuery(
    {
      queryKey: ['transfers', q.from, q.to, q.date],
      queryFn: () => fetchTransfers(q),
      staleTime: 20_000,
      retry: false,
    },
    getQueryClient(),
  );
  if (isPending)
    return (
      <p className="text-sm text-slate-500" role="status">
        正在查找中转方案…
      </p>
    );
  if (isError) return <p className="text-sm text-red-700">{error.message}</p>;
  if (!data.journeys.length)
    return (
      <p className="text-sm text-slate-600" role="status">
        {data.indexedTrains === 0 ? '中转线路数据正在建立，请稍后再试。' : '没有找到合适的中转方案。'}
      </p>
    );
  return (
    <ol className="flex flex-col gap-3" aria-label="中转方案列表">
      {data.journeys.map((j) => (
        <li key={j.bookHref}>
          <JourneyCard journey={j} date={q.date} />
        </li>
      ))}
    </ol>
  );
}

function dayNote(iso: string, date: string): string {
  const d = shanghaiDate(new Date(iso));
  return d === date ? '' : ` (${d.slice(5)})`;
}

function LegLine({ leg, n, date }: { leg: TransferLeg; n: 1 | 2; date: string }) {
  return (
    <p className="text-sm">
      <span className="mr-2 rounded bg-slate-100 px-1.5 text-xs text-slate-600">第{n}程</span>
      <span className="font-semibold">{leg.trainCode}</span> {leg.fromStation} {leg.fromTime}
      {dayNote(leg.departAt, date)} → {leg.toStation} {leg.toTime}
      {dayNote(leg.arriveAt, date)}
      <span className="ml-2 text-slate-600">
        {leg.lowestFen !== null
          ? `${formatFen(leg.lowestFen)}起，余 ${leg.seatsLeft} 张`
          : leg.saleTime
            ? `${leg.saleTime}起售`
            : '无票'}
      </span>
    </p>
  );
}

function JourneyCard({ journey: j, date }: { journey: TransferJourney; date: string }) {
  const c = j.connection;
  return (
    <article
      className="rounded-lg bg-white p-3 shadow-sm"
      data-testid="transfer-journey"
      aria-label={`${j.legs[0].trainCode} 转 ${j.legs[1].trainCode}`}
    >
      <LegLine leg={j.legs[0]} n={1} date={date} />
      <p className="my-1 text-sm text-amber-800" data-testid="transfer-connection">
        {c.kind === 'sameStation'
          ? `${c.station} 同站换乘，停留 ${formatDuration(c.waitMinutes)}`
          : `同城换乘：${c.station} → ${c.toStation}（换站约需 ${formatDuration(c.minMinutes)}），停留 ${formatDuration(c.waitMinutes)}`}
      </p>
      <LegLine leg={j.legs[1]} n={2} date={date} />
      <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
        <span>全程 {formatDuration(j.totalMinutes)}</span>
        <span className="font-semibold">{j.priceFen !== null ? `${formatFen(j.priceFen)}起` : '暂无余票'}</span>
        {j.available && (
          <Link
            href={j.bookHref}
            aria-label={`预订中转 ${j.legs[0].trainCode} 转 ${j.legs[1].trainCode}`}
            className="ml-auto rounded bg-brand-600 px-3 py-1 text-white"
          >
            预订中转
          </Link>
        )}
      </div>
    </article>
  );
}

'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { getQueryClient } from '@/components/query-client';
import { formatFen } from '@/lib/format';
import { useTx } from '@/lib/i18n/client';
import type { TransferAnswer, TransferJourney, TransferLeg } from '@/lib/search/transfers';
import { shanghaiDate } from '@/lib/time';
import { durationText } from './train-list';

async function fetchTransfers(
  q: { from: string; to: string; date: string },
  fallback: string,
): Promise<TransferAnswer> {
  const res = await fetch(`/api/trains/transfers?${new URLSearchParams(q).toString()}`);
  const body = (await res.json().catch(() => null)) as (TransferAnswer & { error?: { message: string } }) | null;
  if (!res.ok || !body) throw new Error(body?.error?.message ?? fallback);
  return body;
}

/** The journeys of /api/trains/transfers (transfer-section.tsx loads this when it opens). */
export function TransferList(q: { from: string; to: string; date: string }) {
  const t = useTranslations('search.transfers');
  const tx = useTx();
  const { data, isPending, isError, error } = useQuery(
    {
      queryKey: ['transfers', q.from, q.to, q.date],
      queryFn: () => fetchTransfers(q, t('fetchError')),
      staleTime: 20_000,
      retry: false,
    },
    getQueryClient(),
  );
  if (isPending)
    return (
      <p className="text-sm text-slate-500" role="status">
        {t('finding')}
      </p>
    );
  if (isError) return <p className="text-sm text-red-700">{tx(error.message)}</p>;
  if (!data.journeys.length)
    return (
      <p className="text-sm text-slate-600" role="status">
        {data.indexedTrains === 0 ? t('indexing') : t('none')}
      </p>
    );
  return (
    <ol className="flex flex-col gap-3" aria-label={t('listLabel')}>
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
  const t = useTranslations('search.transfers');
  const tx = useTx();
  return (
    <p className="text-sm">
      <span className="mr-2 rounded bg-slate-100 px-1.5 text-xs text-slate-600">{t('leg', { n })}</span>
      <span className="font-semibold">{leg.trainCode}</span> {tx(leg.fromStation)} {leg.fromTime}
      {dayNote(leg.departAt, date)} → {tx(leg.toStation)} {leg.toTime}
      {dayNote(leg.arriveAt, date)}
      <span className="ml-2 text-slate-600">
        {leg.lowestFen !== null
          ? t('legPrice', { price: formatFen(leg.lowestFen), left: leg.seatsLeft })
          : leg.saleTime
            ? t('legSale', { time: leg.saleTime })
            : t('legNone')}
      </span>
    </p>
  );
}

function JourneyCard({ journey: j, date }: { journey: TransferJourney; date: string }) {
  const t = useTranslations('search.transfers');
  const tt = useTranslations('search.trains');
  const tx = useTx();
  const d = (minutes: number) => durationText(tt, minutes);
  const c = j.connection;
  const pair = { first: j.legs[0].trainCode, second: j.legs[1].trainCode };
  return (
    <article
      className="rounded-lg bg-white p-3 shadow-sm"
      data-testid="transfer-journey"
      aria-label={t('journeyLabel', pair)}
    >
      <LegLine leg={j.legs[0]} n={1} date={date} />
      <p className="my-1 text-sm text-amber-800" data-testid="transfer-connection">
        {c.kind === 'sameStation'
          ? t('sameStation', { station: tx(c.station), wait: d(c.waitMinutes) })
          : t('cityTransfer', {
              station: tx(c.station),
              to: tx(c.toStation),
              min: d(c.minMinutes),
              wait: d(c.waitMinutes),
            })}
      </p>
      <LegLine leg={j.legs[1]} n={2} date={date} />
      <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
        <span>{t('total', { duration: d(j.totalMinutes) })}</span>
        <span className="font-semibold">
          {j.priceFen !== null ? t('price', { price: formatFen(j.priceFen) }) : t('noSeats')}
        </span>
        {j.available && (
          <Link
            href={j.bookHref}
            aria-label={t('bookLabel', pair)}
            className="ml-auto rounded bg-brand-600 px-3 py-1 text-white"
          >
            {t('book')}
          </Link>
        )}
      </div>
    </article>
  );
}

'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { formatDuration, formatFen } from '@/lib/format';
import { useTx } from '@/lib/i18n/client';
import { tripLink } from '@/lib/trips/links';

export interface RoundRow {
  provider: string;
  trainCode: string;
  fromStation: string;
  toStation: string;
  fromTime: string;
  toTime: string;
  arriveDays: number;
  runMinutes: number;
  /** The cheapest class with seats left (or the cheapest at all), for the card. */
  fromFen: number | null;
  seatsLeft: number;
}

/**
 * 往返: the outbound trains, then the return trains; choosing one of each leads to the trip booking
 * form (/trips/new?kind=round&leg1=…&leg2=…), which books and takes one payment for both.
 */
export function RoundTripPicker(props: { date: string; back: string; outbound: RoundRow[]; inbound: RoundRow[] }) {
  const t = useTranslations('trips.round');
  const [out, setOut] = useState<RoundRow | null>(null);
  const [ret, setRet] = useState<RoundRow | null>(null);
  const href =
    out && ret
      ? tripLink(
          'round',
          {
            provider: out.provider,
            trainCode: out.trainCode,
            fromStation: out.fromStation,
            toStation: out.toStation,
            date: props.date,
          },
          {
            provider: ret.provider,
            trainCode: ret.trainCode,
            fromStation: ret.fromStation,
            toStation: ret.toStation,
            date: props.back,
          },
        )
      : null;
  return (
    <div className="flex flex-col gap-4">
      <RowList
        title={t('outTitle', { date: props.date })}
        id="round-out"
        rows={props.outbound}
        chosen={out}
        onChoose={setOut}
        verb={t('chooseOut')}
      />
      <RowList
        title={t('backTitle', { date: props.back })}
        id="round-back"
        rows={props.inbound}
        chosen={ret}
        onChoose={setRet}
        verb={t('chooseBack')}
      />
      <div className="sticky bottom-0 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-white p-4 shadow-md">
        <p className="text-sm" aria-live="polite" data-testid="round-choice">
          {out ? t('outChosen', { train: out.trainCode }) : t('pickOut')} ·{' '}
          {ret ? t('backChosen', { train: ret.trainCode }) : t('pickBack')}
        </p>
        {href ? (
          <Link href={href} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            {t('book')}
          </Link>
        ) : (
          <span className="rounded bg-slate-200 px-4 py-2 text-slate-600" aria-disabled="true">
            {t('book')}
          </span>
        )}
      </div>
    </div>
  );
}

function RowList(props: {
  title: string;
  id: string;
  rows: RoundRow[];
  chosen: RoundRow | null;
  onChoose: (r: RoundRow) => void;
  verb: string;
}) {
  const t = useTranslations('trips.round');
  const tx = useTx();
  return (
    <section aria-labelledby={props.id} className="flex flex-col gap-2">
      <h2 id={props.id} className="font-semibold">
        {t('heading', { title: props.title, count: props.rows.length })}
      </h2>
      {props.rows.length === 0 && <p className="text-sm text-slate-600">{t('none')}</p>}
      <ul className="flex flex-col gap-2" aria-label={props.title}>
        {props.rows.map((r) => {
          const picked = props.chosen?.trainCode === r.trainCode && props.chosen.fromStation === r.fromStation;
          return (
            <li
              key={`${r.trainCode}-${r.fromStation}`}
              className={`flex flex-wrap items-center justify-between gap-2 rounded-lg bg-white p-3 shadow-sm ${picked ? 'ring-2 ring-brand-600' : ''}`}
            >
              <div>
                <p className="font-semibold">
                  {r.trainCode} {tx(r.fromStation)} {r.fromTime} → {tx(r.toStation)} {r.toTime}
                  {r.arriveDays > 0 && (
                    <span className="ml-1 text-sm text-red-700">{t('plusDays', { days: r.arriveDays })}</span>
                  )}
                </p>
                <p className="text-sm text-slate-600">
                  {t('duration', { duration: tx(formatDuration(r.runMinutes)) })}
                  {r.fromFen !== null && t('from', { price: formatFen(r.fromFen) })} ·{' '}
                  {r.seatsLeft > 0 ? t('left', { count: r.seatsLeft }) : t('soldOut')}
                </p>
              </div>
              <button
                type="button"
                aria-pressed={picked}
                aria-label={t('chooseLabel', { verb: props.verb, train: r.trainCode })}
                disabled={r.seatsLeft <= 0}
                onClick={() => props.onChoose(r)}
                className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-50"
              >
                {picked ? t('chosen') : props.verb}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

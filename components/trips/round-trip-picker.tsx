'use client';

import Link from 'next/link';
import { useState } from 'react';
import { formatDuration, formatFen } from '@/lib/format';
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
        title={`去程 ${props.date}`}
        id="round-out"
        rows={props.outbound}
        chosen={out}
        onChoose={setOut}
        verb="选为去程"
      />
      <RowList
        title={`返程 ${props.back}`}
        id="round-back"
        rows={props.inbound}
        chosen={ret}
        onChoose={setRet}
        verb="选为返程"
      />
      <div className="sticky bottom-0 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-white p-4 shadow-md">
        <p className="text-sm" aria-live="polite" data-testid="round-choice">
          {out ? `去程 ${out.trainCode}` : '请选择去程'} · {ret ? `返程 ${ret.trainCode}` : '请选择返程'}
        </p>
        {href ? (
          <Link href={href} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            预订往返
          </Link>
        ) : (
          <span className="rounded bg-slate-200 px-4 py-2 text-slate-600" aria-disabled="true">
            预订往返
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
  return (
    <section aria-labelledby={props.id} className="flex flex-col gap-2">
      <h2 id={props.id} className="font-semibold">
        {props.title}（{props.rows.length} 趟）
      </h2>
      {props.rows.length === 0 && <p className="text-sm text-slate-600">当天没有直达车次。</p>}
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
                  {r.trainCode} {r.fromStation} {r.fromTime} → {r.toStation} {r.toTime}
                  {r.arriveDays > 0 && <span className="ml-1 text-sm text-red-700">+{r.arriveDays}天</span>}
                </p>
                <p className="text-sm text-slate-600">
                  历时 {formatDuration(r.runMinutes)}
                  {r.fromFen !== null && ` · ${formatFen(r.fromFen)} 起`} ·{' '}
                  {r.seatsLeft > 0 ? `余票 ${r.seatsLeft}` : '无票'}
                </p>
              </div>
              <button
                type="button"
                aria-pressed={picked}
                aria-label={`${props.verb} ${r.trainCode}`}
                disabled={r.seatsLeft <= 0}
                onClick={() => props.onChoose(r)}
                className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-50"
              >
                {picked ? '已选' : props.verb}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

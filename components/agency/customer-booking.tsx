'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { customerTrainsAction } from '@/lib/agency/actions';
import type { CustomerTrain } from '@/lib/agency/defs';
import { formatFen } from '@/lib/format';

/** Finds trains for a customer and links each seat class to the booking page in the customer's name. */
export function CustomerBooking({ customerId, today }: { customerId: string; today: string }) {
  const [pending, start] = useTransition();
  const [trains, setTrains] = useState<CustomerTrain[] | null>(null);
  const [query, setQuery] = useState({ from: '', to: '', date: today });
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-3">
      <form
        aria-label="为客户查询车次"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const text = (k: string) => {
            const v = f.get(k);
            return typeof v === 'string' ? v : '';
          };
          const q = { from: text('from'), to: text('to'), date: text('date') };
          setQuery(q);
          setError(null);
          start(async () => {
            const r = await customerTrainsAction({ customerId, ...q });
            if (!r.ok) return setError(r.message);
            setTrains(r.data);
          });
        }}
      >
        {(
          [
            ['from', '出发站', 'text'],
            ['to', '到达站', 'text'],
            ['date', '出发日期', 'date'],
          ] as const
        ).map(([name, label, type]) => (
          <label key={name} className="flex flex-col text-sm">
            {label}
            <input
              name={name}
              type={type}
              required
              defaultValue={name === 'date' ? today : ''}
              className="rounded border border-slate-300 px-2 py-1"
            />
          </label>
        ))}
        <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1.5 text-white">
          查询车次
        </button>
      </form>
      <div role="alert" className="text-sm text-red-800">
        {error}
      </div>
      {trains && (
        <ul aria-label="可订车次" className="flex flex-col gap-1 text-sm">
          {trains.map((t) => (
            <li key={t.trainCode + t.fromStation + t.toStation} className="flex flex-wrap gap-2">
              <strong>{t.trainCode}</strong> {t.fromStation} {t.fromTime} → {t.toStation} {t.toTime}
              {t.seats.map((s) => (
                <Link
                  key={s.seatType}
                  className="text-brand-700 underline"
                  href={`/book?${new URLSearchParams({
                    train: t.trainCode,
                    from: t.fromStation,
                    to: t.toStation,
                    date: query.date,
                    seat: String(s.seatType),
                    customer: customerId,
                    provider: t.provider,
                  }).toString()}`}
                >
                  {t.trainCode} {s.name} {formatFen(s.priceFen)}
                </Link>
              ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

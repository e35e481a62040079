import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getTx } from '@/lib/i18n/server';
import { formatShanghai } from '@/lib/time';
import type { listTrips } from '@/lib/trips/views';

/** 我的行程: the traveller's 中转/往返 trips, each linking to its trip page. Nothing when there are none. */
export async function TripGroupList({ rows }: { rows: Awaited<ReturnType<typeof listTrips>> }) {
  if (!rows.length) return null;
  const tr = await getTranslations('trips.groups');
  const tx = await getTx();
  return (
    <section aria-label={tr('title')}>
      <h2 className="mb-2 text-lg font-semibold">{tr('title')}</h2>
      <ul className="flex flex-col gap-2">
        {rows.map((t) => (
          <li key={t.id} className="rounded-lg bg-white shadow-sm">
            <Link
              href={`/trips/t/${t.id}`}
              className="flex flex-wrap items-center justify-between gap-2 rounded-lg p-4 hover:bg-brand-50"
            >
              <span className="font-semibold">
                {tr('row', {
                  kind: tx(t.kindLabel),
                  legs: t.legs.map((l) => `${l.trainCode} ${tx(l.fromStation)}→${tx(l.toStation)}`).join(' + '),
                })}
              </span>
              <span className="text-sm text-slate-600">{t.legs[0] ? formatShanghai(t.legs[0].departureAt) : ''}</span>
              <span className="text-sm">{tx(t.statusLabel)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

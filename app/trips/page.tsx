import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getTx } from '@/lib/i18n/server';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { listOrders } from '@/lib/orders/views';
import { grabStatusLabel, orderStatusLabel } from '@/lib/domain/states';
import { listGrabs } from '@/lib/grab/orders';
import { formatFen } from '@/lib/format';
import { formatShanghai } from '@/lib/time';
import { TripGroupList } from '@/components/trips/trip-list';
import { listTrips } from '@/lib/trips/views';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('trips.list');
  return { title: t('title') };
}

export default async function TripsPage() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/trips');
  const all = await listOrders(user.id);
  const now = new Date();
  const upcoming = all.filter((o) => o.departureAt >= now).reverse();
  const past = all.filter((o) => o.departureAt < now);
  const grabs = await listGrabs(user.id);
  const t = await getTranslations('trips.list');
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {/* Chinese readers take Beijing time for granted; the English page says so. */}
      {(await getLocale()) === 'en' && <p className="-mt-4 text-sm text-slate-600">{t('timesNote')}</p>}
      <TripGroupList rows={await listTrips(user.id)} />
      <TripList title={t('upcoming')} rows={upcoming} empty={t('upcomingEmpty')} />
      <TripList title={t('past')} rows={past} empty={t('pastEmpty')} />
      <GrabList rows={grabs} />
    </section>
  );
}

async function TripList({
  title,
  rows,
  empty,
}: {
  title: string;
  rows: Awaited<ReturnType<typeof listOrders>>;
  empty: string;
}) {
  const t = await getTranslations('trips.list');
  const tx = await getTx();
  return (
    <section aria-label={title}>
      <h2 className="mb-2 text-lg font-semibold">{title}</h2>
      {rows.length === 0 ? (
        <p className="rounded-lg bg-white p-4 text-slate-600 shadow-sm">
          {empty}{' '}
          <Link href="/" className="text-brand-700 underline">
            {t('book')}
          </Link>
        </p>
      ) : (
        <ul className="flex flex-col gap-2">
          {rows.map((o) => (
            <li key={o.id} className="rounded-lg bg-white shadow-sm">
              <Link
                href={`/trips/${o.id}`}
                className="flex flex-wrap items-center justify-between gap-2 rounded-lg p-4 hover:bg-brand-50"
              >
                <span className="font-semibold">
                  {o.trainCode} {tx(o.fromStation)} → {tx(o.toStation)}
                </span>
                <span className="text-sm text-slate-600">{formatShanghai(o.departureAt)}</span>
                <span
                  className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700"
                  title={t('provider')}
                  data-testid="trip-provider"
                >
                  <span className="sr-only">{t('provider')} </span>
                  {tx(o.providerLabel)}
                </span>
                <span className="text-sm">{tx(orderStatusLabel(o.status))}</span>
                <span className="text-sm">{formatFen(o.totalFen)}</span>
                {o.nightWait && (
                  <span className="w-full text-sm text-slate-600" data-testid="trip-night-wait">
                    {tx(o.nightWait)}
                  </span>
                )}
                {o.failure && (
                  <span className="w-full text-sm text-slate-600" data-testid="trip-failure">
                    {tx(o.failure.text)}
                  </span>
                )}
              </Link>
              {o.payBy && (
                <p
                  className="flex flex-wrap items-center justify-between gap-2 rounded-b-lg border-t border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
                  data-testid="trip-pay"
                >
                  {t('payBy', { at: formatShanghai(o.payBy) })}
                  <Link
                    href={`/trips/${o.id}/pay`}
                    aria-label={t('payLabel', { train: o.trainCode, from: tx(o.fromStation), to: tx(o.toStation) })}
                    className="rounded bg-brand-700 px-3 py-1 font-semibold text-white hover:bg-brand-800"
                  >
                    {t('pay')}
                  </Link>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** 抢票 grab orders beside the orders; an issued grab also appears above as its order. */
async function GrabList({ rows }: { rows: Awaited<ReturnType<typeof listGrabs>> }) {
  if (rows.length === 0) return null;
  const t = await getTranslations('trips.list');
  const tx = await getTx();
  return (
    <section aria-label={t('grabs')}>
      <h2 className="mb-2 text-lg font-semibold">{t('grabs')}</h2>
      <ul className="flex flex-col gap-2">
        {rows.map((g) => (
          <li key={g.id}>
            <Link
              href={`/trips/grabs/${g.id}`}
              className="flex flex-wrap items-center justify-between gap-2 rounded-lg bg-white p-4 shadow-sm hover:bg-brand-50"
            >
              <span className="font-semibold">{t('grab', { train: g.firstTrain })}</span>
              <span className="text-sm text-slate-600">{t('deadline', { at: formatShanghai(g.deadlineAt) })}</span>
              <span className="text-sm">{tx(grabStatusLabel(g.status))}</span>
              <span className="text-sm">{t('prepaid', { amount: formatFen(g.prepaidFen) })}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

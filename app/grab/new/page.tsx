import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { getTx } from '@/lib/i18n/server';
import { z } from 'zod';
import { PageProblem } from '@/components/layout/page-problem';
import { trainLinkQuery, travellerLinkPage, type SearchParams } from '@/lib/search-params';
import { GrabForm } from '@/components/grab/grab-form';
import { SearchError } from '@/lib/search/search';
import { toDateTimeLocal } from '@/lib/time';
import { latestDeadline } from '@/lib/domain/grab';
import { grabPassengerLimit, newGrabRequestNo } from '@/lib/grab/orders';
import { grabOffers } from '@/lib/grab/offers';
import { listPassengers, TICKET_TYPES } from '@/lib/passengers/service';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('grab.newPage');
  return { title: t('title') };
}

const query = trainLinkQuery.extend({
  train: z.string().min(1).max(8).optional(),
});

export default async function NewGrabPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user, parsed } = await travellerLinkPage('/grab/new', searchParams, query);
  const t = await getTranslations('grab.newPage');
  const tx = await getTx();
  if (!parsed.success) return <Problem>{t('badLink')}</Problem>;
  const { train, from, to, date, seat } = parsed.data;

  let found;
  try {
    found = await grabOffers(from, to, date);
  } catch (e) {
    if (e instanceof SearchError) return <Problem>{tx(e.message)}</Problem>;
    throw e;
  }
  // Trains of exactly these stations (a city search may have listed several): alternates share a route.
  const offers = found.offers.filter((o) => o.fromStation === from && o.toStation === to);
  if (!offers.length) return <Problem>{t('noTrains')}</Problem>;
  const first = offers.find((o) => o.trainCode === train) ?? offers[0]!;
  const firstSeat = first.seats.find((s) => s.seatType === seat) ?? first.seats[0];
  const initial = firstSeat ? [{ trainCode: first.trainCode, seatType: firstSeat.seatType }] : [];
  const latest = latestDeadline([first]);

  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {/* Chinese readers take Beijing time for granted; the English page says so. */}
      {(await getLocale()) === 'en' && <p className="text-sm text-slate-600">{t('timesNote')}</p>}
      <p className="text-sm text-slate-700">
        {t('route', { from: tx(from), to: tx(to), date })}
        {found.beforeSale && t('beforeSale', { date: found.derivedFrom ?? '' })}
        {!found.beforeSale &&
          first.saleTime &&
          t('saleToday', { station: tx(first.fromStation), time: first.saleTime })}
      </p>
      <GrabForm
        date={date}
        offers={offers.map((o) => ({
          trainCode: o.trainCode,
          fromStation: o.fromStation,
          toStation: o.toStation,
          fromTime: o.fromTime,
          departAt: o.departAt.toISOString(),
          seats: o.seats.map((s) => ({ seatType: s.seatType, name: s.name, priceFen: s.priceFen, left: s.left })),
        }))}
        initialAlternates={initial}
        defaultDeadline={latest ? toDateTimeLocal(latest) : ''}
        passengers={await listPassengers(user.id)}
        requestNo={newGrabRequestNo()}
        passengerLimit={grabPassengerLimit()}
        ticketTypes={TICKET_TYPES.map((t) => ({ value: t.value, label: t.label }))}
      />
    </section>
  );
}

async function Problem({ children }: { children: React.ReactNode }) {
  const t = await getTranslations('grab.newPage');
  return <PageProblem title={t('title')}>{children}</PageProblem>;
}

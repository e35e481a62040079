import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { getTx } from '@/lib/i18n/server';
import { PageProblem } from '@/components/layout/page-problem';
import { TripBookingForm } from '@/components/trips/trip-booking-form';
import { initialSeatType } from '@/lib/domain/seats';
import { TRIP_KIND_LABELS } from '@/lib/domain/trips';
import { AppError } from '@/lib/errors';
import { bookableTicketTypes } from '@/lib/orders/capabilities';
import { bookingProvider, providerFacts } from '@/lib/orders/provider-choice';
import { ID_TYPES, listPassengers, TICKET_TYPES } from '@/lib/passengers/service';
import { findOffer, SearchError } from '@/lib/search/search';
import { travellerLinkPage, type SearchParams } from '@/lib/search-params';
import { newTripRequestNo } from '@/lib/trips/create';
import { tripLinkQuery, type TripLegLink } from '@/lib/trips/links';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('trips.newTrip');
  return { title: t('title') };
}

/** The booking form of a trip of two legs (中转 or 往返): passengers once, a seat class per leg, one total. */
export default async function NewTripPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user, parsed } = await travellerLinkPage('/trips/new', searchParams, tripLinkQuery);
  const t = await getTranslations('trips.newTrip');
  const tx = await getTx();
  if (!parsed.success) return <Problem>{t('badLink')}</Problem>;
  const { kind, leg1, leg2 } = parsed.data;

  const legs = [];
  for (const [i, l] of ([leg1, leg2] as TripLegLink[]).entries()) {
    let provider;
    try {
      provider = await bookingProvider(l.provider);
    } catch (e) {
      if (e instanceof AppError) return <Problem>{t('legProblem', { n: i + 1, message: tx(e.message) })}</Problem>;
      throw e;
    }
    let offer;
    try {
      offer = await findOffer(l.fromStation, l.toStation, l.date, l.trainCode, provider);
    } catch (e) {
      if (e instanceof SearchError) return <Problem>{t('legProblem', { n: i + 1, message: tx(e.message) })}</Problem>;
      throw e;
    }
    if (!offer) return <Problem>{t('legUnavailable', { n: i + 1, train: l.trainCode })}</Problem>;
    legs.push({
      offer: { ...offer, departAt: offer.departAt.toISOString(), arriveAt: offer.arriveAt.toISOString() },
      date: l.date,
      initialSeatType: initialSeatType(offer.seats, l.seatType) ?? offer.seats[0]?.seatType ?? 4,
      provider: providerFacts(provider),
    });
  }
  const passengers = await listPassengers(user.id);
  // Ticket types both legs' providers take.
  const types = TICKET_TYPES.map((t) => ({ value: t.value, label: t.label }));
  const ticketTypes = bookableTicketTypes(
    legs[0]!.provider.capabilities,
    bookableTicketTypes(legs[1]!.provider.capabilities, types),
  );

  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('heading', { kind: tx(TRIP_KIND_LABELS[kind]) })}</h1>
      <TripBookingForm
        kind={kind}
        legs={legs}
        passengers={passengers}
        requestNo={newTripRequestNo()}
        idTypes={ID_TYPES.map((t) => ({ value: t.value, label: t.label }))}
        ticketTypes={ticketTypes}
      />
    </section>
  );
}

async function Problem({ children }: { children: React.ReactNode }) {
  const t = await getTranslations('trips.newTrip');
  return <PageProblem title={t('title')}>{children}</PageProblem>;
}

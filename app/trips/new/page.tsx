import type { Metadata } from 'next';
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

export const metadata: Metadata = { title: '填写联程/往返订单' };

/** The booking form of a trip of two legs (中转 or 往返): passengers once, a seat class per leg, one total. */
export default async function NewTripPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user, parsed } = await travellerLinkPage('/trips/new', searchParams, tripLinkQuery);
  if (!parsed.success) return <Problem>行程链接无效，请重新查询车次。</Problem>;
  const { kind, leg1, leg2 } = parsed.data;

  const legs = [];
  for (const [i, l] of ([leg1, leg2] as TripLegLink[]).entries()) {
    let provider;
    try {
      provider = await bookingProvider(l.provider);
    } catch (e) {
      if (e instanceof AppError) return <Problem>{`第${i + 1}程：${e.message}`}</Problem>;
      throw e;
    }
    let offer;
    try {
      offer = await findOffer(l.fromStation, l.toStation, l.date, l.trainCode, provider);
    } catch (e) {
      if (e instanceof SearchError) return <Problem>{`第${i + 1}程：${e.message}`}</Problem>;
      throw e;
    }
    if (!offer) return <Problem>{`第${i + 1}程 ${l.trainCode} 在所选日期不可预订，请重新查询。`}</Problem>;
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
      <h1 className="text-2xl font-semibold">填写{TRIP_KIND_LABELS[kind]}订单</h1>
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

function Problem({ children }: { children: React.ReactNode }) {
  return <PageProblem title="填写联程/往返订单">{children}</PageProblem>;
}

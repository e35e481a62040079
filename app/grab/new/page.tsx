import type { Metadata } from 'next';
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

export const metadata: Metadata = { title: '抢票' };

const query = trainLinkQuery.extend({
  train: z.string().min(1).max(8).optional(),
});

export default async function NewGrabPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user, parsed } = await travellerLinkPage('/grab/new', searchParams, query);
  if (!parsed.success) return <Problem>抢票链接无效，请重新查询车次。</Problem>;
  const { train, from, to, date, seat } = parsed.data;

  let found;
  try {
    found = await grabOffers(from, to, date);
  } catch (e) {
    if (e instanceof SearchError) return <Problem>{e.message}</Problem>;
    throw e;
  }
  // Trains of exactly these stations (a city search may have listed several): alternates share a route.
  const offers = found.offers.filter((o) => o.fromStation === from && o.toStation === to);
  if (!offers.length) return <Problem>该线路在所选日期没有车次，请重新查询。</Problem>;
  const first = offers.find((o) => o.trainCode === train) ?? offers[0]!;
  const firstSeat = first.seats.find((s) => s.seatType === seat) ?? first.seats[0];
  const initial = firstSeat ? [{ trainCode: first.trainCode, seatType: firstSeat.seatType }] : [];
  const latest = latestDeadline([first]);

  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">抢票</h1>
      <p className="text-sm text-slate-700">
        {from} → {to} · {date}
        {found.beforeSale && `（该日期尚未开售：车次与票价按 ${found.derivedFrom} 的时刻表估算，开售后自动开始抢票）`}
        {!found.beforeSale &&
          first.saleTime &&
          `（${first.fromStation}站今天 ${first.saleTime} 起售，开售后自动开始抢票）`}
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

function Problem({ children }: { children: React.ReactNode }) {
  return <PageProblem title="抢票">{children}</PageProblem>;
}

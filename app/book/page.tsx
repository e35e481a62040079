import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getTx } from '@/lib/i18n/server';
import { z } from 'zod';
import { PageProblem } from '@/components/layout/page-problem';
import { trainLinkQuery, travellerLinkPage, type SearchParams } from '@/lib/search-params';
import { BookingForm } from '@/components/booking/booking-form';
import { agencyCustomer, membershipOf } from '@/lib/agency/access';
import { customerMobile, customerPassengersOf } from '@/lib/agency/service';
import { bookableTicketTypes } from '@/lib/orders/capabilities';
import { newCustomerOrderNo } from '@/lib/orders/create';
import { bookingProvider, providerFacts } from '@/lib/orders/provider-choice';
import { AppError } from '@/lib/errors';
import { boundAccountOf } from '@/lib/train-account/store';
import { findOffer, SearchError } from '@/lib/search/search';
import { initialSeatType, seatLayoutFor } from '@/lib/domain/seats';
import { ID_TYPES, listPassengers, TICKET_TYPES } from '@/lib/passengers/service';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('booking');
  return { title: t('page.title') };
}

const query = trainLinkQuery.extend({
  train: z.string().min(1).max(8),
  customer: z.string().uuid().optional(),
});

export default async function BookPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user, parsed } = await travellerLinkPage('/book', searchParams, query);
  const t = await getTranslations('booking');
  const tx = await getTx();
  if (!parsed.success) return <Problem>{t('page.badLink')}</Problem>;
  const { train, from, to, date, seat, customer: customerId } = parsed.data;

  // The booking goes to the provider the traveller chose, while it is configured and in rotation.
  let provider;
  try {
    provider = await bookingProvider(parsed.data.provider);
  } catch (e) {
    if (e instanceof AppError) return <Problem>{tx(e.message)}</Problem>;
    throw e;
  }

  let offer;
  try {
    offer = await findOffer(from, to, date, train, provider);
  } catch (e) {
    if (e instanceof SearchError) return <Problem>{tx(e.message)}</Problem>;
    throw e;
  }
  if (!offer) return <Problem>{t('page.notBookable')}</Problem>;

  // Agency staff booking for a customer of their agency: the customer's passengers (404 otherwise).
  let customer: { id: string; name: string; mobile: string } | undefined;
  let passengers;
  if (customerId) {
    const m = await membershipOf(user.id);
    if (!m) notFound();
    const c = await agencyCustomer(m, customerId).catch(() => null);
    if (!c) notFound();
    customer = { id: c.id, name: c.name, mobile: customerMobile(c) };
    passengers = (await customerPassengersOf(m, c.id)).map((p) => ({
      ...p,
      source: 'portal' as const,
      verifyStatus: null,
      verifyLabel: null,
      mobileVerified: null,
      isSelf: false,
      bookable: true,
      deleteLockedUntil: null,
      verificationCode: null,
    }));
  } else {
    passengers = await listPassengers(user.id);
  }
  // The traveller's bound 12306 account books the order, where the provider books with one at all.
  const account = !customer && provider.capabilities.trainAccount ? await boundAccountOf(user.id) : null;
  // One idempotency key per booking form: a double click or a retried request finds the same order.
  const customerOrderNo = newCustomerOrderNo();
  const layouts = Object.fromEntries(offer.seats.map((s) => [s.seatType, seatLayoutFor(s.seatType)]));

  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('page.title')}</h1>
      <BookingForm
        offer={{ ...offer, departAt: offer.departAt.toISOString(), arriveAt: offer.arriveAt.toISOString() }}
        date={date}
        initialSeatType={initialSeatType(offer.seats, seat) ?? 4}
        passengers={passengers}
        customerOrderNo={customerOrderNo}
        provider={providerFacts(provider)}
        trainAccountMasked={account?.accountMasked ?? null}
        layouts={layouts}
        idTypes={ID_TYPES.map((x) => ({ value: x.value, label: tx(x.label) }))}
        ticketTypes={bookableTicketTypes(
          provider.capabilities,
          TICKET_TYPES.map((x) => ({ value: x.value, label: tx(x.label) })),
        )}
        {...(customer ? { customer } : {})}
      />
    </section>
  );
}

async function Problem({ children }: { children: React.ReactNode }) {
  const t = await getTranslations('booking');
  return <PageProblem title={t('page.title')}>{children}</PageProblem>;
}

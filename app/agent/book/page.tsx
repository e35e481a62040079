import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { NoAgency } from '@/components/agency/no-agency';
import { QuickBooking } from '@/components/agency/quick-booking';
import { PageSection } from '@/components/layout/page-section';
import { rowOf } from '@/components/search/search-view';
import { TrainList } from '@/components/search/train-list';
import { Section } from '@/components/ui/section';
import { agencyCustomer } from '@/lib/agency/access';
import { workspace } from '@/lib/agency/pages';
import { listCustomers } from '@/lib/agency/service';
import { getTx } from '@/lib/i18n/server';
import { PRESALE_DAYS } from '@/lib/domain/rules';
import { firstValues, type SearchParams } from '@/lib/search-params';
import { searchTrains, SearchError } from '@/lib/search/search';
import { isValidDate, presaleWindow } from '@/lib/time';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agency.book');
  return { title: t('title') };
}

const querySchema = z.object({
  from: z.string().trim().min(1).max(40),
  to: z.string().trim().min(1).max(40),
  date: z.string().refine(isValidDate),
});

/**
 * Booking for a customer of the agency, as the traveller books: the customer, the traveller's search
 * form, the same train cards; each 预订 opens the booking form (seat map included) with the customer's
 * passengers (app/book with `customer`). A customer of another agency is not found.
 */
export default async function AgentBookPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { m } = await workspace('/agent/book');
  if (!m) return <NoAgency />;
  const t = await getTranslations('agency');
  const tx = await getTx();
  const locale = await getLocale();
  const flat = firstValues(await searchParams);
  const customerId = flat.customer || undefined;
  let customer: Awaited<ReturnType<typeof agencyCustomer>> | undefined;
  if (customerId) {
    if (!z.string().uuid().safeParse(customerId).success) notFound();
    const found = await agencyCustomer(m, customerId).catch(() => null);
    if (!found) notFound();
    customer = found;
  }
  const customers = await listCustomers(m);
  const options = customers.map((c) => ({ id: c.id, name: c.name, mobileMasked: c.mobileMasked }));
  // A customer beyond the picker's list (the newest 200) is still offered when the link names them.
  const chosen = customer;
  if (chosen && !options.some((c) => c.id === chosen.id))
    options.unshift({ id: chosen.id, name: chosen.name, mobileMasked: chosen.mobileMasked });

  const window = presaleWindow(new Date(), PRESALE_DAYS);
  const initial = { from: flat.from ?? '', to: flat.to ?? '', date: flat.date || window.first };
  const parsed = querySchema.safeParse(flat);

  let results: React.ReactNode = null;
  if (customer && parsed.success) {
    const { from, to, date } = parsed.data;
    if (date < window.first || date > window.last) {
      results = <Notice>{t('book.outsidePresale', { date, first: window.first, last: window.last })}</Notice>;
    } else {
      const answer = await searchTrains(from, to, date).catch((e: unknown) => {
        if (e instanceof SearchError) return e;
        throw e;
      });
      results =
        answer instanceof SearchError ? (
          <Notice>{tx(answer.message)}</Notice>
        ) : (
          <section aria-labelledby="agent-results" className="flex flex-col gap-2">
            <h2 id="agent-results" className="font-semibold">
              {t('book.results', { from: tx(from), to: tx(to), date, count: answer.offers.length })}
            </h2>
            <p className="text-sm text-slate-700">{t('book.resultsHint', { name: customer.name })}</p>
            <TrainList trains={answer.offers.map(rowOf)} date={date} customerId={customer.id} />
          </section>
        );
    }
  }

  return (
    <PageSection title={t('book.title')} back={{ href: '/agent', label: t('book.back') }}>
      {locale === 'en' && <p className="text-sm text-slate-600">{t('timesNote')}</p>}
      <Section id="agent-book-search" title={t('book.section')} stack>
        <QuickBooking
          key={customer?.id ?? 'none'}
          customers={options}
          initialCustomerId={customer?.id}
          initial={initial}
          window={window}
        />
      </Section>
      {results}
    </PageSection>
  );
}

function Notice({ children }: { children: React.ReactNode }) {
  return (
    <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900">
      {children}
    </p>
  );
}

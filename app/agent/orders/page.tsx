import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { firstValues, type SearchParams } from '@/lib/search-params';
import { NoAgency } from '@/components/agency/no-agency';
import { parseOrderFilter } from '@/lib/agency/filters';
import { workspace } from '@/lib/agency/pages';
import { agencyOrders, listMembers } from '@/lib/agency/service';
import { ORDER_STATUS_LABELS } from '@/lib/domain/states';
import { formatFen } from '@/lib/format';
import { getTx } from '@/lib/i18n/server';
import { formatShanghai } from '@/lib/time';
import { FilterInput, FilterSelect } from '@/components/ui/filter-field';
import { Table } from '@/components/ui/table';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agency.orders');
  return { title: t('title') };
}

const TEXT_FILTERS = [
  { name: 'from', type: 'date' },
  { name: 'to', type: 'date' },
  { name: 'train', width: 'w-20' },
  { name: 'orderNo', width: 'w-44' },
] as const;

export default async function AgencyOrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { m } = await workspace('/agent/orders');
  if (!m) return <NoAgency />;
  const sp = await searchParams;
  const flat = firstValues(sp);
  const filter = parseOrderFilter(flat);
  const [{ rows, totals, next }, staff] = await Promise.all([agencyOrders(m, filter), listMembers(m)]);
  const keep = Object.fromEntries(Object.entries(flat).filter(([k, v]) => v && !k.startsWith('before'))) as Record<
    string,
    string
  >;
  const t = await getTranslations('agency.orders');
  const tx = await getTx();
  const locale = await getLocale();
  const ta = await getTranslations('agency');
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {locale === 'en' && <p className="text-sm text-slate-600">{ta('timesNote')}</p>}
      <form
        method="get"
        aria-label={t('filter')}
        className="flex flex-wrap items-end gap-2 rounded-lg bg-white p-3 text-sm shadow-sm"
      >
        <FilterSelect
          name="status"
          label={t('status')}
          value={keep.status}
          all={t('all')}
          options={Object.entries(ORDER_STATUS_LABELS).map(([value, label]) => ({ value, label: tx(label) }))}
        />
        <FilterSelect
          name="staffId"
          label={t('staff')}
          value={keep.staffId}
          all={t('all')}
          options={staff.map((s) => ({ value: s.userId, label: s.name }))}
        />
        {TEXT_FILTERS.map((f) => (
          <FilterInput key={f.name} {...f} label={t(f.name)} value={keep[f.name] ?? ''} />
        ))}
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 text-white">
          {t('submit')}
        </button>
        <a className="text-brand-700 underline" href={`/api/agent/orders-csv?${new URLSearchParams(keep).toString()}`}>
          {t('csv')}
        </a>
      </form>
      <p className="text-sm" data-testid="order-totals">
        {t('totals', {
          count: totals.count,
          paid: formatFen(totals.paidFen),
          refunded: formatFen(totals.refundedFen),
        })}
      </p>
      <Table
        caption={t('title')}
        minWidth="min-w-[720px]"
        rows={rows}
        empty={t('empty')}
        columns={[
          { head: t('colCreated'), cell: (o) => formatShanghai(o.createdAt) },
          {
            head: t('colOrderNo'),
            cell: (o) => (
              <Link href={`/trips/${o.id}`} className="text-brand-700 underline">
                {o.providerOrderNo ?? t('holding')}
              </Link>
            ),
          },
          {
            head: t('colCustomer'),
            cell: (o) => (
              <>
                {o.customer} {o.customerMobileMasked}
              </>
            ),
          },
          {
            head: t('colTrain'),
            cell: (o) => (
              <>
                {o.trainCode} {tx(o.fromStation)}→{tx(o.toStation)}
              </>
            ),
          },
          { head: t('colDeparture'), cell: (o) => formatShanghai(o.departureAt) },
          { head: t('colProvider'), cell: (o) => tx(o.providerLabel), testId: 'order-provider' },
          { head: t('colStatus'), cell: (o) => tx(o.statusLabel) },
          { head: t('colAmount'), cell: (o) => formatFen(o.totalFen) },
          { head: t('colStaff'), cell: (o) => o.staff },
        ]}
      />
      {next && (
        <Link
          className="text-brand-700 underline"
          href={`/agent/orders?${new URLSearchParams({ ...keep, beforeAt: next.at, beforeId: next.id }).toString()}`}
        >
          {t('next')}
        </Link>
      )}
    </section>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { firstValue } from '@/lib/search-params';
import { ReconHeader } from '@/components/admin/recon-nav';
import { FilterInput, FilterSelect } from '@/components/ui/filter-field';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { RECON_REASONS, reconReasonLabel } from '@/lib/domain/recon';
import { formatFen } from '@/lib/format';
import { discrepancyPage, filterQuery, parseListFilter, type StateFilter } from '@/lib/reconcile/pages';
import { getTx } from '@/lib/i18n/server';
import { formatShanghai } from '@/lib/time';
import { Table } from '@/components/ui/table';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.discrepancies');
  return { title: t('title') };
}

const STATES: StateFilter[] = ['unresolved', 'open', 'explained', 'resolved', 'all'];

const fen = (v: number | null) => (v === null ? '—' : formatFen(v));

export default async function DiscrepanciesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageRole(AREA_ROLES.admin, '/admin/reconciliation/discrepancies');
  const [t, tx] = await Promise.all([getTranslations('admin.discrepancies'), getTx()]);
  /** The filter's typed fields (kept as typed, with their errors). */
  const TEXT_FILTERS = [
    { name: 'from', label: t('from'), type: 'date' },
    { name: 'to', label: t('to'), type: 'date' },
    { name: 'q', label: t('q'), placeholder: t('qPlaceholder'), width: 'w-48' },
  ] as const;
  const sp = await searchParams;
  const { filter, errors } = parseListFilter(sp);
  const { rows, total, next } = await discrepancyPage(filter);
  // What was typed stays in the form, valid or not.
  const typed = (k: string) => firstValue(sp[k]);
  const csvRange = `?from=${filter.from ?? ''}&to=${filter.to ?? ''}`;
  return (
    <section className="flex flex-col gap-4">
      <ReconHeader title={t('title')} current="/admin/reconciliation/discrepancies" />
      <form
        method="get"
        aria-label={t('filterLabel')}
        className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-3 text-sm shadow-sm"
      >
        <FilterSelect
          name="reason"
          label={t('reason')}
          value={filter.reason}
          all={t('allReasons')}
          options={RECON_REASONS.map((r) => ({ value: r, label: tx(reconReasonLabel(r)) }))}
        />
        <FilterSelect
          name="state"
          label={t('state')}
          value={filter.state}
          options={STATES.map((v) => ({ value: v, label: t(`states.${v}`) }))}
        />
        {TEXT_FILTERS.map((f) => (
          <FilterInput key={f.name} {...f} value={typed(f.name)} errors={errors[f.name]?.map(tx)} />
        ))}
        <button type="submit" className="rounded bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700">
          {t('filter')}
        </button>
      </form>

      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p data-testid="discrepancy-total">
          {t('total', { total })}
          {filter.after ? t('continued') : ''}
        </p>
        <a
          href={`/api/admin/reconciliation/discrepancies-csv${csvRange}`}
          className="text-brand-700 underline"
          download
        >
          {t('csv')}
        </a>
      </div>

      <Table
        label={t('tableLabel')}
        caption={t('title')}
        minWidth="min-w-[820px]"
        top
        rows={rows}
        rowTestId="discrepancy-row"
        empty={t('empty')}
        columns={[
          { head: t('colFound'), className: 'whitespace-nowrap', cell: (r) => formatShanghai(r.firstSeenAt) },
          {
            head: t('colReason'),
            cell: (r) => (
              <Link href={`/admin/reconciliation/discrepancies/${r.id}`} className="text-brand-700 underline">
                {tx(r.reasonLabel)}
              </Link>
            ),
          },
          {
            head: t('colOrder'),
            cell: (r) => (
              <>
                <span className="block">{r.providerOrderNo ?? r.customerOrderNo}</span>
                <span className="block text-xs text-slate-600">
                  {r.trainCode}
                  {r.passengerName ? ` · ${r.passengerName}` : ''}
                </span>
              </>
            ),
          },
          { head: t('colExpected'), cell: (r) => fen(r.expectedFen) },
          { head: t('colReported'), cell: (r) => fen(r.reportedFen) },
          { head: t('colMoved'), cell: (r) => fen(r.providerMovedFen) },
          { head: t('colPaidBack'), cell: (r) => fen(r.paidBackFen) },
          {
            head: t('colState'),
            cell: (r) => (
              <>
                {tx(r.stateLabel)}
                {r.stateAt && (
                  <span className="block text-xs text-slate-600">
                    {r.stateByName ?? '—'} · {formatShanghai(r.stateAt)}
                    {r.stateNote ? ` · ${r.stateNote}` : ''}
                  </span>
                )}
              </>
            ),
          },
        ]}
      />
      <nav aria-label={t('pages')} className="flex gap-4 text-sm">
        {filter.after && (
          <Link href={`/admin/reconciliation/discrepancies${filterQuery(filter)}`} className="text-brand-700 underline">
            {t('first')}
          </Link>
        )}
        {next && (
          <Link
            href={`/admin/reconciliation/discrepancies${filterQuery(filter, next)}`}
            className="text-brand-700 underline"
          >
            {t('next')}
          </Link>
        )}
      </nav>
    </section>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { RangeForm, ReconHeader } from '@/components/admin/recon-nav';
import { DailyRefundChart, ReasonChart } from '@/components/admin/recon-charts-lazy';
import { RunReconPanel } from '@/components/admin/run-recon-button';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { formatFen } from '@/lib/format';
import { dashboardStats } from '@/lib/reconcile';
import { filterQuery, parseRangeForPage } from '@/lib/reconcile/pages';
import { Table } from '@/components/ui/table';
import { deliveryMoneyTotals } from '@/lib/delivery/views';
import { getTx } from '@/lib/i18n/server';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.recon');
  return { title: t('title') };
}

export default async function ReconciliationDashboard({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageRole(AREA_ROLES.admin, '/admin/reconciliation');
  const { range, errors, input } = parseRangeForPage(await searchParams);
  const [t, tx] = await Promise.all([getTranslations('admin.recon'), getTx()]);
  const stats = await dashboardStats({ from: range.from, to: range.to });
  const { fee: deliveryFees, charge: deliveryCharges } = await deliveryMoneyTotals();
  const totals = stats.days.reduce(
    (t, d) => ({
      refunds: t.refunds + d.refunds,
      refundFen: t.refundFen + d.refundFen,
      feeFen: t.feeFen + d.feeFen,
      paidBackFen: t.paidBackFen + d.paidBackFen,
    }),
    { refunds: 0, refundFen: 0, feeFen: 0, paidBackFen: 0 },
  );
  const unresolved = stats.openByReason.reduce((n, r) => n + r.open + r.explained, 0);
  const flight = stats.moneyInFlight;
  const csv = `?from=${range.fromDay}&to=${range.toDay}`;
  return (
    <section className="flex flex-col gap-5">
      <ReconHeader title={t('title')} current="/admin/reconciliation" />
      <p className="text-sm text-slate-600">
        {t('deliveryNote', {
          feePaid: formatFen(deliveryFees.paidFen),
          feeRefunded: formatFen(deliveryFees.refundedFen),
          feeKept: formatFen(deliveryFees.keptFen),
          chargePaid: formatFen(deliveryCharges.paidFen),
          chargeRefunded: formatFen(deliveryCharges.refundedFen),
          chargeKept: formatFen(deliveryCharges.keptFen),
        })}
        <Link href="/admin/deliveries" className="text-brand-700 underline">
          {t('deliveryLink')}
        </Link>
        {t('deliveryEnd')}
      </p>
      <p className="text-sm text-slate-600">{t('intro')}</p>

      <div className="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm">
        <h2 className="text-lg font-semibold">{t('runHeading')}</h2>
        <RunReconPanel
          lastRun={
            stats.lastRun && {
              startedAt: stats.lastRun.startedAt.toISOString(),
              status: stats.lastRun.status,
              found: stats.lastRun.found,
              opened: stats.lastRun.opened,
            }
          }
        />
      </div>

      <RangeForm
        label={t('range')}
        from={input.from || range.fromDay}
        to={input.to || range.toDay}
        errors={Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.map(tx)]))}
      />

      <div className="grid gap-3 sm:grid-cols-3" role="group" aria-label={t('inFlight')}>
        <Stat
          title={t('providerRefunds')}
          hint={t('providerRefundsHint')}
          count={flight.providerRefunds.count}
          fen={flight.providerRefunds.fen}
        />
        <Stat
          title={t('travellerRefunds')}
          hint={t('travellerRefundsHint')}
          count={flight.travellerRefunds.count}
          fen={flight.travellerRefunds.fen}
        />
        <Stat
          title={t('debits')}
          hint={t('debitsHint')}
          count={flight.debitsNotReturned.count}
          fen={flight.debitsNotReturned.fen}
        />
      </div>

      <figure className="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm">
        <figcaption className="text-lg font-semibold">
          {t('dailyHeading', { from: range.fromDay, to: range.toDay })}
        </figcaption>
        <p className="text-sm text-slate-700">
          {t('dailyTotals', {
            refunds: totals.refunds,
            refund: formatFen(totals.refundFen),
            fee: formatFen(totals.feeFen),
            paidBack: formatFen(totals.paidBackFen),
          })}
        </p>
        {/* No refund in the range: a sentence, not bare axes from 0 to 4. */}
        {stats.days.some((d) => d.refundFen > 0 || d.feeFen > 0) ? (
          <DailyRefundChart
            data={stats.days.map((d) => ({ day: d.day, refundFen: d.refundFen, feeFen: d.feeFen, count: d.refunds }))}
          />
        ) : (
          <ChartEmpty testId="chart-daily-empty">{t('noRefunds')}</ChartEmpty>
        )}
        <details className="text-sm">
          <summary className="cursor-pointer text-brand-700">{t('showTable')}</summary>
          <Table
            label={t('tableLabel')}
            caption={t('tableCaption')}
            minWidth="min-w-[480px]"
            dense
            card={false}
            className="mt-2"
            rows={stats.days}
            rowKey={(d) => d.day}
            empty={t('tableEmpty')}
            columns={[
              { head: t('colDay'), cell: (d) => d.day },
              { head: t('colRefunds'), cell: (d) => d.refunds },
              { head: t('colRefund'), cell: (d) => formatFen(d.refundFen) },
              { head: t('colFee'), cell: (d) => formatFen(d.feeFen) },
              { head: t('colChangeRefund'), cell: (d) => formatFen(d.changeRefundFen) },
              { head: t('colPaidBack'), cell: (d) => formatFen(d.paidBackFen) },
            ]}
          />
        </details>
      </figure>

      <figure className="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm">
        <figcaption className="text-lg font-semibold">{t('reasonsHeading')}</figcaption>
        <p className="text-sm text-slate-700" data-testid="unresolved-total">
          {t('unresolved', { count: unresolved })}
        </p>
        {unresolved > 0 ? (
          <ReasonChart data={stats.openByReason.map((r) => ({ label: tx(r.label), count: r.open + r.explained }))} />
        ) : (
          <ChartEmpty testId="chart-reasons-empty">{t('noUnresolved')}</ChartEmpty>
        )}
        <ul className="grid gap-1 text-sm sm:grid-cols-2" aria-label={t('reasonsLabel')}>
          {stats.openByReason.map((r) => (
            <li key={r.reason} data-testid={`reason-${r.reason}`}>
              <Link
                href={`/admin/reconciliation/discrepancies${filterQuery({ reason: r.reason })}`}
                className="text-brand-700 underline"
              >
                {tx(r.label)}
              </Link>
              {t('reasonLine', { open: String(r.open), explained: String(r.explained), fen: formatFen(r.fen) })}
            </li>
          ))}
        </ul>
      </figure>

      <div className="flex flex-wrap gap-3 text-sm">
        <a href={`/api/admin/reconciliation/discrepancies-csv${csv}`} className="text-brand-700 underline" download>
          {t('csvDiscrepancies', { from: range.fromDay, to: range.toDay })}
        </a>
        <a href={`/api/admin/reconciliation/refund-ledger-csv${csv}`} className="text-brand-700 underline" download>
          {t('csvLedger', { from: range.fromDay, to: range.toDay })}
        </a>
      </div>
    </section>
  );
}

async function Stat({ title, hint, count, fen }: { title: string; hint: string; count: number; fen: number }) {
  const t = await getTranslations('admin.recon');
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm">
      <h2 className="text-sm font-medium text-slate-700">{title}</h2>
      <p className="mt-1 text-xl font-semibold">{formatFen(fen)}</p>
      <p className="text-xs text-slate-600">{t('statCount', { count, hint })}</p>
    </div>
  );
}

/** Where a chart would be with nothing to draw. */
function ChartEmpty({ testId, children }: { testId: string; children: React.ReactNode }) {
  return (
    <p
      className="flex h-24 items-center justify-center rounded border border-dashed border-slate-300 text-sm text-slate-600"
      data-testid={testId}
    >
      {children}
    </p>
  );
}

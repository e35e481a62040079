import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Table } from '@/components/ui/table';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { deliveryMoneyTotals, openDeliveries, type DeliveryMoney } from '@/lib/delivery/views';
import { formatFen } from '@/lib/format';
import { getTx } from '@/lib/i18n/server';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.deliveries');
  return { title: t('title') };
}
export const dynamic = 'force-dynamic';

/** Admin: open 送票 deliveries and the delivery fees in the reconciliation (paid = refunded + kept). */
export default async function DeliveriesAdminPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/deliveries');
  const [t, tx] = await Promise.all([getTranslations('admin.deliveries'), getTx()]);
  const [rows, totals] = await Promise.all([openDeliveries(), deliveryMoneyTotals()]);
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-sm text-slate-600">
        {t('intro')}{' '}
        <Link href="/admin/reconciliation" className="text-brand-700 underline">
          {t('reconLink')}
        </Link>
      </p>
      <MoneyTotals label={t('feeLabel')} title={t('feeTitle')} money={totals.fee} testId="delivery-fee-paid" />
      <MoneyTotals
        label={t('chargeLabel')}
        title={t('chargeTitle')}
        money={totals.charge}
        testId="delivery-charge-paid"
      />
      <Table
        caption={t('caption')}
        minWidth="min-w-[720px]"
        rows={rows}
        empty={t('empty')}
        columns={[
          { head: t('colTrain'), cell: (r) => r.trainCode },
          { head: t('colStatus'), cell: (r) => tx(r.statusLabel), testId: 'delivery-admin-status' },
          { head: t('colTracking'), cell: (r) => r.trackingNo ?? '—' },
          { head: t('colFee'), cell: (r) => formatFen(r.feeFen) },
          { head: t('colPaid'), cell: (r) => formatFen(r.feePaidFen) },
          { head: t('colRefundKept'), cell: (r) => `${formatFen(r.feeRefundFen)} / ${formatFen(r.feeKeptFen)}` },
          { head: t('colPayWith'), cell: (r) => (r.payWith === 'balance' ? t('payBalance') : t('payOnline')) },
          { head: t('colUpdated'), cell: (r) => r.updatedAt, className: 'whitespace-nowrap' },
        ]}
      />
    </section>
  );
}

/** One of the delivery's two payments: paid = refunded + pending refund + kept. */
async function MoneyTotals({
  label,
  title,
  money,
  testId,
}: {
  label: string;
  title: string;
  money: DeliveryMoney;
  testId: string;
}) {
  const t = await getTranslations('admin.deliveries');
  const cells: [string, number, string?][] = [
    [t('paid', { title }), money.paidFen, testId],
    [t('refunded'), money.refundedFen],
    [t('pendingRefund'), money.pendingRefundFen],
    [t('kept'), money.keptFen],
  ];
  return (
    <dl className="grid grid-cols-2 gap-2 rounded-lg bg-white p-4 text-sm shadow-sm sm:grid-cols-4" aria-label={label}>
      {cells.map(([dt, fen, id]) => (
        <div key={dt}>
          <dt className="text-slate-600">{dt}</dt>
          <dd data-testid={id}>{formatFen(fen)}</dd>
        </div>
      ))}
    </dl>
  );
}

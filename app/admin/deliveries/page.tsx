import Link from 'next/link';
import { Table } from '@/components/ui/table';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { deliveryMoneyTotals, openDeliveries, type DeliveryMoney } from '@/lib/delivery/views';
import { formatFen } from '@/lib/format';

export const metadata = { title: '送票管理' };
export const dynamic = 'force-dynamic';

/** Admin: open 送票 deliveries and the delivery fees in the reconciliation (paid = refunded + kept). */
export default async function DeliveriesAdminPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/deliveries');
  const [rows, totals] = await Promise.all([openDeliveries(), deliveryMoneyTotals()]);
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">送票管理</h1>
      <p className="text-sm text-slate-600">
        未完成的送票单与配送费、取消费用对账:已收 = 已退 + 退款中 + 收取。{' '}
        <Link href="/admin/reconciliation" className="text-brand-700 underline">
          退款对账
        </Link>
      </p>
      <MoneyTotals label="配送费对账" title="配送费" money={totals.fee} testId="delivery-fee-paid" />
      <MoneyTotals
        label="取消费用对账"
        title="取消费用(10 % 票款)"
        money={totals.charge}
        testId="delivery-charge-paid"
      />
      <Table
        caption="未完成的送票单"
        minWidth="min-w-[720px]"
        rows={rows}
        empty="没有未完成的送票单。"
        columns={[
          { head: '车次', cell: (r) => r.trainCode },
          { head: '状态', cell: (r) => r.statusLabel, testId: 'delivery-admin-status' },
          { head: '运单号', cell: (r) => r.trackingNo ?? '—' },
          { head: '配送费', cell: (r) => formatFen(r.feeFen) },
          { head: '已付', cell: (r) => formatFen(r.feePaidFen) },
          { head: '退回 / 收取', cell: (r) => `${formatFen(r.feeRefundFen)} / ${formatFen(r.feeKeptFen)}` },
          { head: '支付方式', cell: (r) => (r.payWith === 'balance' ? '机构预存款' : '在线支付') },
          { head: '更新时间', cell: (r) => r.updatedAt, className: 'whitespace-nowrap' },
        ]}
      />
    </section>
  );
}

/** One of the delivery's two payments: paid = refunded + pending refund + kept. */
function MoneyTotals({
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
  const cells: [string, number, string?][] = [
    [`已收${title}`, money.paidFen, testId],
    ['已退', money.refundedFen],
    ['退款中', money.pendingRefundFen],
    ['收取(取消/拦截)', money.keptFen],
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

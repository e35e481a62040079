import Link from 'next/link';
import { RangeForm, ReconHeader } from '@/components/admin/recon-nav';
import { DailyRefundChart, ReasonChart } from '@/components/admin/recon-charts-lazy';
import { RunReconPanel } from '@/components/admin/run-recon-button';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { formatFen } from '@/lib/format';
import { dashboardStats } from '@/lib/reconcile';
import { filterQuery, parseRangeForPage } from '@/lib/reconcile/pages';
import { Table } from '@/components/ui/table';
import { deliveryMoneyTotals } from '@/lib/delivery/views';

export const metadata = { title: '退款对账' };

export default async function ReconciliationDashboard({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageRole(AREA_ROLES.admin, '/admin/reconciliation');
  const { range, errors, input } = parseRangeForPage(await searchParams);
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
      <ReconHeader title="退款对账" current="/admin/reconciliation" />
      <p className="text-sm text-slate-600">
        送票配送费(已收 {formatFen(deliveryFees.paidFen)},已退 {formatFen(deliveryFees.refundedFen)},收取{' '}
        {formatFen(deliveryFees.keptFen)};取消费用已收 {formatFen(deliveryCharges.paidFen)},已退{' '}
        {formatFen(deliveryCharges.refundedFen)},收取 {formatFen(deliveryCharges.keptFen)})见{' '}
        <Link href="/admin/deliveries" className="text-brand-700 underline">
          送票管理
        </Link>
        。
      </p>
      <p className="text-sm text-slate-600">
        每张票、每个订单核对三方：按规则应退多少、供应商报告退了多少（订单详情、退款回调）、供应商账户实际变动多少，以及我们退给旅客或旅行社多少。时间均为北京时间。
      </p>

      <div className="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm">
        <h2 className="text-lg font-semibold">对账运行</h2>
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

      <RangeForm label="日期范围" from={input.from || range.fromDay} to={input.to || range.toDay} errors={errors} />

      <div className="grid gap-3 sm:grid-cols-3" role="group" aria-label="在途资金">
        <Stat
          title="供应商待退"
          hint="已申请或已在 12306 退票、退款尚未到账"
          count={flight.providerRefunds.count}
          fen={flight.providerRefunds.fen}
        />
        <Stat
          title="待退旅客"
          hint="退给旅客的款项网关尚未确认"
          count={flight.travellerRefunds.count}
          fen={flight.travellerRefunds.fen}
        />
        <Stat
          title="扣款未退回"
          hint="出票失败的订单，扣款尚未退回"
          count={flight.debitsNotReturned.count}
          fen={flight.debitsNotReturned.fen}
        />
      </div>

      <figure className="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm">
        <figcaption className="text-lg font-semibold">
          每日退款额与手续费（{range.fromDay} 至 {range.toDay}）
        </figcaption>
        <p className="text-sm text-slate-700">
          合计 {totals.refunds} 张退票，退款 {formatFen(totals.refundFen)}，手续费 {formatFen(totals.feeFen)}，已退旅客{' '}
          {formatFen(totals.paidBackFen)}。
        </p>
        {/* No refund in the range: a sentence, not bare axes from 0 to 4. */}
        {stats.days.some((d) => d.refundFen > 0 || d.feeFen > 0) ? (
          <DailyRefundChart
            data={stats.days.map((d) => ({ day: d.day, refundFen: d.refundFen, feeFen: d.feeFen, count: d.refunds }))}
          />
        ) : (
          <ChartEmpty testId="chart-daily-empty">所选期间没有退款，暂无图表。</ChartEmpty>
        )}
        <details className="text-sm">
          <summary className="cursor-pointer text-brand-700">查看每日数据表</summary>
          <Table
            label="每日退款数据表"
            caption="每日退款额与手续费"
            minWidth="min-w-[480px]"
            dense
            card={false}
            className="mt-2"
            rows={stats.days}
            rowKey={(d) => d.day}
            empty="所选期间没有退款。"
            columns={[
              { head: '日期', cell: (d) => d.day },
              { head: '退票张数', cell: (d) => d.refunds },
              { head: '退款额', cell: (d) => formatFen(d.refundFen) },
              { head: '手续费', cell: (d) => formatFen(d.feeFen) },
              { head: '改签退差', cell: (d) => formatFen(d.changeRefundFen) },
              { head: '已退旅客', cell: (d) => formatFen(d.paidBackFen) },
            ]}
          />
        </details>
      </figure>

      <figure className="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm">
        <figcaption className="text-lg font-semibold">未解决差异（按原因）</figcaption>
        <p className="text-sm text-slate-700" data-testid="unresolved-total">
          共 {unresolved} 条未解决差异。
        </p>
        {unresolved > 0 ? (
          <ReasonChart data={stats.openByReason.map((r) => ({ label: r.label, count: r.open + r.explained }))} />
        ) : (
          <ChartEmpty testId="chart-reasons-empty">没有未解决的差异。</ChartEmpty>
        )}
        <ul className="grid gap-1 text-sm sm:grid-cols-2" aria-label="按原因的未解决差异">
          {stats.openByReason.map((r) => (
            <li key={r.reason} data-testid={`reason-${r.reason}`}>
              <Link
                href={`/admin/reconciliation/discrepancies${filterQuery({ reason: r.reason })}`}
                className="text-brand-700 underline"
              >
                {r.label}
              </Link>
              ：待处理 {r.open}，已说明 {r.explained}，涉及 {formatFen(r.fen)}
            </li>
          ))}
        </ul>
      </figure>

      <div className="flex flex-wrap gap-3 text-sm">
        <a href={`/api/admin/reconciliation/discrepancies-csv${csv}`} className="text-brand-700 underline" download>
          导出差异 CSV（{range.fromDay} 至 {range.toDay}）
        </a>
        <a href={`/api/admin/reconciliation/refund-ledger-csv${csv}`} className="text-brand-700 underline" download>
          导出退款台账 CSV（{range.fromDay} 至 {range.toDay}）
        </a>
      </div>
    </section>
  );
}

function Stat({ title, hint, count, fen }: { title: string; hint: string; count: number; fen: number }) {
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm">
      <h2 className="text-sm font-medium text-slate-700">{title}</h2>
      <p className="mt-1 text-xl font-semibold">{formatFen(fen)}</p>
      <p className="text-xs text-slate-600">
        {count} 笔 · {hint}
      </p>
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

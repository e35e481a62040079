import Link from 'next/link';
import { firstValue } from '@/lib/search-params';
import { ReconHeader } from '@/components/admin/recon-nav';
import { FilterInput, FilterSelect } from '@/components/ui/filter-field';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { RECON_REASONS, reconReasonLabel } from '@/lib/domain/recon';
import { formatFen } from '@/lib/format';
import { discrepancyPage, filterQuery, parseListFilter, type StateFilter } from '@/lib/reconcile/pages';
import { formatShanghai } from '@/lib/time';
import { Table } from '@/components/ui/table';

export const metadata = { title: '对账差异' };

const STATE_OPTIONS: { value: StateFilter; label: string }[] = [
  { value: 'unresolved', label: '未解决（待处理+已说明）' },
  { value: 'open', label: '待处理' },
  { value: 'explained', label: '已说明' },
  { value: 'resolved', label: '已解决' },
  { value: 'all', label: '全部' },
];

/** The filter's typed fields (kept as typed, with their errors). */
const TEXT_FILTERS = [
  { name: 'from', label: '发现日期起', type: 'date' },
  { name: 'to', label: '发现日期止', type: 'date' },
  { name: 'q', label: '订单号', placeholder: '供应商或我方订单号', width: 'w-48' },
] as const;

const fen = (v: number | null) => (v === null ? '—' : formatFen(v));

export default async function DiscrepanciesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageRole(AREA_ROLES.admin, '/admin/reconciliation/discrepancies');
  const sp = await searchParams;
  const { filter, errors } = parseListFilter(sp);
  const { rows, total, next } = await discrepancyPage(filter);
  // What was typed stays in the form, valid or not.
  const typed = (k: string) => firstValue(sp[k]);
  const csvRange = `?from=${filter.from ?? ''}&to=${filter.to ?? ''}`;
  return (
    <section className="flex flex-col gap-4">
      <ReconHeader title="对账差异" current="/admin/reconciliation/discrepancies" />
      <form
        method="get"
        aria-label="筛选差异"
        className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-3 text-sm shadow-sm"
      >
        <FilterSelect
          name="reason"
          label="原因"
          value={filter.reason}
          all="全部原因"
          options={RECON_REASONS.map((r) => ({ value: r, label: reconReasonLabel(r) }))}
        />
        <FilterSelect name="state" label="状态" value={filter.state} options={STATE_OPTIONS} />
        {TEXT_FILTERS.map((f) => (
          <FilterInput key={f.name} {...f} value={typed(f.name)} errors={errors[f.name]} />
        ))}
        <button type="submit" className="rounded bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700">
          筛选
        </button>
      </form>

      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p data-testid="discrepancy-total">
          共 {total} 条{filter.after ? '（续页）' : ''}
        </p>
        <a
          href={`/api/admin/reconciliation/discrepancies-csv${csvRange}`}
          className="text-brand-700 underline"
          download
        >
          导出 CSV（按发现日期范围，全部状态）
        </a>
      </div>

      <Table
        label="差异表格"
        caption="对账差异"
        minWidth="min-w-[820px]"
        top
        rows={rows}
        rowTestId="discrepancy-row"
        empty="没有符合条件的差异。"
        columns={[
          { head: '发现时间', className: 'whitespace-nowrap', cell: (r) => formatShanghai(r.firstSeenAt) },
          {
            head: '原因',
            cell: (r) => (
              <Link href={`/admin/reconciliation/discrepancies/${r.id}`} className="text-brand-700 underline">
                {r.reasonLabel}
              </Link>
            ),
          },
          {
            head: '订单 / 乘客',
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
          { head: '应退', cell: (r) => fen(r.expectedFen) },
          { head: '供应商报告', cell: (r) => fen(r.reportedFen) },
          { head: '账户变动', cell: (r) => fen(r.providerMovedFen) },
          { head: '已退旅客', cell: (r) => fen(r.paidBackFen) },
          {
            head: '状态',
            cell: (r) => (
              <>
                {r.stateLabel}
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
      <nav aria-label="翻页" className="flex gap-4 text-sm">
        {filter.after && (
          <Link href={`/admin/reconciliation/discrepancies${filterQuery(filter)}`} className="text-brand-700 underline">
            回到第一页
          </Link>
        )}
        {next && (
          <Link
            href={`/admin/reconciliation/discrepancies${filterQuery(filter, next)}`}
            className="text-brand-700 underline"
          >
            下一页
          </Link>
        )}
      </nav>
    </section>
  );
}

import Link from 'next/link';
import { firstValues, type SearchParams } from '@/lib/search-params';
import { NoAgency } from '@/components/agency/no-agency';
import { parseOrderFilter } from '@/lib/agency/filters';
import { workspace } from '@/lib/agency/pages';
import { agencyOrders, listMembers } from '@/lib/agency/service';
import { ORDER_STATUS_LABELS } from '@/lib/domain/states';
import { formatFen } from '@/lib/format';
import { formatShanghai } from '@/lib/time';
import { FilterInput, FilterSelect } from '@/components/ui/filter-field';
import { Table } from '@/components/ui/table';

export const metadata = { title: '旅行社订单' };

const TEXT_FILTERS = [
  { name: 'from', label: '下单起', type: 'date' },
  { name: 'to', label: '下单止', type: 'date' },
  { name: 'train', label: '车次', width: 'w-20' },
  { name: 'orderNo', label: '订单号', width: 'w-44' },
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
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">旅行社订单</h1>
      <form
        method="get"
        aria-label="筛选订单"
        className="flex flex-wrap items-end gap-2 rounded-lg bg-white p-3 text-sm shadow-sm"
      >
        <FilterSelect
          name="status"
          label="状态"
          value={keep.status}
          all="全部"
          options={Object.entries(ORDER_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <FilterSelect
          name="staffId"
          label="员工"
          value={keep.staffId}
          all="全部"
          options={staff.map((s) => ({ value: s.userId, label: s.name }))}
        />
        {TEXT_FILTERS.map((f) => (
          <FilterInput key={f.name} {...f} value={keep[f.name] ?? ''} />
        ))}
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 text-white">
          筛选
        </button>
        <a className="text-brand-700 underline" href={`/api/agent/orders-csv?${new URLSearchParams(keep).toString()}`}>
          导出 CSV
        </a>
      </form>
      <p className="text-sm" data-testid="order-totals">
        共 {totals.count} 单 · 已付 {formatFen(totals.paidFen)} · 已退 {formatFen(totals.refundedFen)}
      </p>
      <Table
        caption="旅行社订单"
        minWidth="min-w-[720px]"
        rows={rows}
        empty="没有符合条件的订单。"
        columns={[
          { head: '下单时间', cell: (o) => formatShanghai(o.createdAt) },
          {
            head: '订单号',
            cell: (o) => (
              <Link href={`/trips/${o.id}`} className="text-brand-700 underline">
                {o.providerOrderNo ?? '（占位中）'}
              </Link>
            ),
          },
          {
            head: '客户',
            cell: (o) => (
              <>
                {o.customer} {o.customerMobileMasked}
              </>
            ),
          },
          {
            head: '车次',
            cell: (o) => (
              <>
                {o.trainCode} {o.fromStation}→{o.toStation}
              </>
            ),
          },
          { head: '出发', cell: (o) => formatShanghai(o.departureAt) },
          { head: '渠道', cell: (o) => o.providerLabel, testId: 'order-provider' },
          { head: '状态', cell: (o) => o.statusLabel },
          { head: '金额', cell: (o) => formatFen(o.totalFen) },
          { head: '员工', cell: (o) => o.staff },
        ]}
      />
      {next && (
        <Link
          className="text-brand-700 underline"
          href={`/agent/orders?${new URLSearchParams({ ...keep, beforeAt: next.at, beforeId: next.id }).toString()}`}
        >
          下一页
        </Link>
      )}
    </section>
  );
}

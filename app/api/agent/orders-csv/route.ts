import { requireMember } from '@/lib/agency/access';
import { parseOrderFilter } from '@/lib/agency/filters';
import { agencyOrders } from '@/lib/agency/service';
import { AREA_ROLES } from '@/lib/auth/roles';
import { toCsv } from '@/lib/csv';
import { route } from '@/lib/http';
import { formatShanghai } from '@/lib/time';

/** The agency's orders as CSV (the page's filters; PII masked), up to 20 pages of 50. */
export const GET = route({ roles: AREA_ROLES.agent }, async (req, { user }) => {
  const m = await requireMember(user);
  const filter = parseOrderFilter(Object.fromEntries(req.nextUrl.searchParams.entries()));
  const lines: (string | number)[][] = [
    [
      '下单时间',
      '订单号',
      '客户',
      '客户手机',
      '车次',
      '出发站',
      '到达站',
      '出发时间',
      '出票渠道',
      '状态',
      '订单金额(元)',
      '已付(元)',
      '已退(元)',
      '员工',
    ],
  ];
  for (let page = 0; page < 20; page++) {
    const { rows, next } = await agencyOrders(m, filter);
    for (const o of rows)
      lines.push([
        formatShanghai(o.createdAt),
        o.providerOrderNo ?? '',
        o.customer ?? '',
        o.customerMobileMasked ?? '',
        o.trainCode,
        o.fromStation,
        o.toStation,
        formatShanghai(o.departureAt),
        o.providerLabel,
        o.statusLabel,
        (o.totalFen / 100).toFixed(2),
        (o.paidFen / 100).toFixed(2),
        (o.refundedFen / 100).toFixed(2),
        o.staff,
      ]);
    if (!next) break;
    filter.before = next;
  }
  return new Response(`\uFEFF${toCsv(lines)}`, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="agency-orders.csv"',
    },
  });
});

import { requireMember } from '@/lib/agency/access';
import { parseOrderFilter } from '@/lib/agency/filters';
import { agencyOrders } from '@/lib/agency/service';
import { AREA_ROLES } from '@/lib/auth/roles';
import { toCsv } from '@/lib/csv';
import { localText } from '@/lib/i18n/catalogue';
import { requestLocale } from '@/lib/i18n/request-locale';
import { translatorFor } from '@/lib/i18n/translator';
import { route } from '@/lib/http';
import { formatShanghai } from '@/lib/time';

const HEADERS = [
  'createdAt',
  'orderNo',
  'customer',
  'customerMobile',
  'train',
  'from',
  'to',
  'departAt',
  'provider',
  'status',
  'total',
  'paid',
  'refunded',
  'staff',
] as const;

/** The agency's orders as CSV (in the request's language) (the page's filters; PII masked), up to 20 pages of 50. */
export const GET = route({ roles: AREA_ROLES.agent }, async (req, { user }) => {
  const m = await requireMember(user);
  const filter = parseOrderFilter(Object.fromEntries(req.nextUrl.searchParams.entries()));
  const locale = await requestLocale();
  const t = translatorFor(locale);
  const lt = (text: string) => localText(locale, text);
  const lines: (string | number)[][] = [HEADERS.map((h) => t(`api.ordersCsv.${h}`))];
  for (let page = 0; page < 20; page++) {
    const { rows, next } = await agencyOrders(m, filter);
    for (const o of rows)
      lines.push([
        formatShanghai(o.createdAt),
        o.providerOrderNo ?? '',
        o.customer ?? '',
        o.customerMobileMasked ?? '',
        o.trainCode,
        lt(o.fromStation),
        lt(o.toStation),
        formatShanghai(o.departureAt),
        lt(o.providerLabel),
        lt(o.statusLabel),
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

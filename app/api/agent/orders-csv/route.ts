import { getTranslations } from 'next-intl/server';
import { requireMember } from '@/lib/agency/access';
import { parseOrderFilter } from '@/lib/agency/filters';
import { agencyOrders } from '@/lib/agency/service';
import { AREA_ROLES } from '@/lib/auth/roles';
import { toCsv } from '@/lib/csv';
import { route } from '@/lib/http';
import { getTx, requestLocale } from '@/lib/i18n/server';
import { formatShanghai } from '@/lib/time';

/**
 * The agency's orders as CSV (the page's filters; PII masked), up to 20 pages of 50. Headers, states
 * and channels in the requesting user's language (the locale cookie); times are Beijing time.
 */
export const GET = route({ roles: AREA_ROLES.agent }, async (req, { user }) => {
  const m = await requireMember(user);
  const filter = parseOrderFilter(Object.fromEntries(req.nextUrl.searchParams.entries()));
  const locale = await requestLocale();
  const t = await getTranslations({ locale, namespace: 'agency.csv.orders' });
  const tx = await getTx(locale);
  const lines: (string | number)[][] = [
    [
      t('createdAt'),
      t('orderNo'),
      t('customer'),
      t('customerMobile'),
      t('train'),
      t('from'),
      t('to'),
      t('departure'),
      t('provider'),
      t('status'),
      t('total'),
      t('paid'),
      t('refunded'),
      t('staff'),
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
        tx(o.fromStation),
        tx(o.toStation),
        formatShanghai(o.departureAt),
        tx(o.providerLabel),
        tx(o.statusLabel),
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

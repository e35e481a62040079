import { getTranslations } from 'next-intl/server';
import { isStatementKind } from '@/components/agency/statement-table';
import { requireMember } from '@/lib/agency/access';
import { AREA_ROLES } from '@/lib/auth/roles';
import { toCsv } from '@/lib/csv';
import { route } from '@/lib/http';
import { getTx, requestLocale } from '@/lib/i18n/server';
import { statement } from '@/lib/ledger';
import { formatShanghai } from '@/lib/time';

/** The owner's statement as CSV, in the requesting user's language (the locale cookie); times are Beijing time. */
export const GET = route({ roles: AREA_ROLES.agent }, async (_req, { user }) => {
  const m = await requireMember(user, { owner: true });
  const locale = await requestLocale();
  const t = await getTranslations({ locale, namespace: 'agency' });
  const tx = await getTx(locale);
  const rows: string[][] = [
    [
      t('csv.statement.at'),
      t('csv.statement.kind'),
      t('csv.statement.memo'),
      t('csv.statement.amount'),
      t('csv.statement.balance'),
    ],
  ];
  for (const l of await statement(m.agencyId, 100_000))
    rows.push([
      formatShanghai(l.at),
      isStatementKind(l.kind) ? t(`statement.kind.${l.kind}`) : l.kind,
      l.memo ? tx(l.memo) : '',
      (l.amountFen / 100).toFixed(2),
      (l.balanceAfterFen / 100).toFixed(2),
    ]);
  return new Response(`\uFEFF${toCsv(rows)}`, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="statement.csv"',
    },
  });
});

import { requireMember } from '@/lib/agency/access';
import { AREA_ROLES } from '@/lib/auth/roles';
import { toCsv } from '@/lib/csv';
import { requestLocale } from '@/lib/i18n/request-locale';
import { translatorFor } from '@/lib/i18n/translator';
import { MESSAGES, type Messages } from '@/lib/i18n/messages';
import { route } from '@/lib/http';
import { statement } from '@/lib/ledger';
import { formatShanghai } from '@/lib/time';

type StatementKind = keyof Messages['api']['statementCsv']['kinds'];
const KINDS = new Set(Object.keys(MESSAGES.zh.api.statementCsv.kinds));

/** The owner's statement as CSV, in the request's language. */
export const GET = route({ roles: AREA_ROLES.agent }, async (_req, { user }) => {
  const m = await requireMember(user, { owner: true });
  const t = translatorFor(await requestLocale());
  const kind = (k: string) => (KINDS.has(k) ? t(`api.statementCsv.kinds.${k as StatementKind}`) : k);
  const rows: string[][] = [
    [
      t('api.statementCsv.at'),
      t('api.statementCsv.kind'),
      t('api.statementCsv.memo'),
      t('api.statementCsv.amount'),
      t('api.statementCsv.balance'),
    ],
  ];
  for (const l of await statement(m.agencyId, 100_000))
    rows.push([
      formatShanghai(l.at),
      kind(l.kind),
      l.memo ?? '',
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

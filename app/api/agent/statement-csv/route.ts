import { STATEMENT_KIND } from '@/components/agency/statement-table';
import { requireMember } from '@/lib/agency/access';
import { AREA_ROLES } from '@/lib/auth/roles';
import { toCsv } from '@/lib/csv';
import { route } from '@/lib/http';
import { statement } from '@/lib/ledger';
import { formatShanghai } from '@/lib/time';

/** The owner's statement as CSV. */
export const GET = route({ roles: AREA_ROLES.agent }, async (_req, { user }) => {
  const m = await requireMember(user, { owner: true });
  const rows: string[][] = [['时间', '类型', '说明', '金额(元)', '余额(元)']];
  for (const l of await statement(m.agencyId, 100_000))
    rows.push([
      formatShanghai(l.at),
      STATEMENT_KIND[l.kind] ?? l.kind,
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

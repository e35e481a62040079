import { getTranslations } from 'next-intl/server';
import type { StatementLine } from '@/lib/ledger';
import { formatFen } from '@/lib/format';
import { getTx } from '@/lib/i18n/server';
import { formatShanghai } from '@/lib/time';
import { Table } from '@/components/ui/table';

/** The ledger's entry kinds that have a name in messages (agency.statement.kind); any other reads as 其他. */
export const STATEMENT_KINDS = ['topup', 'hold', 'release', 'refund', 'change', 'debit'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

export function isStatementKind(kind: string): kind is StatementKind {
  return (STATEMENT_KINDS as readonly string[]).includes(kind);
}

/** A balance's movements with the running balance; the last line equals the balance. */
export async function StatementTable({ lines, balanceFen }: { lines: StatementLine[]; balanceFen: number }) {
  const t = await getTranslations('agency.statement');
  const tx = await getTx();
  return (
    <Table
      label={t('title')}
      caption={t('caption')}
      minWidth="min-w-[560px]"
      rows={lines}
      rowKey={(_l, i) => i}
      rowTestId="statement-line"
      empty={t('empty')}
      columns={[
        { head: t('colAt'), cell: (l) => formatShanghai(l.at) },
        { head: t('colKind'), cell: (l) => (isStatementKind(l.kind) ? t(`kind.${l.kind}`) : t('kind.other')) },
        { head: t('colMemo'), cell: (l) => (l.memo ? tx(l.memo) : l.memo) },
        { head: t('colAmount'), cell: (l) => formatFen(l.amountFen) },
        { head: t('colBalance'), cell: (l) => formatFen(l.balanceAfterFen) },
      ]}
      foot={
        <tr className="border-t border-slate-300 font-semibold">
          <td className="px-3 py-2" colSpan={4}>
            {t('current')}
          </td>
          <td className="px-3 py-2" data-testid="statement-balance">
            {formatFen(balanceFen)}
          </td>
        </tr>
      }
    />
  );
}

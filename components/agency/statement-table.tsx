import type { StatementLine } from '@/lib/ledger';
import { formatFen } from '@/lib/format';
import { formatShanghai } from '@/lib/time';
import { ScrollTable } from '@/components/ui/scroll-table';

export const STATEMENT_KIND: Record<string, string> = {
  topup: '充值',
  hold: '订单占款',
  release: '占款退回',
  refund: '退票退款',
  change: '改签补差',
  debit: '出票扣款',
};

/** A balance's movements with the running balance; the last line equals the balance. */
export function StatementTable({ lines, balanceFen }: { lines: StatementLine[]; balanceFen: number }) {
  return (
    <ScrollTable
      label="对账单"
      caption="预存款对账单"
      minWidth="min-w-[560px]"
      columns={['时间', '类型', '说明', '金额', '余额']}
    >
      <tbody>
        {lines.map((l, i) => (
          <tr key={i} className="border-t border-slate-100" data-testid="statement-line">
            <td className="px-3 py-2">{formatShanghai(l.at)}</td>
            <td className="px-3 py-2">{STATEMENT_KIND[l.kind] ?? l.kind}</td>
            <td className="px-3 py-2">{l.memo}</td>
            <td className="px-3 py-2">{formatFen(l.amountFen)}</td>
            <td className="px-3 py-2">{formatFen(l.balanceAfterFen)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="border-t border-slate-300 font-semibold">
          <td className="px-3 py-2" colSpan={4}>
            当前余额
          </td>
          <td className="px-3 py-2" data-testid="statement-balance">
            {formatFen(balanceFen)}
          </td>
        </tr>
      </tfoot>
    </ScrollTable>
  );
}

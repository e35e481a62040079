import type { StatementLine } from '@/lib/ledger';
import { formatFen } from '@/lib/format';
import { formatShanghai } from '@/lib/time';
import { Table } from '@/components/ui/table';

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
    <Table
      label="对账单"
      caption="预存款对账单"
      minWidth="min-w-[560px]"
      rows={lines}
      rowKey={(_l, i) => i}
      rowTestId="statement-line"
      empty="还没有资金变动。"
      columns={[
        { head: '时间', cell: (l) => formatShanghai(l.at) },
        { head: '类型', cell: (l) => STATEMENT_KIND[l.kind] ?? '其他' },
        { head: '说明', cell: (l) => l.memo },
        { head: '金额', cell: (l) => formatFen(l.amountFen) },
        { head: '余额', cell: (l) => formatFen(l.balanceAfterFen) },
      ]}
      foot={
        <tr className="border-t border-slate-300 font-semibold">
          <td className="px-3 py-2" colSpan={4}>
            当前余额
          </td>
          <td className="px-3 py-2" data-testid="statement-balance">
            {formatFen(balanceFen)}
          </td>
        </tr>
      }
    />
  );
}

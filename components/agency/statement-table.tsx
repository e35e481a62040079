import type { StatementLine } from '@/lib/ledger';
import { formatFen } from '@/lib/format';
import { formatShanghai } from '@/lib/time';

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
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm" tabIndex={0} role="region" aria-label="对账单">
      <table className="w-full min-w-[560px] text-left text-sm">
        <thead className="bg-slate-100">
          <tr>
            {['时间', '类型', '说明', '金额', '余额'].map((h) => (
              <th key={h} scope="col" className="px-3 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
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
      </table>
    </div>
  );
}

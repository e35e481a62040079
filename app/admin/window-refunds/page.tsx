import { ClaimDecision } from '@/components/orders/claim-decision';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { ticketStatusLabel } from '@/lib/domain/states';
import { openWindowClaims } from '@/lib/orders/window-claims';
import { formatShanghai } from '@/lib/time';

export const metadata = { title: '车站退票核实' };
export const dynamic = 'force-dynamic';

/** Staff-recorded station-window refunds, side by side with what 12306 says about each ticket now. */
export default async function WindowRefundsPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/window-refunds');
  const claims = await openWindowClaims();
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">车站退票核实</h1>
      {claims.length === 0 && <p className="text-slate-600">没有待核实的登记。</p>}
      <ul aria-label="待核实登记" className="flex flex-col gap-2">
        {claims.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center gap-3 rounded bg-white p-3 text-sm shadow-sm">
            <span>
              {formatShanghai(c.claimedAt)} · {c.trainCode} · {c.passengerName} · 票号 {c.ticketNo ?? '—'}
            </span>
            <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700" data-testid="order-provider">
              <span className="sr-only">出票渠道 </span>
              {c.providerLabel}
            </span>
            <span data-testid="provider-status">
              12306：{c.providerStatus === null ? '暂无法读取' : ticketStatusLabel(c.providerStatus)}
            </span>
            <ClaimDecision claimId={c.id} />
          </li>
        ))}
      </ul>
    </section>
  );
}

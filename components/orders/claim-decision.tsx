'use client';

import { ToastButtons } from '@/components/ui/toast-button';
import { decideWindowClaimAction } from '@/lib/orders/actions';

export function ClaimDecision({ claimId }: { claimId: string }) {
  const decide = (decision: 'verified' | 'rejected', label: string, className: string) => ({
    label,
    className,
    call: () => decideWindowClaimAction({ claimId, decision }),
    success: () => (decision === 'verified' ? '已核实' : '已驳回'),
  });
  return (
    <ToastButtons
      choices={[
        decide('verified', '核实', 'rounded bg-brand-600 px-2 py-1 text-white'),
        decide('rejected', '驳回', 'rounded border border-slate-300 px-2 py-1'),
      ]}
    />
  );
}

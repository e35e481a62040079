'use client';

import { useToastAction } from '@/components/ui/use-toast-action';
import { decideWindowClaimAction } from '@/lib/orders/actions';

export function ClaimDecision({ claimId }: { claimId: string }) {
  const [pending, run] = useToastAction();
  const decide = (decision: 'verified' | 'rejected') =>
    run(
      () => decideWindowClaimAction({ claimId, decision }),
      () => (decision === 'verified' ? '已核实' : '已驳回'),
    );
  return (
    <span className="flex gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={() => decide('verified')}
        className="rounded bg-brand-600 px-2 py-1 text-white"
      >
        核实
      </button>
      <button
        type="button"
        disabled={pending}
        onClick={() => decide('rejected')}
        className="rounded border border-slate-300 px-2 py-1"
      >
        驳回
      </button>
    </span>
  );
}

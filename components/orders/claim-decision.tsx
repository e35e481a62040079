'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { toast } from 'sonner';
import { decideWindowClaimAction } from '@/lib/orders/actions';

export function ClaimDecision({ claimId }: { claimId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const decide = (decision: 'verified' | 'rejected') =>
    start(async () => {
      const r = await decideWindowClaimAction({ claimId, decision });
      if (r.ok) toast.success(decision === 'verified' ? '已核实' : '已驳回');
      else toast.error(r.message);
      router.refresh();
    });
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

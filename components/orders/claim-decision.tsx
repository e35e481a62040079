'use client';

import { useTranslations } from 'next-intl';
import { ToastButtons } from '@/components/ui/toast-button';
import { decideWindowClaimAction } from '@/lib/orders/actions';

export function ClaimDecision({ claimId }: { claimId: string }) {
  const t = useTranslations('orders');
  const decide = (decision: 'verified' | 'rejected', label: string, className: string) => ({
    label,
    className,
    call: () => decideWindowClaimAction({ claimId, decision }),
    success: () => (decision === 'verified' ? t('claim.verified') : t('claim.rejected')),
  });
  return (
    <ToastButtons
      choices={[
        decide('verified', t('claim.verify'), 'rounded bg-brand-600 px-2 py-1 text-white'),
        decide('rejected', t('claim.reject'), 'rounded border border-slate-300 px-2 py-1'),
      ]}
    />
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { replayRefundCallbackAction } from '@/lib/reconcile/page-actions';
import { ActionButton } from './action-button';
import { isReplayOutcome } from './replay-button';

/** Replays the order's latest refund callback (re-reads 订单详情 and applies it, logged as a replay). */
export function ReplayRefundButton({ discrepancyId }: { discrepancyId: string }) {
  const t = useTranslations('admin.replayRefund');
  return (
    <ActionButton
      label={t('label')}
      pendingLabel={t('pending')}
      layout="flex flex-col gap-1"
      className="self-start rounded border border-brand-600 px-3 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-60"
      run={async () => {
        const r = await replayRefundCallbackAction({ discrepancyId });
        if (!r.ok) return { ok: false, text: r.message };
        return {
          ok: true,
          text: t('done', {
            id: String(r.data.callbackId),
            outcome: isReplayOutcome(r.data.verdict) ? t(`outcome.${r.data.verdict}`) : r.data.verdict,
          }),
        };
      }}
    />
  );
}

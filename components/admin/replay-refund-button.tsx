'use client';

import { replayRefundCallbackAction } from '@/lib/reconcile/page-actions';
import { ActionButton } from './action-button';

const OUTCOME: Record<string, string> = {
  applied: '订单已按最新订单详情更新',
  no_change: '订单详情与本地一致，无变化',
  retry_later: '订单详情读取失败，请稍后再试',
  unknown_order: '未找到对应订单',
};

/** Replays the order's latest refund callback (re-reads 订单详情 and applies it, logged as a replay). */
export function ReplayRefundButton({ discrepancyId }: { discrepancyId: string }) {
  return (
    <ActionButton
      label="重放退款回调"
      pendingLabel="重放中…"
      layout="flex flex-col gap-1"
      className="self-start rounded border border-brand-600 px-3 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-60"
      run={async () => {
        const r = await replayRefundCallbackAction({ discrepancyId });
        if (!r.ok) return { ok: false, text: r.message };
        return {
          ok: true,
          text: `已重放退款回调 #${r.data.callbackId}：${OUTCOME[r.data.verdict] ?? r.data.verdict}。差异将在下次对账时复核。`,
        };
      }}
    />
  );
}

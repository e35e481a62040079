'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { replayRefundCallbackAction } from '@/lib/reconcile/page-actions';

const OUTCOME: Record<string, string> = {
  applied: '订单已按最新订单详情更新',
  no_change: '订单详情与本地一致，无变化',
  retry_later: '订单详情读取失败，请稍后再试',
  unknown_order: '未找到对应订单',
};

/** Replays the order's latest refund callback (re-reads 订单详情 and applies it, logged as a replay). */
export function ReplayRefundButton({ discrepancyId }: { discrepancyId: string }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const router = useRouter();
  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setMessage(null);
            const r = await replayRefundCallbackAction({ discrepancyId });
            if (!r.ok) return setMessage({ ok: false, text: r.message });
            setMessage({
              ok: true,
              text: `已重放退款回调 #${r.data.callbackId}：${OUTCOME[r.data.verdict] ?? r.data.verdict}。差异将在下次对账时复核。`,
            });
            router.refresh();
          })
        }
        className="self-start rounded border border-brand-600 px-3 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-60"
      >
        {pending ? '重放中…' : '重放退款回调'}
      </button>
      <p
        role="status"
        aria-live="polite"
        className={`text-sm ${message?.ok === false ? 'text-red-800' : 'text-slate-700'}`}
      >
        {message?.text}
      </p>
    </div>
  );
}

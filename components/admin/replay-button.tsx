'use client';

import { ToastButton } from '@/components/ui/toast-button';
import { replayCallbackAction } from '@/lib/admin/actions';

const OUTCOME: Record<string, string> = {
  applied: '已重放：订单已按订单详情更新',
  no_change: '已重放：订单详情与本地一致，无变化',
  retry_later: '已重放：订单详情读取失败，请稍后再试',
  unknown_order: '已重放：未找到对应订单',
};

/** Re-runs a stored provider callback (admin only; the action re-checks the role). */
export function ReplayButton({ callbackId, label = '重放' }: { callbackId: number; label?: string }) {
  return (
    <ToastButton
      call={() => replayCallbackAction({ callbackId })}
      success={(d) => OUTCOME[d.verdict] ?? `已重放（${d.verdict}）`}
      className="relative rounded border border-slate-300 px-2 py-1 text-xs whitespace-nowrap hover:bg-slate-100 disabled:opacity-60"
    >
      {(pending) => (
        <>
          {pending ? '重放中…' : label}
          {/* The name says which callback; visible text stays short (and is the name's start). The button
              is `relative` so this absolutely placed text stays inside a table's scrolling region. */}
          <span className="sr-only">回调 #{callbackId}</span>
        </>
      )}
    </ToastButton>
  );
}

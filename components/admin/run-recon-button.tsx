'use client';

import { startReconciliation } from '@/lib/reconcile/actions';
import { ActionButton } from './action-button';

/** Starts a reconciliation run now (admin only; the action re-checks the role) and reports its figures. */
export function RunReconButton() {
  return (
    <ActionButton
      label="立即对账"
      pendingLabel="对账中…"
      layout="flex flex-wrap items-center gap-3"
      className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      run={async () => {
        const r = await startReconciliation({});
        if (!r.ok) return { ok: false, text: r.message };
        if (r.data.status === 'failed') return { ok: false, text: `对账失败：${r.data.error ?? '未知原因'}` };
        return {
          ok: true,
          text: `对账完成：发现差异 ${r.data.found} 条，新增 ${r.data.opened} 条，自动解决 ${r.data.autoResolved} 条。`,
        };
      }}
    />
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { startReconciliation } from '@/lib/reconcile/actions';

/** Starts a reconciliation run now (admin only; the action re-checks the role) and reports its figures. */
export function RunReconButton() {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const router = useRouter();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setMessage(null);
            const r = await startReconciliation({});
            if (!r.ok) return setMessage({ ok: false, text: r.message });
            if (r.data.status === 'failed')
              return setMessage({ ok: false, text: `对账失败：${r.data.error ?? '未知原因'}` });
            setMessage({
              ok: true,
              text: `对账完成：发现差异 ${r.data.found} 条，新增 ${r.data.opened} 条，自动解决 ${r.data.autoResolved} 条。`,
            });
            router.refresh();
          })
        }
        className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? '对账中…' : '立即对账'}
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

'use client';

import { useTranslations } from 'next-intl';
import { ToastButton } from '@/components/ui/toast-button';
import { replayCallbackAction } from '@/lib/admin/actions';

const OUTCOMES = ['applied', 'no_change', 'retry_later', 'unknown_order'] as const;
export const isReplayOutcome = (v: string): v is (typeof OUTCOMES)[number] =>
  (OUTCOMES as readonly string[]).includes(v);

/** Re-runs a stored provider callback (admin only; the action re-checks the role). */
export function ReplayButton({ callbackId, label }: { callbackId: number; label?: string }) {
  const t = useTranslations('admin.replay');
  return (
    <ToastButton
      call={() => replayCallbackAction({ callbackId })}
      success={(d) => (isReplayOutcome(d.verdict) ? t(`outcome.${d.verdict}`) : t('other', { verdict: d.verdict }))}
      className="relative rounded border border-slate-300 px-2 py-1 text-xs whitespace-nowrap hover:bg-slate-100 disabled:opacity-60"
    >
      {(pending) => (
        <>
          {pending ? t('pending') : (label ?? t('label'))}
          {/* The name says which callback; visible text stays short (and is the name's start). The button
              is `relative` so this absolutely placed text stays inside a table's scrolling region. */}
          <span className="sr-only">{t('srName', { id: String(callbackId) })}</span>
        </>
      )}
    </ToastButton>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ActionButton } from '@/components/admin/action-button';
import { startReconciliation } from '@/lib/reconcile/actions';
import { useTx } from '@/lib/i18n/client';
import { formatShanghai } from '@/lib/time';

export interface LastRun {
  /** ISO instant. */
  startedAt: string;
  status: string;
  found: number;
  opened: number;
}

type RunT = ReturnType<typeof useTranslations<'admin.runRecon'>>;
const RUN_STATUSES = ['running', 'done', 'failed'] as const;
const isRunStatus = (v: string): v is (typeof RUN_STATUSES)[number] => (RUN_STATUSES as readonly string[]).includes(v);

/** The last run in words; "尚未运行过对账" (never) only while there is none. */
export function lastRunText(t: RunT, run: LastRun | null): string {
  return run
    ? t('lastRun', {
        at: formatShanghai(new Date(run.startedAt)),
        status: isRunStatus(run.status) ? t(`status.${run.status}`) : t('unknownStatus'),
        found: String(run.found),
        opened: String(run.opened),
      })
    : t('never');
}

/**
 * The last run and 立即对账 (admin only; the action re-checks the role). The run the button made is
 * shown from the action's own answer at once (a failed run too), not only after the page's server
 * data comes back, so "尚未运行过对账" cannot outlive the first run; the page is refreshed as well for
 * the figures below.
 */
export function RunReconPanel({ lastRun }: { lastRun: LastRun | null }) {
  const t = useTranslations('admin.runRecon');
  const tx = useTx();
  const [mine, setMine] = useState<LastRun | null>(null);
  // The newer of the server's last run and the one made here.
  const shown = mine && (!lastRun || mine.startedAt >= lastRun.startedAt) ? mine : lastRun;
  return (
    <>
      <p className="text-sm text-slate-700" data-testid="last-run">
        {lastRunText(t, shown)}
        {t('schedule')}
      </p>
      <ActionButton
        label={t('run')}
        pendingLabel={t('running')}
        refresh="always"
        layout="flex flex-wrap items-center gap-3"
        className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        run={async () => {
          const r = await startReconciliation({});
          if (!r.ok) return { ok: false, text: r.message };
          const d = r.data;
          setMine({ startedAt: d.startedAt, status: d.status, found: d.found, opened: d.opened });
          return d.status === 'failed'
            ? { ok: false, text: t('failed', { error: d.error ? tx(d.error) : t('unknownError') }) }
            : {
                ok: true,
                text: t('done', {
                  found: String(d.found),
                  opened: String(d.opened),
                  autoResolved: String(d.autoResolved),
                }),
              };
        }}
      />
    </>
  );
}

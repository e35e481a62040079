'use client';

import { useState } from 'react';
import { ActionButton } from '@/components/admin/action-button';
import { startReconciliation } from '@/lib/reconcile/actions';
import { formatShanghai } from '@/lib/time';

export interface LastRun {
  /** ISO instant. */
  startedAt: string;
  status: string;
  found: number;
  opened: number;
}

const RUN_STATUS: Record<string, string> = { running: '进行中', done: '已完成', failed: '失败' };

/** The last run in words; "尚未运行过对账" only while there is none. */
export function lastRunText(run: LastRun | null): string {
  return run
    ? `最近一次：${formatShanghai(new Date(run.startedAt))}，${RUN_STATUS[run.status] ?? '状态未知'}，发现 ${run.found} 条、新增 ${run.opened} 条。`
    : '尚未运行过对账。';
}

/**
 * The last run and 立即对账 (admin only; the action re-checks the role). The run the button made is
 * shown from the action's own answer at once (a failed run too), not only after the page's server
 * data comes back, so "尚未运行过对账" cannot outlive the first run; the page is refreshed as well for
 * the figures below.
 */
export function RunReconPanel({ lastRun }: { lastRun: LastRun | null }) {
  const [mine, setMine] = useState<LastRun | null>(null);
  // The newer of the server's last run and the one made here.
  const shown = mine && (!lastRun || mine.startedAt >= lastRun.startedAt) ? mine : lastRun;
  return (
    <>
      <p className="text-sm text-slate-700" data-testid="last-run">
        {lastRunText(shown)}每日自动运行一次，也可立即运行。
      </p>
      <ActionButton
        label="立即对账"
        pendingLabel="对账中…"
        refresh="always"
        layout="flex flex-wrap items-center gap-3"
        className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        run={async () => {
          const r = await startReconciliation({});
          if (!r.ok) return { ok: false, text: r.message };
          const d = r.data;
          setMine({ startedAt: d.startedAt, status: d.status, found: d.found, opened: d.opened });
          return d.status === 'failed'
            ? { ok: false, text: `对账失败：${d.error ?? '未知原因'}` }
            : {
                ok: true,
                text: `对账完成：发现差异 ${d.found} 条，新增 ${d.opened} 条，自动解决 ${d.autoResolved} 条。`,
              };
        }}
      />
    </>
  );
}

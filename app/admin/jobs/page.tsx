import Link from 'next/link';
import { Table } from '@/components/ui/table';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { failedJobs, queueStats } from '@/lib/jobs';
import { queueLabel } from '@/lib/jobs/labels';
import { notificationStats, notificationTrouble } from '@/lib/notify/admin';
import { CHANNEL_LABELS, KINDS, isKind, type Channel } from '@/lib/notify/kinds';
import { formatShanghai } from '@/lib/time';

export const metadata = { title: '后台任务' };
export const dynamic = 'force-dynamic';

/** The job worker's queues: depth, work in progress and failures (retries exhausted). */
export default async function JobsPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/jobs');
  const [stats, failed, notifyStats, trouble] = await Promise.all([
    queueStats(),
    failedJobs(),
    notificationStats(),
    notificationTrouble(),
  ]);
  return (
    <section className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">后台任务</h1>
        <Link href="/admin" className="text-sm text-brand-700 underline">
          返回管理后台
        </Link>
      </div>
      <Table
        caption="队列"
        minWidth="min-w-[480px]"
        rows={stats}
        rowKey={(q) => q.name}
        rowTestId={(q) => `queue-${q.name}`}
        empty="还没有队列，后台任务进程尚未启动。"
        columns={[
          {
            head: '队列',
            // The pg-boss name is for whoever reads the worker's logs: a tooltip, not text.
            cell: (q) => <span title={q.name}>{queueLabel(q.name)}</span>,
          },
          { head: '排队', cell: (q) => q.queued },
          { head: '执行中', cell: (q) => q.active },
          { head: '失败', cell: (q) => q.failed },
        ]}
      />
      <h2 className="text-lg font-semibold">最近失败的任务</h2>
      {failed.length === 0 ? (
        <p className="text-slate-600">没有失败的任务。</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm">
          {failed.map((j) => (
            <li key={j.id} className="rounded bg-white p-3 shadow-sm">
              <strong title={j.queue}>{queueLabel(j.queue)}</strong> · 重试 {j.retries} 次 ·{' '}
              {j.at ? formatShanghai(j.at) : '—'}
              <details className="mt-1">
                <summary className="cursor-pointer text-slate-700">技术详情（供排查）</summary>
                <pre className="mt-1 overflow-x-auto text-xs whitespace-pre-wrap text-slate-700">
                  {JSON.stringify(j.data)} — {j.error}
                </pre>
              </details>
            </li>
          ))}
        </ul>
      )}
      <NotificationsSection stats={notifyStats} trouble={trouble} />
    </section>
  );
}

const NOTIFY_STATUS: Record<string, string> = {
  pending: '待发送',
  sending: '发送中（重试中）',
  sent: '已发送',
  failed: '失败（将重试）',
  skipped: '已放弃',
};

/** Notifications: counts per channel and state, then the ones failing, being retried or given up. */
function NotificationsSection({
  stats,
  trouble,
}: {
  stats: Awaited<ReturnType<typeof notificationStats>>;
  trouble: Awaited<ReturnType<typeof notificationTrouble>>;
}) {
  const channel = (c: string) => CHANNEL_LABELS[c as Channel] ?? c;
  return (
    <>
      <h2 className="text-lg font-semibold">通知发送</h2>
      <Table
        caption="通知（按渠道和状态）"
        minWidth="min-w-[360px]"
        rows={stats}
        rowKey={(r) => `${r.channel}-${r.status}`}
        empty="还没有通知。"
        columns={[
          { head: '渠道', cell: (r) => channel(r.channel) },
          { head: '状态', cell: (r) => NOTIFY_STATUS[r.status] ?? r.status },
          { head: '数量', cell: (r) => r.n },
        ]}
      />
      <Table
        caption="发送失败、重试中或已放弃的通知"
        minWidth="min-w-[640px]"
        rows={trouble}
        rowKey={(r) => r.id}
        rowTestId={() => 'notify-trouble'}
        empty="没有失败的通知。"
        columns={[
          { head: '通知', cell: (r) => (isKind(r.kind) ? KINDS[r.kind].label : r.kind) },
          { head: '渠道', cell: (r) => channel(r.channel) },
          { head: '收件人', cell: (r) => r.recipient },
          { head: '状态', cell: (r) => NOTIFY_STATUS[r.status] ?? r.status },
          { head: '尝试', cell: (r) => r.attempts },
          { head: '最后结果', cell: (r) => <span className="break-all">{r.lastError ?? '—'}</span> },
          { head: '时间', cell: (r) => formatShanghai(r.updatedAt) },
        ]}
      />
    </>
  );
}

import Link from 'next/link';
import { Table } from '@/components/ui/table';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { failedJobs, queueStats } from '@/lib/jobs';
import { queueLabel } from '@/lib/jobs/labels';
import { formatShanghai } from '@/lib/time';

export const metadata = { title: '后台任务' };
export const dynamic = 'force-dynamic';

/** The job worker's queues: depth, work in progress and failures (retries exhausted). */
export default async function JobsPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/jobs');
  const [stats, failed] = await Promise.all([queueStats(), failedJobs()]);
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
    </section>
  );
}

import Link from 'next/link';
import { ProviderLatencyChart } from '@/components/admin/system-charts-lazy';
import { Table } from '@/components/ui/table';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { formatFen } from '@/lib/format';
import { queueLabel } from '@/lib/jobs/labels';
import { systemSnapshot } from '@/lib/obs/snapshot';
import { formatShanghai } from '@/lib/time';

export const metadata = { title: '系统状态' };
export const dynamic = 'force-dynamic';

const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);
const FUNNEL_LABEL: Record<string, string> = {
  search: '查询',
  hold: '占座成功',
  payment: '支付',
  issue: '出票成功',
  failure: '失败或取消',
};
const VERDICT_LABEL: Record<string, string> = {
  applied: '已处理',
  no_change: '无变化',
  retry_later: '稍后重试',
  bad_sign: '签名错误',
  unknown_order: '未知订单',
  invalid: '格式无效',
  duplicate: '重复',
  stale: '过时',
  throttled: '过于频繁，已拒收',
};

function age(seconds: number): string {
  if (seconds < 1) return '—';
  if (seconds < 120) return `${Math.round(seconds)} 秒`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} 分钟`;
  return `${Math.round(seconds / 3600)} 小时`;
}

/**
 * The portal and the worker as their metrics show them (lib/obs): provider latency and errors over
 * the last hour, the slowest routes, the queues, failed jobs and the last callbacks.
 */
export default async function SystemPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/system');
  const s = await systemSnapshot();
  const covers = s.covers.map((c) => `${c.process === 'portal' ? '门户' : '后台任务'} ${age(c.seconds)}`).join('，');
  return (
    <section className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">系统状态</h1>
        <Link href="/admin" className="text-sm text-brand-700 underline">
          返回管理后台
        </Link>
      </div>
      <p className="text-sm text-slate-600" data-testid="system-covers">
        “近一小时”的数字来自各进程的指标（进程重启后从启动时算起：{covers}）。
        {s.workerReachable ? '' : '后台任务进程的指标暂时读不到，下表只含门户进程。'}
      </p>

      <h2 className="text-lg font-semibold">预订漏斗（近一小时）</h2>
      <ul className="flex flex-wrap gap-3 text-sm" data-testid="system-funnel">
        {Object.entries(FUNNEL_LABEL).map(([k, label]) => (
          <li key={k} className="rounded bg-white px-3 py-2 shadow-sm">
            {label} <strong>{s.funnel[k] ?? 0}</strong>
          </li>
        ))}
        <li className="rounded bg-white px-3 py-2 shadow-sm">
          供应商退款 <strong>{formatFen(s.refundFen.in)}</strong>
        </li>
        <li className="rounded bg-white px-3 py-2 shadow-sm">
          退还旅客 <strong>{formatFen(s.refundFen.out)}</strong>
        </li>
      </ul>

      <h2 className="text-lg font-semibold">供应商接口（近一小时）</h2>
      {s.providers.length > 0 && (
        <ProviderLatencyChart
          data={s.providers.map((p) => ({
            label: `${p.provider} ${p.endpoint}`,
            meanMs: p.meanMs ?? 0,
            p95Ms: p.p95Ms ?? 0,
          }))}
        />
      )}
      <Table
        caption="供应商接口耗时与错误"
        minWidth="min-w-[560px]"
        rows={s.providers}
        rowKey={(p) => `${p.provider}-${p.endpoint}`}
        rowTestId={(p) => `provider-${p.provider}-${p.endpoint}`}
        empty="近一小时没有供应商调用。"
        columns={[
          { head: '供应商', cell: (p) => p.provider },
          { head: '接口', cell: (p) => p.endpoint },
          { head: '调用', cell: (p) => p.calls },
          { head: '错误', cell: (p) => (p.errors > 0 ? <strong className="text-red-700">{p.errors}</strong> : 0) },
          { head: '平均', cell: (p) => ms(p.meanMs) },
          { head: 'P95', cell: (p) => ms(p.p95Ms) },
        ]}
      />

      <h2 className="text-lg font-semibold">最慢的请求路径（近一小时）</h2>
      <Table
        caption="最慢的请求路径"
        minWidth="min-w-[480px]"
        rows={s.routes}
        rowKey={(r) => r.route}
        empty="近一小时没有请求记录。"
        columns={[
          { head: '路径', cell: (r) => <code className="text-xs">{r.route}</code> },
          { head: '请求', cell: (r) => r.requests },
          { head: '平均', cell: (r) => ms(r.meanMs) },
          { head: 'P95', cell: (r) => ms(r.p95Ms) },
        ]}
      />

      <h2 className="text-lg font-semibold">队列</h2>
      <Table
        caption="队列深度与最久等待的任务"
        minWidth="min-w-[560px]"
        rows={s.queues}
        rowKey={(q) => q.queue}
        rowTestId={(q) => `system-queue-${q.queue}`}
        empty="还没有队列，后台任务进程尚未启动。"
        columns={[
          { head: '队列', cell: (q) => <span title={q.queue}>{queueLabel(q.queue)}</span> },
          { head: '排队', cell: (q) => q.waiting },
          { head: '最久等待', cell: (q) => age(q.oldestSeconds) },
          { head: '执行中', cell: (q) => q.active },
          { head: '失败（保留）', cell: (q) => q.failed },
          { head: '近一小时失败次数', cell: (q) => q.failedRunsHour },
        ]}
      />
      <p className="text-sm">
        失败任务的详情见
        <Link href="/admin/jobs" className="text-brand-700 underline">
          后台任务
        </Link>
        。
      </p>

      <h2 className="text-lg font-semibold">最近的回调</h2>
      <Table
        caption="供应商回调（按结果）"
        minWidth="min-w-[480px]"
        rows={s.callbacks}
        rowKey={(c) => `${c.provider}-${c.kind}-${c.verdict}`}
        empty="门户启动以来没有收到回调。"
        columns={[
          { head: '供应商', cell: (c) => c.provider },
          { head: '类型', cell: (c) => c.kind },
          { head: '结果', cell: (c) => VERDICT_LABEL[c.verdict] ?? c.verdict },
          { head: '近一小时', cell: (c) => c.countHour },
          { head: '最近一次', cell: (c) => (c.lastAt ? formatShanghai(c.lastAt) : '—') },
        ]}
      />
    </section>
  );
}

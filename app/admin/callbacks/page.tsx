import Link from 'next/link';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { latestCallbacks } from '@/lib/orders/callback-log';
import { callbackDetailLabel, callbackEventLabel, callbackKindLabel } from '@/lib/orders/callback-labels';
import { isReplayable } from '@/lib/orders/callbacks';
import { formatShanghai } from '@/lib/time';
import { ReplayButton } from '@/components/admin/replay-button';
import { Table } from '@/components/ui/table';

export const metadata = { title: '回调日志' };

const VERDICT: Record<string, string> = {
  applied: '已应用',
  no_change: '无变化（已按订单详情核对）',
  retry_later: '暂未处理（等待重发）',
  duplicate: '重复（忽略）',
  stale: '过期（忽略）',
  bad_sign: '签名错误（拒绝）',
  unknown_order: '未知订单',
  invalid: '格式错误（拒绝）',
};

export default async function CallbackLogPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/callbacks');
  const rows = await latestCallbacks();
  return (
    <section className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">供应商回调日志</h1>
        <Link href="/admin" className="text-sm text-brand-700 underline">
          返回管理后台
        </Link>
      </div>
      <p className="text-sm text-slate-600">
        最近 100
        条回调及处理结果；报文中的证件号、手机号已脱敏。「重放」按正常流程重新读取订单详情并应用，结果另记一行。
      </p>
      <Table
        label="回调日志表格"
        caption="回调日志"
        minWidth="min-w-[720px]"
        top
        rows={rows}
        empty="暂无回调。"
        columns={[
          {
            head: '接收时间',
            className: 'whitespace-nowrap',
            cell: (r) => formatShanghai(r.receivedAt, { seconds: true }),
          },
          {
            head: '类型',
            cell: (r) => (
              <>
                {callbackKindLabel(r.kind)}
                {r.replayOf !== null && (
                  <span className="block text-xs text-amber-800" data-testid="replay-mark">
                    重放 #{r.replayOf}（{r.actorName ?? '已删除的账号'}）
                  </span>
                )}
              </>
            ),
          },
          {
            head: '事件',
            cell: (r) => <span title={r.eventType ?? undefined}>{callbackEventLabel(r.eventType)}</span>,
          },
          { head: '供应商订单号', cell: (r) => r.providerOrderNo ?? '—' },
          {
            head: '处理结果',
            testId: 'verdict',
            cell: (r) => (
              <>
                {VERDICT[r.verdict] ?? r.verdict}
                {r.detail && <span className="block text-xs text-slate-600">{callbackDetailLabel(r.detail)}</span>}
              </>
            ),
          },
          {
            head: '报文',
            cell: (r) => (
              <details>
                <summary className="cursor-pointer text-brand-700">查看</summary>
                <pre className="mt-1 max-w-md text-xs break-all whitespace-pre-wrap">{r.raw}</pre>
              </details>
            ),
          },
          { head: '操作', cell: (r) => (isReplayable(r) ? <ReplayButton callbackId={r.id} /> : '—') },
        ]}
      />
    </section>
  );
}

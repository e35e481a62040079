import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ReconHeader } from '@/components/admin/recon-nav';
import { ReplayButton } from '@/components/admin/replay-button';
import { ReplayRefundButton } from '@/components/admin/replay-refund-button';
import { FormField, FormSelect, StateForm } from '@/components/ui/form';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { RECON_TRANSITIONS, reconStateLabel } from '@/lib/domain/recon';
import { formatFen } from '@/lib/format';
import { isReplayable } from '@/lib/orders/callbacks';
import { discrepancyDetail, type TimelineKind } from '@/lib/reconcile';
import { changeDiscrepancyState } from '@/lib/reconcile/actions';
import { actorNames, latestRefundCallback } from '@/lib/reconcile/pages';
import { formatShanghai } from '@/lib/time';
import { Table } from '@/components/ui/table';

export const metadata = { title: '差异详情' };

const KIND: Record<TimelineKind, { label: string; side: string }> = {
  callback: { label: '供应商回调', side: '供应商' },
  order_event: { label: '订单事件/同步', side: '本系统' },
  ticket_refund: { label: '退票', side: '供应商' },
  change: { label: '改签', side: '供应商' },
  payment: { label: '支付', side: '旅客' },
  payment_refund: { label: '退给旅客', side: '旅客' },
  ledger: { label: '旅行社账', side: '旅行社' },
  statement: { label: '供应商资金流水', side: '供应商' },
  discrepancy: { label: '差异', side: '对账' },
};

const fen = (v: number | null) => (v === null ? '—' : formatFen(v));

export default async function DiscrepancyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageRole(AREA_ROLES.admin, `/admin/reconciliation/discrepancies/${id}`);
  const detail = await discrepancyDetail(id);
  if (!detail) notFound();
  const { discrepancy: d, order, ticket, sides, events, timeline } = detail;
  const [names, refundCallback] = await Promise.all([
    actorNames([d.stateBy, ...events.map((e) => e.actor)]),
    latestRefundCallback(order.id),
  ]);
  const who = (a: string | null) => (a ? (names.get(a) ?? a) : '—');
  const moves = RECON_TRANSITIONS[d.state];
  const SIDES = [
    { key: 'expected', title: '应退（按规则）', value: sides.expectedFen, hint: '退票费率、改签差价、出票失败全额' },
    { key: 'reported', title: '供应商报告', value: sides.reportedFen, hint: '订单详情、退款回调' },
    { key: 'moved', title: '供应商账户变动', value: sides.providerMovedFen, hint: '供应商资金流水' },
    { key: 'paid', title: '已退旅客/旅行社', value: sides.paidBackFen, hint: '支付网关退款、旅行社账' },
  ];
  return (
    <section className="flex flex-col gap-4">
      <ReconHeader title={`差异详情：${d.reasonLabel}`} current={null} />
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 rounded-lg bg-white p-4 text-sm break-words shadow-sm sm:grid-cols-[auto_minmax(0,1fr)]">
        <dt className="font-medium text-slate-700">状态</dt>
        <dd data-testid="discrepancy-state">
          {d.stateLabel}
          {d.stateAt && (
            <span className="text-slate-600">
              {' '}
              · {who(d.stateBy)} · {formatShanghai(d.stateAt)}
              {d.stateNote ? ` · ${d.stateNote}` : ''}
            </span>
          )}
        </dd>
        <dt className="font-medium text-slate-700">订单</dt>
        <dd>
          {order.providerOrderNo ?? '—'}（我方 {order.customerOrderNo}）· {order.trainCode} {order.fromStation}→
          {order.toStation} · 发车 {formatShanghai(order.departureAt)} · {order.statusLabel}
        </dd>
        <dt className="font-medium text-slate-700">金额</dt>
        <dd>
          订单 {formatFen(order.totalFen)}，已付 {formatFen(order.paidFen)}，已退 {formatFen(order.refundedFen)}
          {order.agencyId ? '（旅行社订单）' : ''}
        </dd>
        {ticket && (
          <>
            <dt className="font-medium text-slate-700">车票</dt>
            <dd>
              {ticket.passengerName} · {ticket.ticketNo ?? '无票号'} · {ticket.statusLabel} · 票价{' '}
              {formatFen(ticket.priceFen)}
              {ticket.refundFeeFen !== null ? ` · 手续费 ${formatFen(ticket.refundFeeFen)}` : ''}
            </dd>
          </>
        )}
        <dt className="font-medium text-slate-700">说明</dt>
        <dd>{d.detail}</dd>
        <dt className="font-medium text-slate-700">发现</dt>
        <dd>
          首次 {formatShanghai(d.firstSeenAt)}，最近 {formatShanghai(d.lastSeenAt)}
        </dd>
      </dl>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="flex min-w-0 flex-col gap-4">
          <section aria-labelledby="sides-h" className="rounded-lg bg-white p-4 shadow-sm">
            <h2 id="sides-h" className="mb-2 text-lg font-semibold">
              三方金额
            </h2>
            <dl className="grid grid-cols-2 gap-3">
              {SIDES.map((s) => (
                <div key={s.key} className="rounded border border-slate-200 p-2" data-testid={`side-${s.key}`}>
                  <dt className="text-sm font-medium text-slate-700">{s.title}</dt>
                  <dd className="text-lg font-semibold">{fen(s.value)}</dd>
                  <dd className="text-xs text-slate-600">{s.hint}</dd>
                </div>
              ))}
            </dl>
          </section>

          <section aria-labelledby="act-h" className="flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm">
            <h2 id="act-h" className="text-lg font-semibold">
              处理
            </h2>
            {moves.length > 0 ? (
              <StateForm create label="更改差异状态" action={changeDiscrepancyState} submitLabel="保存">
                <input type="hidden" name="id" value={d.id} />
                <FormSelect
                  name="state"
                  label="改为"
                  options={moves.map((m) => ({ value: m, label: reconStateLabel(m) }))}
                />
                <FormField name="note" label="原因" required hint="写明核实结果，将与操作人、时间一起记录。" />
              </StateForm>
            ) : (
              <p className="text-sm text-slate-700">该差异已解决。</p>
            )}
            {refundCallback ? (
              <ReplayRefundButton discrepancyId={d.id} />
            ) : (
              <p className="text-sm text-slate-600">该订单没有收到过可重放的退款回调。</p>
            )}
          </section>

          <section aria-labelledby="hist-h" className="rounded-lg bg-white p-4 shadow-sm">
            <h2 id="hist-h" className="mb-2 text-lg font-semibold">
              处理记录
            </h2>
            <ol className="flex flex-col gap-2 text-sm" aria-label="处理记录">
              {events.map((e, i) => (
                <li key={i} className="border-l-2 border-slate-200 pl-2">
                  <span className="font-medium">
                    {e.fromState ? `${reconStateLabel(e.fromState)} → ` : '发现 · '}
                    {reconStateLabel(e.toState)}
                  </span>
                  <span className="block text-slate-600">
                    {who(e.actor)} · {formatShanghai(e.at, { seconds: true })}
                  </span>
                  {e.note && <span className="block">{e.note}</span>}
                </li>
              ))}
            </ol>
          </section>
        </div>

        <section aria-labelledby="tl-h" className="flex min-w-0 flex-col gap-2 rounded-lg bg-white p-4 shadow-sm">
          <h2 id="tl-h" className="text-lg font-semibold">
            订单资金时间线
          </h2>
          <p className="text-xs text-slate-600">
            回调、同步、退票、支付、旅行社账与供应商资金流水，按时间排列（北京时间）。
          </p>
          {/* `relative`: visually hidden (absolutely placed) text in the table stays inside this scrolling region. */}
          <Table
            label="时间线表格"
            caption="订单资金时间线"
            minWidth="min-w-[560px]"
            dense
            card={false}
            top
            rows={timeline}
            rowKey={(t) => `${t.kind}-${t.ref}`}
            rowTestId="timeline-item"
            empty="该订单还没有资金记录。"
            columns={[
              {
                head: '时间',
                className: 'whitespace-nowrap',
                cell: (t) => formatShanghai(t.at, { seconds: true }),
              },
              { head: '一方', className: 'whitespace-nowrap', cell: (t) => KIND[t.kind]?.side ?? '—' },
              {
                head: '事项',
                cell: (t) => (
                  <>
                    <span className="font-medium">{KIND[t.kind]?.label ?? t.kind}</span>
                    <span className="block text-xs break-all text-slate-600">
                      {t.title}
                      {t.detail ? ` · ${t.detail}` : ''}
                    </span>
                  </>
                ),
              },
              { head: '金额', className: 'whitespace-nowrap', cell: (t) => fen(t.fen) },
              {
                head: <span className="sr-only">操作</span>,
                cell: (t) =>
                  t.kind === 'callback' &&
                  isReplayable({ verdict: t.detail?.split(' ')[0] ?? '', providerOrderNo: order.providerOrderNo }) ? (
                    <ReplayButton callbackId={Number(t.ref)} />
                  ) : null,
              },
            ]}
          />
        </section>
      </div>
      <Link href="/admin/reconciliation/discrepancies" className="text-sm text-brand-700 underline">
        返回差异列表
      </Link>
    </section>
  );
}

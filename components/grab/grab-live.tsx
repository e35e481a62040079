'use client';

import Link from 'next/link';
import { PageSection } from '@/components/layout/page-section';
import { toast } from 'sonner';
import { buttonPrimary } from '@/components/ui/field';
import { useCashier } from '@/components/ui/use-cashier';
import { useLive } from '@/components/ui/use-live';
import { cancelGrabAction, startGrabPaymentAction } from '@/lib/grab/actions';
import type { GrabView } from '@/lib/grab/orders';
import { seatTypeName } from '@/lib/domain/seats';
import { GRAB_STATUS } from '@/lib/domain/states';
import { formatFen } from '@/lib/format';
import { formatShanghai, shanghaiDate, shanghaiTime } from '@/lib/time';
import { Section } from '@/components/ui/section';
import { PendingButton } from '@/components/ui/pending-button';

/** GrabView as JSON: dates become ISO strings. */
type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;
export type GrabJson = Json<GrabView>;

const { CREATED, BEFORE_SALE, GRABBING, SUCCEEDED, REFUNDED, CHANGED } = GRAB_STATUS;
const OPEN: string[] = [CREATED, BEFORE_SALE, GRABBING];
/** 抢票成功 and what became of its tickets afterwards: the issued order stays the place to see them. */
const ISSUED: string[] = [SUCCEEDED, REFUNDED, CHANGED];
const AFTER_SALES: Record<string, string> = {
  [REFUNDED]: '抢到的车票已全部退票，退款按退票规则原路退回。',
  [CHANGED]: '抢到的车票已改签，新车票见出票订单。',
};
const TICKET_TYPE: Record<number, string> = { 1: '成人票', 2: '儿童票' };
const OUTCOME: Record<string, string> = {
  trying: '占座中',
  held: '占座成功，出票中',
  issued: '出票成功',
  failed: '占座失败',
  issue_failed: '出票失败',
  cancelled: '已取消',
};
const REFUND_STATE: Record<string, string> = { pending: '退款中', succeeded: '已退款', failed: '退款失败（将重试）' };

const fmt = (iso: string | null) => (iso ? formatShanghai(iso) : '—');

/**
 * When the date opens: at the boarding station's sale time once the provider's note gave it (the
 * engine sets sale_opens_at to it), else from the start of its first day (no station sells at 00:00).
 */
function saleOpens(iso: string | null): string {
  if (!iso) return '';
  return shanghaiTime(iso) === '00:00' ? `（最早 ${shanghaiDate(iso)} 起）` : `（${formatShanghai(iso)} 起售）`;
}

export function GrabLive({ initial }: { initial: GrabJson }) {
  // The engine works on jobs whether or not this page is open; the page only follows it.
  const [grab, refresh] = useLive('grab', `/api/grabs/${initial.id}`, initial, (g) =>
    OPEN.includes(g.status) || g.money.refunds.some((r) => r.status === 'pending') ? 2000 : false,
  );
  const { pending, start, message, setMessage, toCashier } = useCashier();
  const unpaid = grab.status === CREATED && grab.money.paidFen === 0;
  const cancellable = OPEN.includes(grab.status);
  // Everything paid back: the grab's own refunds and the difference its order refunded on success.
  const refunded = grab.money.refunds.filter((r) => r.status === 'succeeded').reduce((n, r) => n + r.amountFen, 0);
  const altOf = new Map(grab.alternates.map((a) => [a.id, a]));

  const pay = () => toCashier(() => startGrabPaymentAction({ grabId: grab.id }));

  function cancel() {
    setMessage(null);
    start(async () => {
      const r = await cancelGrabAction({ grabId: grab.id });
      if (r.ok) toast.success('抢票单已取消，预付款将原路退回。');
      else setMessage(r.message);
      await refresh();
    });
  }

  return (
    <PageSection title="抢票单" back={{ href: '/trips', label: '我的行程' }}>
      <div className="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm">
        <p className="text-lg">
          状态：
          <strong data-testid="grab-status" aria-live="polite">
            {grab.statusLabel}
          </strong>
        </p>
        {grab.status === BEFORE_SALE && (
          <p className="text-sm text-slate-700" data-testid="grab-sale-opens">
            所选日期尚未开售{saleOpens(grab.saleOpensAt)}，开售后自动开始抢票。
          </p>
        )}
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">截止时间</dt>
          <dd>{fmt(grab.deadlineAt)}</dd>
          <dt className="text-slate-600">预付金额</dt>
          <dd data-testid="grab-prepaid">{formatFen(grab.prepaidFen)}</dd>
          <dt className="text-slate-600">已支付</dt>
          <dd data-testid="grab-paid">{formatFen(grab.money.paidFen)}</dd>
          <dt className="text-slate-600">已退款</dt>
          <dd data-testid="grab-refunded">{formatFen(refunded)}</dd>
          <dt className="text-slate-600">乘客</dt>
          <dd>{grab.passengers.map((p) => `${p.name}（${TICKET_TYPE[p.ticketType] ?? '成人票'}）`).join('、')}</dd>
        </dl>
        {AFTER_SALES[grab.status] && (
          <p className="text-sm text-slate-700" data-testid="grab-after-sales">
            {AFTER_SALES[grab.status]}
          </p>
        )}
        {ISSUED.includes(grab.status) && grab.resultOrderId && (
          <p>
            <Link href={`/trips/${grab.resultOrderId}`} className="font-medium text-brand-700 underline">
              查看出票订单
            </Link>
          </p>
        )}
        <div className="flex flex-wrap gap-3">
          {unpaid && (
            <PendingButton onClick={pay} pending={pending} pendingLabel="正在前往收银台…" className={buttonPrimary}>
              前往收银台支付
            </PendingButton>
          )}
          {cancellable && (
            <button
              type="button"
              onClick={cancel}
              disabled={pending}
              className="rounded border border-slate-400 px-4 py-2 font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60"
            >
              取消抢票
            </button>
          )}
        </div>
        <div role="status" aria-live="polite" className="text-sm text-red-700">
          {message}
        </div>
      </div>

      <Section id="alt-heading" title="备选车次（按优先顺序）">
        <ol className="flex flex-col gap-1 text-sm" aria-label="备选车次">
          {grab.alternates.map((a, i) => (
            <li key={a.id} className="flex flex-wrap gap-x-3">
              <span>{i + 1}.</span>
              <span className="font-medium">
                {a.date} {a.trainCode}
              </span>
              <span>
                {a.fromStation} → {a.toStation} {shanghaiTime(a.departureAt)}
              </span>
              <span>{seatTypeName(a.seatType)}</span>
              <span>{formatFen(a.priceFen)}</span>
              {a.restingUntil && new Date(a.restingUntil) > new Date() && OPEN.includes(grab.status) && (
                <span className="text-amber-800">暂停至 {shanghaiTime(a.restingUntil)}</span>
              )}
            </li>
          ))}
        </ol>
      </Section>

      <Section id="att-heading" title="抢票记录">
        {grab.attempts.length === 0 ? (
          <p className="text-sm text-slate-600">暂无占座尝试。</p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm" aria-label="抢票记录">
            {grab.attempts.map((t) => {
              const a = t.alternateId ? altOf.get(t.alternateId) : undefined;
              return (
                <li key={t.id} className="flex flex-wrap gap-x-3">
                  <span>{fmt(t.startedAt)}</span>
                  <span className="font-medium">
                    {a ? `${a.date} ${a.trainCode} ${seatTypeName(a.seatType)}` : '—'}
                  </span>
                  <span>{OUTCOME[t.outcome] ?? t.outcome}</span>
                  {t.note && <span className="text-slate-600">{t.note}</span>}
                  {t.noteRaw && (
                    <span className="block w-full text-xs text-slate-500" data-testid="failure-raw">
                      出票渠道原文：{t.noteRaw}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Section>

      {grab.money.refunds.length > 0 && (
        <Section id="refund-heading" title="退款">
          <ul className="flex flex-col gap-1 text-sm" aria-label="退款">
            {grab.money.refunds.map((r, i) => (
              <li key={i}>
                {formatFen(r.amountFen)} · {REFUND_STATE[r.status] ?? r.status} · {r.reason}
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section id="events-heading" title="状态记录">
        <ul className="flex flex-col gap-1 text-sm">
          {grab.events.map((e, i) => (
            <li key={i}>
              {fmt(e.at)} {e.note}
              {e.noteRaw && (
                <span className="block text-xs text-slate-500" data-testid="failure-raw">
                  出票渠道原文：{e.noteRaw}
                </span>
              )}
            </li>
          ))}
        </ul>
      </Section>
    </PageSection>
  );
}

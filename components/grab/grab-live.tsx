'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
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
import { useTx } from '@/lib/i18n/client';
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
const AFTER_SALES = { [REFUNDED]: 'refundedAll', [CHANGED]: 'changed' } as const;
const afterSales = (status: string) =>
  Object.hasOwn(AFTER_SALES, status) ? AFTER_SALES[status as keyof typeof AFTER_SALES] : null;
const OUTCOMES = ['trying', 'held', 'issued', 'failed', 'issue_failed', 'cancelled'] as const;
const REFUND_STATES = ['pending', 'succeeded', 'failed'] as const;
const isOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

const fmt = (iso: string | null) => (iso ? formatShanghai(iso) : '—');

/**
 * When the date opens: at the boarding station's sale time once the provider's note gave it (the
 * engine sets sale_opens_at to it), else from the start of its first day (no station sells at 00:00).
 */
function saleOpens(iso: string | null): { opens: 'earliest' | 'at' | 'none'; at: string } {
  if (!iso) return { opens: 'none', at: '' };
  return shanghaiTime(iso) === '00:00'
    ? { opens: 'earliest', at: shanghaiDate(iso) }
    : { opens: 'at', at: formatShanghai(iso) };
}

export function GrabLive({ initial }: { initial: GrabJson }) {
  // The engine works on jobs whether or not this page is open; the page only follows it.
  const [grab, refresh] = useLive('grab', `/api/grabs/${initial.id}`, initial, (g) =>
    OPEN.includes(g.status) || g.money.refunds.some((r) => r.status === 'pending') ? 2000 : false,
  );
  const { pending, start, message, setMessage, toCashier } = useCashier();
  const tr = useTranslations('grab.live');
  const tx = useTx();
  const locale = useLocale();
  const afterSalesKey = afterSales(grab.status);
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
      if (r.ok) toast.success(tr('cancelled'));
      else setMessage(r.message);
      await refresh();
    });
  }

  return (
    <PageSection title={tr('title')} back={{ href: '/trips', label: tr('back') }}>
      {/* Chinese readers take Beijing time for granted; the English page says so. */}
      {locale === 'en' && <p className="text-sm text-slate-600">{tr('timesNote')}</p>}
      <div className="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm">
        <p className="text-lg">
          {tr.rich('status', {
            status: tx(grab.statusLabel),
            b: (c) => (
              <strong data-testid="grab-status" aria-live="polite">
                {c}
              </strong>
            ),
          })}
        </p>
        {grab.status === BEFORE_SALE && (
          <p className="text-sm text-slate-700" data-testid="grab-sale-opens">
            {tr('beforeSale', saleOpens(grab.saleOpensAt))}
          </p>
        )}
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">{tr('deadline')}</dt>
          <dd>{fmt(grab.deadlineAt)}</dd>
          <dt className="text-slate-600">{tr('prepaid')}</dt>
          <dd data-testid="grab-prepaid">{formatFen(grab.prepaidFen)}</dd>
          <dt className="text-slate-600">{tr('paid')}</dt>
          <dd data-testid="grab-paid">{formatFen(grab.money.paidFen)}</dd>
          <dt className="text-slate-600">{tr('refunded')}</dt>
          <dd data-testid="grab-refunded">{formatFen(refunded)}</dd>
          <dt className="text-slate-600">{tr('passengers')}</dt>
          <dd>
            {grab.passengers
              .map((p) => tr('passenger', { name: p.name, type: tr(p.ticketType === 2 ? 'child' : 'adult') }))
              .join(tr('passengerSep'))}
          </dd>
        </dl>
        {afterSalesKey && (
          <p className="text-sm text-slate-700" data-testid="grab-after-sales">
            {tr(afterSalesKey)}
          </p>
        )}
        {ISSUED.includes(grab.status) && grab.resultOrderId && (
          <p>
            <Link href={`/trips/${grab.resultOrderId}`} className="font-medium text-brand-700 underline">
              {tr('resultOrder')}
            </Link>
          </p>
        )}
        <div className="flex flex-wrap gap-3">
          {unpaid && (
            <PendingButton onClick={pay} pending={pending} pendingLabel={tr('toCashier')} className={buttonPrimary}>
              {tr('pay')}
            </PendingButton>
          )}
          {cancellable && (
            <button
              type="button"
              onClick={cancel}
              disabled={pending}
              className="rounded border border-slate-400 px-4 py-2 font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60"
            >
              {tr('cancel')}
            </button>
          )}
        </div>
        <div role="status" aria-live="polite" className="text-sm text-red-700">
          {message}
        </div>
      </div>

      <Section id="alt-heading" title={tr('alternates')}>
        <ol className="flex flex-col gap-1 text-sm" aria-label={tr('alternatesList')}>
          {grab.alternates.map((a, i) => (
            <li key={a.id} className="flex flex-wrap gap-x-3">
              <span>{i + 1}.</span>
              <span className="font-medium">
                {a.date} {a.trainCode}
              </span>
              <span>
                {tx(a.fromStation)} → {tx(a.toStation)} {shanghaiTime(a.departureAt)}
              </span>
              <span>{tx(seatTypeName(a.seatType))}</span>
              <span>{formatFen(a.priceFen)}</span>
              {a.restingUntil && new Date(a.restingUntil) > new Date() && OPEN.includes(grab.status) && (
                <span className="text-amber-800">{tr('resting', { time: shanghaiTime(a.restingUntil) })}</span>
              )}
            </li>
          ))}
        </ol>
      </Section>

      <Section id="att-heading" title={tr('attempts')}>
        {grab.attempts.length === 0 ? (
          <p className="text-sm text-slate-600">{tr('noAttempts')}</p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm" aria-label={tr('attempts')}>
            {grab.attempts.map((t) => {
              const a = t.alternateId ? altOf.get(t.alternateId) : undefined;
              return (
                <li key={t.id} className="flex flex-wrap gap-x-3">
                  <span>{fmt(t.startedAt)}</span>
                  <span className="font-medium">
                    {a ? `${a.date} ${a.trainCode} ${tx(seatTypeName(a.seatType))}` : '—'}
                  </span>
                  <span>{isOf(OUTCOMES, t.outcome) ? tr(`outcome.${t.outcome}`) : t.outcome}</span>
                  {t.note && <span className="text-slate-600">{tx(t.note)}</span>}
                  {t.noteRaw && (
                    <span className="block w-full text-xs text-slate-500" data-testid="failure-raw">
                      {tr('raw', { text: t.noteRaw })}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Section>

      {grab.money.refunds.length > 0 && (
        <Section id="refund-heading" title={tr('refunds')}>
          <ul className="flex flex-col gap-1 text-sm" aria-label={tr('refunds')}>
            {grab.money.refunds.map((r, i) => (
              <li key={i}>
                {formatFen(r.amountFen)} · {isOf(REFUND_STATES, r.status) ? tr(`refundState.${r.status}`) : r.status} ·{' '}
                {tx(r.reason)}
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section id="events-heading" title={tr('events')}>
        <ul className="flex flex-col gap-1 text-sm">
          {grab.events.map((e, i) => (
            <li key={i}>
              {fmt(e.at)} {e.note && tx(e.note)}
              {e.noteRaw && (
                <span className="block text-xs text-slate-500" data-testid="failure-raw">
                  {tr('raw', { text: e.noteRaw })}
                </span>
              )}
            </li>
          ))}
        </ul>
      </Section>
    </PageSection>
  );
}

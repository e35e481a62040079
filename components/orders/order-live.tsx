'use client';

import Link from 'next/link';
import { PageSection } from '@/components/layout/page-section';
import { useCallback, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useTx } from '@/lib/i18n/client';
import { useLive } from '@/components/ui/use-live';
import { ToastButtons, type ToastChoice } from '@/components/ui/toast-button';
import { cancelOrderAction, payFromBalanceAction } from '@/lib/orders/actions';
import type { OrderView } from '@/lib/orders/views';
import type { OrderTripNote } from '@/lib/trips/views';
import { seatTypeName } from '@/lib/domain/seats';
import { ORDER_STATUS } from '@/lib/domain/states';
import { formatFen } from '@/lib/format';
import { formatShanghai } from '@/lib/time';
import { ChangeDialog } from './change-dialog';
import { ChangeOrders } from './change-orders';
import { Countdown } from './countdown';
import { RefundDialog } from './refund-dialog';
import { DeliveryPanel } from '@/components/delivery/delivery-panel';
import { WindowClaimButton } from './window-claim-button';
import { Section } from '@/components/ui/section';

const { HOLDING, HELD, HOLD_FAILED, CANCELLED, ISSUING, ISSUED, ISSUE_FAILED } = ORDER_STATUS;
const LIVE: number[] = [HOLDING, ISSUING];
const TICKET_TYPE = { 1: 'adult', 2: 'child', 3: 'student', 4: 'disabledVeteran' } as const;
const payClass = 'rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700';

/** Something is still moving: a paid hold waiting for 确认出票, a refund, or a change under way. */
const moneyMoving = (o: OrderView) =>
  (o.status === HELD && o.paymentStatus === 'paid') ||
  o.refunds.some((r) => r.status === 'pending') ||
  // i18n-exempt: matches the Chinese timeline text lib writes (logic, not display)
  o.tickets.some((t) => t.timeline.at(-1)?.text.startsWith('申请退票')) ||
  o.changes.some((c) => [30, 31, 33].includes(c.status));

/** How long a page looks as often as usual at a hold kept over the night, before once a minute. */
const NIGHT_FAST_POLL_MS = 2 * 60_000;

/** trip: the order is a leg of a 中转/往返 trip (lib/trips): the page links it, the dialogs warn. */
export function OrderLive({ initial, trip }: { initial: OrderView; trip?: OrderTripNote | null }) {
  const t = useTranslations('orders');
  const tx = useTx();
  const [expired, setExpired] = useState(false);
  const [openedAt] = useState(() => Date.now());
  // Fast while something is in flight; slower while seats are held (the provider may cancel them).
  const [order, refresh] = useLive('order', `/api/orders/${initial.id}`, initial, (o) => {
    // A hold kept over 12306's night closure: nothing happens before the morning (FAQ §3) — once the
    // first two minutes show the provider is not answering tonight (it may: "可能要到第二天早上").
    const quiet = Date.now() - openedAt > NIGHT_FAST_POLL_MS;
    if (o.status === HOLDING && o.nightWait && quiet && !expired && !moneyMoving(o)) return 60_000;
    if (LIVE.includes(o.status) || expired || moneyMoving(o)) return 1500;
    if (o.status === HELD) return 3000;
    // Issued: a refund at a station window (or any provider news) may still arrive.
    return o.status === ISSUED ? 15_000 : false;
  });
  const onExpire = useCallback(() => {
    setExpired(true);
    void refresh();
  }, [refresh]);

  const held = order.status === HELD;
  // A grab's attempt is paid from the grab's prepayment (or cancelled by the grab), never by hand.
  // A trip's leg is paid with the trip's one payment, on the trip page (lib/trips).
  const payable = held && !expired && order.paymentStatus === 'unpaid' && !order.grabOrder && !trip;
  const payFromBalance: ToastChoice = {
    label: t('detail.payFromBalance'),
    className: payClass,
    call: () => payFromBalanceAction({ orderId: order.id }),
    success: () => t('detail.paidFromBalance'),
  };
  const cancel: ToastChoice = {
    label: t('detail.cancelOrder'),
    className: 'rounded border border-slate-300 bg-white px-4 py-2',
    call: () => cancelOrderAction({ orderId: order.id }),
    success: () => t('detail.cancelled'),
  };

  return (
    <PageSection title={t('detail.title')} back={{ href: '/trips', label: t('detail.back') }}>
      {trip && (
        <p
          className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="order-trip-note"
        >
          {t('trip.intro', { kind: tx(trip.kindLabel), leg: trip.leg })}
          {trip.other &&
            t('trip.other', {
              leg: trip.other.leg,
              train: trip.other.trainCode,
              from: tx(trip.other.fromStation),
              to: tx(trip.other.toStation),
              status: tx(trip.other.statusLabel),
            })}
          {t('trip.end')}
          {order.status === HELD && order.paymentStatus === 'unpaid' && t('trip.payTogether')}{' '}
          <Link href={`/trips/t/${trip.tripId}`} className="text-brand-700 underline">
            {t('trip.view')}
          </Link>
        </p>
      )}
      <div className="rounded-lg bg-white p-4 shadow-sm">
        <p className="text-lg font-semibold">
          {order.trainCode} {tx(order.fromStation)} → {tx(order.toStation)}
        </p>
        <p className="text-sm text-slate-700">
          <span data-testid="order-seat-type">{tx(seatTypeName(order.seatType))}</span> ·{' '}
          {t('detail.passengerCount', { count: order.tickets.length })}
        </p>
        <p className="text-sm text-slate-600">{t('detail.departs', { at: formatShanghai(order.departureAt) })}</p>
        <p className="text-sm text-slate-600">
          {t.rich('detail.provider', {
            provider: tx(order.provider.label),
            v: (c) => <span data-testid="order-provider">{c}</span>,
          })}
          {order.providerOrderNo && (
            <>
              {' · '}
              {t.rich('detail.providerOrderNo', {
                no: order.providerOrderNo,
                v: (c) => <span data-testid="provider-order-no">{c}</span>,
              })}
            </>
          )}
        </p>
        {/* A provider that books with its own 12306 accounts places no order with ours or the traveller's. */}
        {order.provider.trainAccount && (
          <p className="text-sm text-slate-600">
            {t('detail.account')}{' '}
            <span data-testid="train-account">
              {order.trainAccountMasked
                ? t('detail.accountOwn', { account: order.trainAccountMasked })
                : t('detail.accountPlatform')}
            </span>
          </p>
        )}
        <p className="mt-2">
          {t('detail.status')}
          <strong data-testid="order-status" className="text-brand-800">
            {held && expired ? t('detail.expired') : tx(order.statusLabel)}
          </strong>
        </p>
        <StatusExplanation order={order} expired={expired} />
        <p className="mt-1 text-sm">
          {t.rich('detail.total', { amount: formatFen(order.totalFen), b: (c) => <strong>{c}</strong> })}
        </p>
        {order.paidFen > 0 && (
          <p className="mt-1 text-sm">
            {t.rich('detail.paid', {
              amount: formatFen(order.paidFen),
              b: (c) => <strong data-testid="paid-amount">{c}</strong>,
            })}
            {order.refundedFen > 0 && (
              <>
                {' · '}
                {t.rich('detail.refunded', {
                  amount: formatFen(order.refundedFen),
                  b: (c) => <strong data-testid="refunded-amount">{c}</strong>,
                })}
              </>
            )}
          </p>
        )}
        {order.refunds.length > 0 && (
          <ul aria-label={t('detail.refunds')} className="mt-1 text-sm text-slate-700">
            {order.refunds.map((r, i) => (
              <li key={i}>
                {formatFen(r.amountFen)} · {t(`refundState.${r.status}`)} · {tx(r.reason)}
              </li>
            ))}
          </ul>
        )}
      </div>

      {payable && order.payLimitAt && (
        <div className="flex flex-wrap items-center gap-4 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <div>
            <p className="text-sm text-amber-900">{t('detail.payWithin')}</p>
            <Countdown deadline={order.payLimitAt} serverNow={order.serverNow} onExpire={onExpire} />
            <p className="text-xs text-amber-900">{t('detail.payBy', { at: formatShanghai(order.payLimitAt) })}</p>
          </div>
          <div className="ml-auto flex gap-2">
            {!order.agencyOrder && (
              <Link href={`/trips/${order.id}/pay`} className={payClass}>
                {t('detail.pay')}
              </Link>
            )}
            <ToastButtons after={refresh} choices={order.agencyOrder ? [payFromBalance, cancel] : [cancel]} />
          </div>
          {order.cancelWarning && (
            <p data-testid="cancel-warning" role="note" className="w-full text-sm text-amber-800">
              {tx(order.cancelWarning)}
            </p>
          )}
        </div>
      )}

      <section aria-labelledby="tickets-heading" className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="tickets-heading" className="font-semibold">
            {order.status === ISSUED ? t('detail.eTickets') : t('detail.passengers')}
          </h2>
          {order.status === ISSUED && (
            <div className="flex flex-wrap items-center gap-2">
              <RefundDialog orderId={order.id} tripWarning={trip?.warning} />
              {/* A provider without online 改签: its plain words where the button would be. */}
              {order.changeUnavailable ? (
                <p data-testid="change-unavailable" className="max-w-md text-sm text-slate-600">
                  {tx(order.changeUnavailable)}
                </p>
              ) : (
                <ChangeDialog order={order} tripWarning={trip?.warning} />
              )}
            </div>
          )}
        </div>
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {order.tickets.map((tk) => (
            <li
              key={tk.id}
              className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
              aria-label={t('detail.ticketOf', { name: tk.passengerName })}
            >
              <p className="font-semibold">
                {tk.passengerName}{' '}
                <span className="text-sm font-normal text-slate-500">
                  {tk.ticketType in TICKET_TYPE
                    ? t(`ticketType.${TICKET_TYPE[tk.ticketType as keyof typeof TICKET_TYPE]}`)
                    : ''}
                </span>
              </p>
              <p className="text-sm text-slate-600">{t('detail.idNo', { id: tk.idNoMasked })}</p>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                <dt className="text-slate-500">{t('detail.seat')}</dt>
                <dd data-testid="seat-no">{tk.seatNo ? tx(tk.seatNo) : t('detail.seatPending')}</dd>
                <dt className="text-slate-500">{t('detail.entrance')}</dt>
                <dd>{tk.ticketEntrance ? tx(tk.ticketEntrance) : '—'}</dd>
                <dt className="text-slate-500">{t('detail.ticketNo')}</dt>
                <dd data-testid="ticket-no">{tk.ticketNo ?? '—'}</dd>
                <dt className="text-slate-500">{t('detail.price')}</dt>
                <dd>{formatFen(tk.priceFen)}</dd>
                <dt className="text-slate-500">{t('detail.ticketStatus')}</dt>
                <dd data-testid="ticket-status">
                  {tk.fromChange
                    ? t('detail.changedNew', {
                        status: tk.status === ISSUED ? t('detail.issued') : tx(tk.statusLabel),
                      })
                    : tk.status === 34
                      ? t('detail.changedOld')
                      : tx(tk.statusLabel)}
                </dd>
              </dl>
              {order.agencyOrder && tk.status === ISSUED && (
                <WindowClaimButton orderId={order.id} ticketId={tk.id} name={tk.passengerName} />
              )}
              {tk.timeline.length > 0 && (
                <ol
                  aria-label={t('detail.refundLog', { name: tk.passengerName })}
                  className="mt-2 border-t border-slate-100 pt-2 text-xs"
                >
                  {tk.timeline.map((e, i) => (
                    <li key={i}>
                      <At iso={e.at} /> {tx(e.text)}
                    </li>
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ul>
      </section>

      <ChangeOrders order={order} />

      {/* 送票 (issue 27): only for an issued order; its own actions, never mixed with 退票 above. */}
      {order.status === ISSUED && (
        <DeliveryPanel
          orderId={order.id}
          addressBookHref={order.agencyOrder ? '/agent/customers' : '/passengers/addresses'}
        />
      )}

      <Section id="history-heading" title={t('detail.history')}>
        <ol className="flex flex-col gap-1 text-sm">
          {order.events.map((e, i) => (
            <li key={i}>
              <At iso={e.at} /> {tx(e.label)}
              {e.note ? ` · ${tx(e.note)}` : ''}
            </li>
          ))}
        </ol>
      </Section>
    </PageSection>
  );
}

function StatusExplanation({ order, expired }: { order: OrderView; expired: boolean }) {
  const t = useTranslations('orders');
  const tx = useTx();
  const locale = useLocale();
  const reason = (s: string) => sentence(tx(s), locale);
  let text: string | null = null;
  if (order.status === HOLDING) text = order.nightWait ? tx(order.nightWait) : t('explain.holding');
  else if (order.status === HOLD_FAILED)
    text = t('explain.holdFailed', {
      reason: order.failure ? reason(order.failure.text) : sentence(t('explain.unknownReason'), locale),
    });
  else if (order.status === CANCELLED || (order.status === HELD && expired))
    text =
      order.paidFen === 0
        ? t('explain.cancelledNoCharge')
        : order.refundedFen === order.paidFen
          ? t('explain.cancelledRefunded')
          : t('explain.cancelledRefunding');
  else if (order.status === HELD && order.paymentStatus === 'paid') text = t('explain.confirming');
  else if (order.status === ISSUING) text = t('explain.issuing');
  else if (order.status === ISSUED) text = t('explain.issued');
  else if (order.status === ISSUE_FAILED) {
    const r = order.failure ? reason(order.failure.text) : '';
    text =
      order.refundedFen === order.paidFen
        ? t('explain.issueFailedRefunded', { reason: r })
        : t('explain.issueFailedRefunding', { reason: r });
  }
  if (!text) return null;
  return (
    <p
      role="status"
      className="mt-1 text-sm text-slate-700"
      {...(order.status === HOLDING && order.nightWait ? { 'data-testid': 'night-wait' } : {})}
    >
      {order.status === HOLDING && (
        <span className="mr-2 inline-block h-3 w-3 animate-pulse rounded-full bg-brand-600" aria-hidden="true" />
      )}
      {text}
      {/* The provider's own words, for whoever needs the detail (customer service, the traveller). */}
      {order.failure?.raw && (order.status === HOLD_FAILED || order.status === ISSUE_FAILED) && (
        <span className="mt-1 block text-xs text-slate-500" data-testid="failure-raw">
          {t('detail.failureRaw', { raw: order.failure.raw })}
        </span>
      )}
    </p>
  );
}

/** A clause ends with a full stop before the next one is appended. */
function sentence(s: string, locale: string): string {
  if (locale === 'zh') return /[。！？]$/.test(s) ? s : `${s}。`;
  return /[.!?。！？]$/.test(s) ? s : `${s}.`;
}

/** When a record line happened, in Beijing time. */
function At({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} className="text-slate-500">
      {formatShanghai(iso)}
    </time>
  );
}

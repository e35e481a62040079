'use client';

import Link from 'next/link';
import { PageSection } from '@/components/layout/page-section';
import { useCallback, useState } from 'react';
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
const TICKET_TYPE = { 1: '成人票', 2: '儿童票', 3: '学生票', 4: '残军票' } as Record<number, string>;
const payClass = 'rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700';
const REFUND_STATE = { pending: '退款中', succeeded: '已退款', failed: '退款失败（将重试）' } as const;

/** Something is still moving: a paid hold waiting for 确认出票, a refund, or a change under way. */
const moneyMoving = (o: OrderView) =>
  (o.status === HELD && o.paymentStatus === 'paid') ||
  o.refunds.some((r) => r.status === 'pending') ||
  o.tickets.some((t) => t.timeline.at(-1)?.text.startsWith('申请退票')) ||
  o.changes.some((c) => [30, 31, 33].includes(c.status));

/** How long a page looks as often as usual at a hold kept over the night, before once a minute. */
const NIGHT_FAST_POLL_MS = 2 * 60_000;

/** trip: the order is a leg of a 中转/往返 trip (lib/trips): the page links it, the dialogs warn. */
export function OrderLive({ initial, trip }: { initial: OrderView; trip?: OrderTripNote | null }) {
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
    label: '从预存款支付',
    className: payClass,
    call: () => payFromBalanceAction({ orderId: order.id }),
    success: () => '已从预存款支付，正在出票',
  };
  const cancel: ToastChoice = {
    label: '取消订单',
    className: 'rounded border border-slate-300 bg-white px-4 py-2',
    call: () => cancelOrderAction({ orderId: order.id }),
    success: () => '订单已取消',
  };

  return (
    <PageSection title="订单详情" back={{ href: '/trips', label: '我的行程' }}>
      {trip && (
        <p
          className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="order-trip-note"
        >
          本订单是{trip.kindLabel}行程的第{trip.leg}程
          {trip.other &&
            `，另一程：第${trip.other.leg}程 ${trip.other.trainCode} ${trip.other.fromStation}→${trip.other.toStation}（${trip.other.statusLabel}）`}
          。{order.status === HELD && order.paymentStatus === 'unpaid' && '两程请在行程页统一支付。'}{' '}
          <Link href={`/trips/t/${trip.tripId}`} className="text-brand-700 underline">
            查看整个行程
          </Link>
        </p>
      )}
      <div className="rounded-lg bg-white p-4 shadow-sm">
        <p className="text-lg font-semibold">
          {order.trainCode} {order.fromStation} → {order.toStation}
        </p>
        <p className="text-sm text-slate-700">
          <span data-testid="order-seat-type">{seatTypeName(order.seatType)}</span> · {order.tickets.length} 位乘客
        </p>
        <p className="text-sm text-slate-600">出发 {formatShanghai(order.departureAt)}</p>
        <p className="text-sm text-slate-600">
          出票渠道 <span data-testid="order-provider">{order.provider.label}</span>
          {order.providerOrderNo && (
            <>
              {' · '}订单号 <span data-testid="provider-order-no">{order.providerOrderNo}</span>
            </>
          )}
        </p>
        {/* A provider that books with its own 12306 accounts places no order with ours or the traveller's. */}
        {order.provider.trainAccount && (
          <p className="text-sm text-slate-600">
            下单账号{' '}
            <span data-testid="train-account">
              {order.trainAccountMasked ? `我的 12306 账号 ${order.trainAccountMasked}` : '平台 12306 账号'}
            </span>
          </p>
        )}
        <p className="mt-2">
          订单状态：
          <strong data-testid="order-status" className="text-brand-800">
            {held && expired ? '已取消（超时未支付）' : order.statusLabel}
          </strong>
        </p>
        <StatusExplanation order={order} expired={expired} />
        <p className="mt-1 text-sm">
          订单金额 <strong>{formatFen(order.totalFen)}</strong>
        </p>
        {order.paidFen > 0 && (
          <p className="mt-1 text-sm">
            已支付 <strong data-testid="paid-amount">{formatFen(order.paidFen)}</strong>
            {order.refundedFen > 0 && (
              <>
                {' '}
                · 已退款 <strong data-testid="refunded-amount">{formatFen(order.refundedFen)}</strong>
              </>
            )}
          </p>
        )}
        {order.refunds.length > 0 && (
          <ul aria-label="退款记录" className="mt-1 text-sm text-slate-700">
            {order.refunds.map((r, i) => (
              <li key={i}>
                {formatFen(r.amountFen)} · {REFUND_STATE[r.status]} · {r.reason}
              </li>
            ))}
          </ul>
        )}
      </div>

      {payable && order.payLimitAt && (
        <div className="flex flex-wrap items-center gap-4 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <div>
            <p className="text-sm text-amber-900">座位已为您保留，请在时限内支付：</p>
            <Countdown deadline={order.payLimitAt} serverNow={order.serverNow} onExpire={onExpire} />
            <p className="text-xs text-amber-900">支付截止 {formatShanghai(order.payLimitAt)}</p>
          </div>
          <div className="ml-auto flex gap-2">
            {!order.agencyOrder && (
              <Link href={`/trips/${order.id}/pay`} className={payClass}>
                去支付
              </Link>
            )}
            <ToastButtons after={refresh} choices={order.agencyOrder ? [payFromBalance, cancel] : [cancel]} />
          </div>
          {order.cancelWarning && (
            <p data-testid="cancel-warning" role="note" className="w-full text-sm text-amber-800">
              {order.cancelWarning}
            </p>
          )}
        </div>
      )}

      <section aria-labelledby="tickets-heading" className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="tickets-heading" className="font-semibold">
            {order.status === ISSUED ? '电子客票' : '乘客'}
          </h2>
          {order.status === ISSUED && (
            <div className="flex flex-wrap items-center gap-2">
              <RefundDialog orderId={order.id} tripWarning={trip?.warning} />
              {/* A provider without online 改签: its plain words where the button would be. */}
              {order.changeUnavailable ? (
                <p data-testid="change-unavailable" className="max-w-md text-sm text-slate-600">
                  {order.changeUnavailable}
                </p>
              ) : (
                <ChangeDialog order={order} tripWarning={trip?.warning} />
              )}
            </div>
          )}
        </div>
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {order.tickets.map((t) => (
            <li
              key={t.id}
              className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
              aria-label={`${t.passengerName} 的车票`}
            >
              <p className="font-semibold">
                {t.passengerName}{' '}
                <span className="text-sm font-normal text-slate-500">{TICKET_TYPE[t.ticketType] ?? ''}</span>
              </p>
              <p className="text-sm text-slate-600">证件 {t.idNoMasked}</p>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                <dt className="text-slate-500">车厢座位</dt>
                <dd data-testid="seat-no">{t.seatNo ?? '待分配'}</dd>
                <dt className="text-slate-500">检票口</dt>
                <dd>{t.ticketEntrance ?? '—'}</dd>
                <dt className="text-slate-500">票号</dt>
                <dd data-testid="ticket-no">{t.ticketNo ?? '—'}</dd>
                <dt className="text-slate-500">票价</dt>
                <dd>{formatFen(t.priceFen)}</dd>
                <dt className="text-slate-500">状态</dt>
                <dd data-testid="ticket-status">
                  {t.fromChange
                    ? `改签新票 · ${t.status === ISSUED ? '出票成功' : t.statusLabel}`
                    : t.status === 34
                      ? '已改签（原票作废）'
                      : t.statusLabel}
                </dd>
              </dl>
              {order.agencyOrder && t.status === ISSUED && (
                <WindowClaimButton orderId={order.id} ticketId={t.id} name={t.passengerName} />
              )}
              {t.timeline.length > 0 && (
                <ol
                  aria-label={`${t.passengerName} 的退票记录`}
                  className="mt-2 border-t border-slate-100 pt-2 text-xs"
                >
                  {t.timeline.map((e, i) => (
                    <li key={i}>
                      <At iso={e.at} /> {e.text}
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

      <Section id="history-heading" title="状态记录">
        <ol className="flex flex-col gap-1 text-sm">
          {order.events.map((e, i) => (
            <li key={i}>
              <At iso={e.at} /> {e.label}
              {e.note ? ` · ${e.note}` : ''}
            </li>
          ))}
        </ol>
      </Section>
    </PageSection>
  );
}

function StatusExplanation({ order, expired }: { order: OrderView; expired: boolean }) {
  let text: string | null = null;
  if (order.status === HOLDING) text = order.nightWait ?? '正在向 12306 申请座位，通常几秒内完成…';
  else if (order.status === HOLD_FAILED)
    text = `占位失败：${sentence(order.failure?.text ?? '原因未知')}未产生任何扣款。`;
  else if (order.status === CANCELLED || (order.status === HELD && expired))
    text =
      order.paidFen === 0
        ? '订单已取消，座位已释放，未产生扣款。'
        : order.refundedFen === order.paidFen
          ? '订单已取消，票款已原路退回。'
          : '订单已取消，票款正在原路退回。';
  else if (order.status === HELD && order.paymentStatus === 'paid') text = '已支付，正在向 12306 确认出票…';
  else if (order.status === ISSUING) text = '已支付，正在出票…';
  else if (order.status === ISSUED) text = '出票成功，请凭证件乘车。';
  else if (order.status === ISSUE_FAILED)
    text = `出票失败：${order.failure ? sentence(order.failure.text) : ''}${
      order.refundedFen === order.paidFen ? '票款已全额原路退回' : '票款正在全额原路退回'
    }。`;
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
          出票渠道原文：{order.failure.raw}
        </span>
      )}
    </p>
  );
}

/** A clause ends with a full stop before the next one is appended. */
function sentence(s: string): string {
  return /[。！？]$/.test(s) ? s : `${s}。`;
}

/** When a record line happened, in Beijing time. */
function At({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} className="text-slate-500">
      {formatShanghai(iso)}
    </time>
  );
}

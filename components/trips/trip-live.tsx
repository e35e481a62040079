'use client';

import Link from 'next/link';
import { PageSection } from '@/components/layout/page-section';
import { PendingButton } from '@/components/ui/pending-button';
import { useCashier } from '@/components/ui/use-cashier';
import { useLive } from '@/components/ui/use-live';
import { Countdown } from '@/components/orders/countdown';
import { formatFen } from '@/lib/format';
import { formatShanghai } from '@/lib/time';
import { startTripPaymentAction } from '@/lib/trips/actions';
import type { TripView } from '@/lib/trips/views';

const MOVING = ['holding', 'paid'];

/**
 * The trip page: both legs (each linking to its order page), the connection between them, and one
 * 去支付 for both. Only the gateway's verified notification marks the trip paid; the page follows it.
 */
export function TripLive({ initial }: { initial: TripView }) {
  const [trip, refresh] = useLive('trip', `/api/trips/${initial.id}`, initial, (t) =>
    MOVING.includes(t.status) ? 1500 : t.status === 'held' ? 3000 : false,
  );
  const { pending, message, toCashier } = useCashier();
  const [a, b] = trip.legs;

  return (
    <PageSection title={`${trip.kindLabel}行程`} back={{ href: '/trips', label: '我的行程' }}>
      <div className="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm" data-testid="trip-summary">
        <p className="text-lg font-semibold">
          状态 <span data-testid="trip-status">{trip.statusLabel}</span>
        </p>
        {trip.failureReason && (
          <p role="alert" className="text-red-800" data-testid="trip-failure">
            {trip.failureReason}
          </p>
        )}
        <p>
          两程合计 <strong data-testid="trip-total">{formatFen(trip.totalFen)}</strong>
          {trip.paidFen > 0 && <span className="ml-2 text-sm text-slate-600">已支付 {formatFen(trip.paidFen)}</span>}
        </p>
        {trip.status === 'holding' && <p className="text-sm text-slate-600">两程正在同时占座，请稍候…</p>}
        {trip.canPay && trip.payLimitAt && (
          <div className="flex flex-wrap items-center gap-3">
            <PendingButton
              pending={pending}
              pendingLabel="正在前往收银台…"
              onClick={() => toCashier(() => startTripPaymentAction({ tripId: trip.id }))}
              className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
            >
              去支付
            </PendingButton>
            <span className="text-sm text-slate-700">
              请在 {formatShanghai(trip.payLimitAt)} 前支付（
              <Countdown deadline={trip.payLimitAt} serverNow={trip.serverNow} onExpire={() => void refresh()} />）
              ，一次支付两程
            </span>
          </div>
        )}
        <div role="status" aria-live="polite" className="text-sm text-slate-800">
          {message}
        </div>
      </div>

      <ol className="flex flex-col gap-3" aria-label="行程各程">
        {trip.legs.map((l, i) => (
          <li key={l.orderId} className="flex flex-col gap-3">
            <section
              aria-label={`第${l.leg}程`}
              className="rounded-lg bg-white p-4 shadow-sm"
              data-testid={`trip-leg-${l.leg}`}
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold">
                  第{l.leg}程 · {l.trainCode} {l.fromStation} → {l.toStation}
                </h2>
                <span data-testid={`trip-leg-${l.leg}-status`}>{l.statusLabel}</span>
              </div>
              <p className="text-sm text-slate-700">
                {formatShanghai(l.departureAt)} 出发 · {formatShanghai(l.arrivalAt)} 到达 · {formatFen(l.totalFen)}
              </p>
              {l.failureReason && <p className="text-sm text-red-800">{l.failureReason}</p>}
              <ul className="mt-2 text-sm">
                {l.passengers.map((p, k) => (
                  <li key={k}>
                    {p.name} {p.seatNo ? `· ${p.seatNo}` : ''} · {p.statusLabel}
                  </li>
                ))}
              </ul>
              <Link href={`/trips/${l.orderId}`} className="mt-2 inline-block text-sm text-brand-700 underline">
                查看第{l.leg}程订单（退票、改签）
              </Link>
            </section>
            {i === 0 && trip.connection && b && a && (
              <p
                className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
                data-testid="trip-connection"
              >
                换乘：{trip.connection.text}
              </p>
            )}
          </li>
        ))}
      </ol>

      <section aria-labelledby="trip-events" className="rounded-lg bg-white p-4 shadow-sm">
        <h2 id="trip-events" className="font-semibold">
          行程记录
        </h2>
        <ul className="mt-2 text-sm text-slate-700">
          {trip.events.map((e, i) => (
            <li key={i}>
              {formatShanghai(e.at)} {e.note}
            </li>
          ))}
        </ul>
      </section>
    </PageSection>
  );
}

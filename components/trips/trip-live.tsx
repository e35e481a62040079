'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { PageSection } from '@/components/layout/page-section';
import { PendingButton } from '@/components/ui/pending-button';
import { useCashier } from '@/components/ui/use-cashier';
import { useLive } from '@/components/ui/use-live';
import { Countdown } from '@/components/orders/countdown';
import { formatFen } from '@/lib/format';
import { useTx } from '@/lib/i18n/client';
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
  const t = useTranslations('trips.live');
  const tx = useTx();
  const locale = useLocale();
  const [a, b] = trip.legs;

  return (
    <PageSection title={t('title', { kind: tx(trip.kindLabel) })} back={{ href: '/trips', label: t('back') }}>
      {/* Chinese readers take Beijing time for granted; the English page says so. */}
      {locale === 'en' && <p className="text-sm text-slate-600">{t('timesNote')}</p>}
      <div className="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm" data-testid="trip-summary">
        <p className="text-lg font-semibold">
          {t.rich('status', {
            status: tx(trip.statusLabel),
            s: (c) => <span data-testid="trip-status">{c}</span>,
          })}
        </p>
        {trip.failureReason && (
          <p role="alert" className="text-red-800" data-testid="trip-failure">
            {tx(trip.failureReason)}
          </p>
        )}
        <p>
          {t.rich('total', {
            total: formatFen(trip.totalFen),
            b: (c) => <strong data-testid="trip-total">{c}</strong>,
          })}
          {trip.paidFen > 0 && (
            <span className="ml-2 text-sm text-slate-600">{t('paid', { amount: formatFen(trip.paidFen) })}</span>
          )}
        </p>
        {trip.status === 'holding' && <p className="text-sm text-slate-600">{t('holding')}</p>}
        {trip.canPay && trip.payLimitAt && (
          <div className="flex flex-wrap items-center gap-3">
            <PendingButton
              pending={pending}
              pendingLabel={t('toCashier')}
              onClick={() => toCashier(() => startTripPaymentAction({ tripId: trip.id }))}
              className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
            >
              {t('pay')}
            </PendingButton>
            <span className="text-sm text-slate-700">
              {t.rich('payBy', {
                at: formatShanghai(trip.payLimitAt),
                countdown: () => (
                  <Countdown deadline={trip.payLimitAt!} serverNow={trip.serverNow} onExpire={() => void refresh()} />
                ),
              })}
            </span>
          </div>
        )}
        <div role="status" aria-live="polite" className="text-sm text-slate-800">
          {message}
        </div>
      </div>

      <ol className="flex flex-col gap-3" aria-label={t('legs')}>
        {trip.legs.map((l, i) => (
          <li key={l.orderId} className="flex flex-col gap-3">
            <section
              aria-label={t('leg', { n: l.leg })}
              className="rounded-lg bg-white p-4 shadow-sm"
              data-testid={`trip-leg-${l.leg}`}
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold">
                  {t('legHeading', { n: l.leg, train: l.trainCode, from: tx(l.fromStation), to: tx(l.toStation) })}
                </h2>
                <span data-testid={`trip-leg-${l.leg}-status`}>{tx(l.statusLabel)}</span>
              </div>
              <p className="text-sm text-slate-700">
                {t('legTimes', {
                  depart: formatShanghai(l.departureAt),
                  arrive: formatShanghai(l.arrivalAt),
                  amount: formatFen(l.totalFen),
                })}
              </p>
              {l.failureReason && <p className="text-sm text-red-800">{tx(l.failureReason)}</p>}
              <ul className="mt-2 text-sm">
                {l.passengers.map((p, k) => (
                  <li key={k}>
                    {p.name} {p.seatNo ? `· ${p.seatNo}` : ''} · {tx(p.statusLabel)}
                  </li>
                ))}
              </ul>
              <Link href={`/trips/${l.orderId}`} className="mt-2 inline-block text-sm text-brand-700 underline">
                {t('legOrder', { n: l.leg })}
              </Link>
            </section>
            {i === 0 && trip.connection && b && a && (
              <p
                className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
                data-testid="trip-connection"
              >
                {t('connection', { text: tx(trip.connection.text) })}
              </p>
            )}
          </li>
        ))}
      </ol>

      <section aria-labelledby="trip-events" className="rounded-lg bg-white p-4 shadow-sm">
        <h2 id="trip-events" className="font-semibold">
          {t('events')}
        </h2>
        <ul className="mt-2 text-sm text-slate-700">
          {trip.events.map((e, i) => (
            <li key={i}>
              {formatShanghai(e.at)} {e.note && tx(e.note)}
            </li>
          ))}
        </ul>
      </section>
    </PageSection>
  );
}

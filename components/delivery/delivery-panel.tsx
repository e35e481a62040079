'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { useTranslations } from 'next-intl';
import { useTx } from '@/lib/i18n/client';
import { Dialog } from '@/components/ui/dialog';
import {
  cancelDeliveryAction,
  cancelQuoteAction,
  interceptDeliveryAction,
  orderDeliveriesAction,
  payCancelChargeAction,
  payDeliveryFeeAction,
  requestDeliveryAction,
} from '@/lib/delivery/actions';
import type { OrderDeliveries } from '@/lib/delivery/defs';
import type { DeliveryView } from '@/lib/delivery/views';
import type { CancelQuote } from '@/lib/domain/delivery';
import { formatFen } from '@/lib/format';

/**
 * 送票 on an issued order's page: request a paper ticket / 报销凭证 delivery to an address of the address
 * book, pay its fee, follow it (timeline, courier, tracking number, ETA) and 取消送票 or 拦截 with the
 * exact charge shown before confirming. Named so it is never mistaken for 退票 (a separate action above,
 * ticket-delivery-cancellation.md l.4): cancelling a delivery never refunds the ticket.
 */
export function DeliveryPanel({ orderId, addressBookHref }: { orderId: string; addressBookHref: string }) {
  const t = useTranslations('delivery');
  const key = ['order-deliveries', orderId];
  const q = useQuery({
    queryKey: key,
    queryFn: async (): Promise<OrderDeliveries> => {
      const r = await orderDeliveriesAction({ orderId });
      if (!r.ok) throw new Error(r.message);
      return r.data;
    },
    refetchInterval: (query) =>
      query.state.data?.deliveries.some((d) => !d.final || d.cancelRequested) ? 4000 : false,
  });
  const live = q.data?.deliveries.find((d) => !['cancelled', 'intercepted', 'lost'].includes(d.status));
  return (
    <section aria-labelledby={`delivery-${orderId}`} className="rounded border border-slate-200 bg-white p-3">
      <h2 id={`delivery-${orderId}`} className="text-base font-semibold">
        {t('panel.heading')}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t('panel.intro')}</p>
      {q.isPending && <p role="status">{t('panel.loading')}</p>}
      {q.isError && <p role="alert">{q.error.message}</p>}
      {q.data && !live && (
        <RequestForm orderId={orderId} data={q.data} addressBookHref={addressBookHref} onDone={() => q.refetch()} />
      )}
      {q.data?.deliveries.map((d) => (
        <DeliveryCard key={d.id} d={d} queryKey={key} />
      ))}
    </section>
  );
}

function RequestForm({
  orderId,
  data,
  addressBookHref,
  onDone,
}: {
  orderId: string;
  data: OrderDeliveries;
  addressBookHref: string;
  onDone: () => void;
}) {
  const t = useTranslations('delivery');
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (data.addresses.length === 0)
    return (
      <p className="mt-2 text-sm">
        {t('request.noAddress')}
        <a className="text-blue-700 underline" href={addressBookHref}>
          {t('request.addAddress')}
        </a>
      </p>
    );
  return (
    <form
      className="mt-2 flex flex-col gap-2"
      aria-label={t('request.submit')}
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        setError(null);
        start(async () => {
          const r = await requestDeliveryAction({ orderId, addressId: f.get('addressId'), speed: f.get('speed') });
          if (!r.ok) return setError(r.message);
          toast.success(t('request.requestedToast'));
          onDone();
        });
      }}
    >
      <label className="flex flex-col gap-1 text-sm">
        {t('request.address')}
        <select name="addressId" className="rounded border border-slate-300 px-2 py-1" required>
          {data.addresses.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} {a.phone} {a.address}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="flex gap-4 text-sm">
        <legend className="sr-only">{t('request.speed')}</legend>
        <label className="flex items-center gap-1">
          <input type="radio" name="speed" value="standard" defaultChecked /> {t('request.standard')}
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="speed" value="express" /> {t('request.express')}
        </label>
      </fieldset>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} className="self-start rounded bg-blue-700 px-4 py-2 text-white">
        {pending ? t('request.submitting') : t('request.submit')}
      </button>
    </form>
  );
}

function DeliveryCard({ d, queryKey }: { d: DeliveryView; queryKey: string[] }) {
  const t = useTranslations('delivery');
  const tx = useTx();
  const qc = useQueryClient();
  const [pending, start] = useTransition();
  const refresh = () => qc.invalidateQueries({ queryKey });
  return (
    <article className="mt-3 rounded border border-slate-200 p-3 text-sm" data-testid="delivery-card">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium">
          {t.rich('card.status', {
            status: tx(d.statusLabel),
            v: (c) => <span data-testid="delivery-status">{c}</span>,
          })}
        </p>
        <p>{t('card.fee', { fee: formatFen(d.feeFen), band: tx(d.bandLabel), speed: tx(d.speedLabel) })}</p>
      </div>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-slate-700">
        <dt>{t('card.recipient')}</dt>
        <dd>
          {d.address.name} {d.address.phone} {d.address.address}
        </dd>
        <dt>{t('card.courier')}</dt>
        <dd>{tx(d.courier)}</dd>
        <dt>{t('card.trackingNo')}</dt>
        <dd data-testid="delivery-tracking-no">{d.trackingNo ?? t('card.trackingPending')}</dd>
        <dt>{t('card.eta')}</dt>
        <dd>
          {d.eta ? tx(d.eta) : '—'}
          {d.lateByCourier && t('card.late')}
        </dd>
        {(d.feeRefundFen > 0 || d.feeKeptFen > 0 || d.fareChargeFen > 0) && (
          <>
            <dt>{t('card.settlement')}</dt>
            <dd>
              {t('card.settled', { refund: formatFen(d.feeRefundFen), kept: formatFen(d.feeKeptFen) })}
              {d.fareChargeFen > 0 && t('card.fareCharge', { amount: formatFen(d.fareChargeFen) })}
              {d.chargeRefundFen > 0 && t('card.chargeRefund', { amount: formatFen(d.chargeRefundFen) })}
            </dd>
          </>
        )}
      </dl>
      {d.needsPayment && (
        <button
          type="button"
          disabled={pending}
          className="mt-2 rounded bg-blue-700 px-4 py-2 text-white"
          onClick={() =>
            start(async () => {
              const r = await payDeliveryFeeAction({ deliveryId: d.id });
              if (!r.ok) return void toast.error(r.message);
              if (r.data.cashierUrl) window.location.assign(r.data.cashierUrl);
              else {
                toast.success(t('card.paidFromBalance'));
                await refresh();
              }
            })
          }
        >
          {d.payWith === 'balance'
            ? t('card.payFeeBalance', { fee: formatFen(d.feeFen) })
            : t('card.payFee', { fee: formatFen(d.feeFen) })}
        </button>
      )}
      <ol className="mt-3 flex flex-col gap-1 border-l-2 border-slate-200 pl-3" aria-label={t('card.progress')}>
        {d.timeline.map((e, i) => (
          <li key={i}>
            <span className="text-slate-500">{e.at}</span> {tx(e.text)}
          </li>
        ))}
      </ol>
      <div className="mt-3 flex flex-wrap gap-2">
        {d.awaitingChargeFen !== null && !d.final && (
          <button
            type="button"
            disabled={pending}
            data-testid="delivery-pay-cancel-charge"
            className="rounded bg-red-700 px-4 py-2 text-white"
            onClick={() =>
              start(async () => {
                const r = await payCancelChargeAction({ deliveryId: d.id });
                if (!r.ok) return void toast.error(r.message);
                window.location.assign(r.data.cashierUrl);
              })
            }
          >
            {t('card.payCancelCharge', { amount: formatFen(d.awaitingChargeFen) })}
          </button>
        )}
        {d.awaitingChargeFen !== null && !d.final && <p role="status">{t('card.awaitingCharge')}</p>}
        {!d.final && !d.cancelRequested && d.awaitingChargeFen === null && (
          <CancelDeliveryDialog d={d} onDone={refresh} />
        )}
        {d.cancelRequested && !d.final && <p role="status">{t('card.cancelRequested')}</p>}
        {d.canIntercept && <InterceptDialog d={d} onDone={refresh} />}
      </div>
    </article>
  );
}

/** 取消送票: the charge of the current state and time, shown before confirming; confirmed with that amount. */
function CancelDeliveryDialog({ d, onDone }: { d: DeliveryView; onDone: () => Promise<void> }) {
  const t = useTranslations('delivery');
  const tx = useTx();
  const [open, setOpen] = useState(false);
  const [quote, setQuote] = useState<CancelQuote | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) return;
        setQuote(null);
        setMessage(null);
        start(async () => {
          const r = await cancelQuoteAction({ deliveryId: d.id });
          if (!r.ok) return setMessage(r.message);
          setQuote(r.data);
        });
      }}
      title={t('cancel.title')}
      description={t('cancel.description')}
      trigger={
        <button type="button" className="rounded border border-slate-300 bg-white px-4 py-2">
          {t('cancel.title')}
        </button>
      }
    >
      {!quote && !message && <p role="status">{t('cancel.calculating')}</p>}
      {message && <p role="status">{message}</p>}
      {quote && !quote.allowed && (
        <div role="alert" className="rounded border border-amber-300 bg-amber-50 p-2 text-amber-900">
          <p>{quote.reason ? tx(quote.reason) : null}</p>
          {quote.offerTicketRefund && <p className="mt-1">{t('cancel.useRefund')}</p>}
        </div>
      )}
      {quote?.allowed && !message && (
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await cancelDeliveryAction({ deliveryId: d.id, confirmedChargeFen: quote.totalChargeFen });
              if (!r.ok) return setMessage(r.message);
              if (r.data.kind === 'awaiting_charge') return void window.location.assign(r.data.cashierUrl);
              // A toast too: the refresh below may end the cancel at once, and this dialog with it (the
              // panel then shows 已取消送票 and no cancel button), so its own message could vanish unread.
              toast.success(tx(r.data.message));
              setMessage(tx(r.data.message));
              await onDone();
            });
          }}
        >
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
            <dt>{t('cancel.keptFee')}</dt>
            <dd>{formatFen(quote.keptFeeFen)}</dd>
            <dt>{t('cancel.fareCharge')}</dt>
            <dd data-testid="delivery-cancel-fare-charge">
              {t('cancel.fareChargeValue', { amount: formatFen(quote.fareChargeFen), percent: quote.farePercent })}
            </dd>
            <dt>{t('cancel.refundFee')}</dt>
            <dd>{formatFen(quote.refundFeeFen)}</dd>
          </dl>
          <p className="text-sm text-slate-700">{tx(quote.basis)}</p>
          <p className="font-medium" data-testid="delivery-cancel-charge">
            {t('cancel.total', { amount: formatFen(quote.totalChargeFen) })}
          </p>
          <button type="submit" disabled={pending} className="self-start rounded bg-red-700 px-4 py-2 text-white">
            {t('cancel.confirm', { amount: formatFen(quote.totalChargeFen) })}
          </button>
        </form>
      )}
    </Dialog>
  );
}

/** 拦截物流: only while 配送中; the courier may refuse (then the parcel is delivered). */
function InterceptDialog({ d, onDone }: { d: DeliveryView; onDone: () => Promise<void> }) {
  const t = useTranslations('delivery');
  const tx = useTx();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const q = d.cancelQuote;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setMessage(null);
      }}
      title={t('intercept.title')}
      description={t('intercept.description')}
      trigger={
        <button type="button" className="rounded border border-slate-300 bg-white px-4 py-2">
          {t('intercept.trigger')}
        </button>
      }
    >
      {message ? (
        <p role="status">{message}</p>
      ) : (
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await interceptDeliveryAction({ deliveryId: d.id });
              setMessage(r.ok ? tx(r.data.message) : r.message);
              await onDone();
            });
          }}
        >
          <p className="text-sm" data-testid="delivery-intercept-fee">
            {q.allowed
              ? t('intercept.feeWithCancel', { fee: formatFen(d.feeFen), cancel: formatFen(q.totalChargeFen) })
              : t('intercept.fee', { fee: formatFen(d.feeFen) })}
          </p>
          <button type="submit" disabled={pending} className="self-start rounded bg-amber-700 px-4 py-2 text-white">
            {t('intercept.confirm')}
          </button>
        </form>
      )}
    </Dialog>
  );
}

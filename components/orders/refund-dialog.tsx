'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { useTranslations } from 'next-intl';
import { useTx } from '@/lib/i18n/client';
import { Dialog } from '@/components/ui/dialog';
import { refundQuoteAction, requestRefundsAction } from '@/lib/orders/actions';
import type { RefundQuoteLine, RefundResult } from '@/lib/orders/refunds';
import { formatFen } from '@/lib/format';
import { formatShanghai } from '@/lib/time';
import { REFUND_LOCK_AFTER_ISSUE_MINUTES } from '@/lib/domain/rules';

/** A ticket that cannot be chosen now: not refundable online at all, or not yet (309). */
const unavailable = (l: RefundQuoteLine) => !!l.blocked || !!l.availableAt;
import { BusyLabel } from '@/components/ui/pending-button';

/**
 * 退票: the fee, the amount back and when the fee steps up, per ticket, before the traveller
 * confirms; then one request per ticket, each with its own answer. Within the minutes after issue in
 * which 12306 takes no refund (309) a ticket cannot be chosen, and the confirm button says until when
 * (the server's `availableAt`); at that moment the quote is asked again.
 */
/** tripWarning: the order is a leg of a trip (lib/trips): what refunding it means for the other leg. */
export function RefundDialog({ orderId, tripWarning }: { orderId: string; tripWarning?: string | null }) {
  const t = useTranslations('orders');
  const tx = useTx();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [lines, setLines] = useState<RefundQuoteLine[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<RefundResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function loadQuote() {
    start(async () => {
      const r = await refundQuoteAction({ orderId });
      if (!r.ok) return setError(r.message);
      setLines(r.data);
      setChosen(new Set(r.data.filter((l) => !unavailable(l)).map((l) => l.ticketId)));
    });
  }

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) return;
    setResults(null);
    setError(null);
    setLines(null);
    loadQuote();
  }

  // The earliest moment a ticket waiting for the 309 lock becomes refundable (server-computed).
  const availableAt = (lines ?? [])
    .map((l) => l.availableAt)
    .filter((a): a is string => !!a)
    .sort()[0];
  useEffect(() => {
    if (!open || !availableAt || results) return;
    // A second late, so the server (whose clock decides) has passed the moment too.
    const wait = Math.min(Math.max(Date.parse(availableAt) - Date.now() + 1000, 1000), 10 * 60_000);
    const timer = setTimeout(loadQuote, wait);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loadQuote reads only stable values
  }, [open, availableAt, results]);

  function toggle(id: string) {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  }

  function submit() {
    setError(null);
    start(async () => {
      const r = await requestRefundsAction({ orderId, ticketIds: [...chosen] });
      if (!r.ok) return setError(r.message);
      setResults(r.data);
      const ok = r.data.filter((x) => x.ok).length;
      if (ok) toast.success(t('refund.submittedToast', { count: ok }));
      await qc.invalidateQueries({ queryKey: ['order', orderId] });
    });
  }

  const picked = (lines ?? []).filter((l) => chosen.has(l.ticketId));
  const totalFee = picked.reduce((a, l) => a + l.feeFen, 0);
  const totalBack = picked.reduce((a, l) => a + l.refundFen, 0);

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('refund.title')}
      description={t('refund.description')}
      trigger={
        <button type="button" className="rounded border border-slate-300 bg-white px-4 py-2">
          {t('refund.title')}
        </button>
      }
    >
      {tripWarning && (
        <p
          className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900"
          data-testid="trip-leg-warning"
        >
          {tx(tripWarning)}
        </p>
      )}
      {!lines && !error && <p role="status">{t('refund.calculating')}</p>}
      {lines && !results && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
          className="flex flex-col gap-3"
        >
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">{t('refund.choose')}</legend>
            {lines.map((l) => (
              <div key={l.ticketId} className="rounded border border-slate-200 p-2 text-sm">
                <label className="flex items-center gap-2 font-medium">
                  <input
                    type="checkbox"
                    checked={chosen.has(l.ticketId)}
                    disabled={unavailable(l)}
                    onChange={() => toggle(l.ticketId)}
                    aria-describedby={`refund-${l.ticketId}`}
                  />
                  {l.passengerName} {l.seatNo ?? ''}
                </label>
                <div id={`refund-${l.ticketId}`} className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-slate-700">
                  <span>{t('refund.price')}</span>
                  <span>{formatFen(l.priceFen)}</span>
                  <span>{t('refund.fee')}</span>
                  <span data-testid="refund-fee">
                    {t('refund.feeValue', { fee: formatFen(l.feeFen), percent: l.percent })}
                  </span>
                  <span>{t('refund.back')}</span>
                  <span data-testid="refund-amount">{formatFen(l.refundFen)}</span>
                  {l.nextStep && (
                    <>
                      <span>{t('refund.note')}</span>
                      <span>
                        {t('refund.nextStep', { at: formatShanghai(l.nextStep.at), percent: l.nextStep.percent })}
                      </span>
                    </>
                  )}
                </div>
                {l.blocked && <p className="mt-1 text-amber-900">{tx(l.blocked)}</p>}
                {!l.blocked && l.warning && (
                  <p className="mt-1 text-amber-900">
                    {tx(l.warning)}
                    {l.availableAt && (
                      <span data-testid="refund-available-at">
                        {t('refund.availableAt', { at: formatShanghai(l.availableAt, { seconds: true }) })}
                      </span>
                    )}
                  </p>
                )}
              </div>
            ))}
          </fieldset>
          <p className="text-sm">
            {t.rich('refund.totals', {
              fee: formatFen(totalFee),
              back: formatFen(totalBack),
              b: (c) => <strong>{c}</strong>,
            })}
          </p>
          {chosen.size === 0 && availableAt && (
            <p id="refund-why" className="text-sm text-amber-900" data-testid="refund-why">
              {t('refund.why', {
                minutes: REFUND_LOCK_AFTER_ISSUE_MINUTES,
                at: formatShanghai(availableAt, { seconds: true }),
              })}
            </p>
          )}
          <button
            type="submit"
            aria-busy={pending || undefined}
            disabled={pending || chosen.size === 0}
            aria-describedby={chosen.size === 0 && availableAt ? 'refund-why' : undefined}
            className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-60"
          >
            {pending ? <BusyLabel>{t('refund.submitting')}</BusyLabel> : t('refund.confirm', { count: chosen.size })}
          </button>
        </form>
      )}
      {results && (
        <ul aria-label={t('refund.results')} className="flex flex-col gap-1 text-sm">
          {results.map((r) => (
            <li key={r.ticketId} className={r.ok ? 'text-green-800' : 'text-red-800'}>
              {t('refund.result', { name: r.passengerName, message: tx(r.message) })}
            </li>
          ))}
        </ul>
      )}
      <div role="alert" aria-live="assertive" className="text-sm text-red-800">
        {error}
      </div>
    </Dialog>
  );
}

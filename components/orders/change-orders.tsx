'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTransition } from 'react';
import { toast } from 'sonner';
import { useTranslations } from 'next-intl';
import { useTx } from '@/lib/i18n/client';
import type { OrderView } from '@/lib/orders/views';
import { CHANGE_ORDER_STATUS } from '@/lib/domain/states';
import { cancelChangeAction, confirmChangeAction } from '@/lib/orders/actions';
import { formatFen } from '@/lib/format';
import { formatShanghai } from '@/lib/time';
import { Countdown } from './countdown';

/** The order's change orders (订单详情 trainChaOrder), each with its own state and actions. */
export function ChangeOrders({ order }: { order: OrderView }) {
  const t = useTranslations('orders');
  const tx = useTx();
  const qc = useQueryClient();
  const [pending, start] = useTransition();
  if (!order.changes.length) return null;

  function confirm(changeId: string) {
    start(async () => {
      const r = await confirmChangeAction({ orderId: order.id, changeId });
      if (!r.ok) {
        toast.error(r.message);
        return;
      }
      if (r.data.cashierUrl) {
        window.location.assign(r.data.cashierUrl);
        return;
      }
      toast.success(t('changes.confirmedToast'));
      await qc.invalidateQueries({ queryKey: ['order', order.id] });
    });
  }
  function cancel(changeId: string) {
    start(async () => {
      const r = await cancelChangeAction({ orderId: order.id, changeId });
      if (r.ok) toast.success(t('changes.cancelledToast'));
      else toast.error(r.message);
      await qc.invalidateQueries({ queryKey: ['order', order.id] });
    });
  }

  return (
    <section aria-labelledby="changes-heading" className="flex flex-col gap-2">
      <h2 id="changes-heading" className="font-semibold">
        {t('changes.heading')}
      </h2>
      <ul className="flex flex-col gap-2">
        {order.changes.map((c) => {
          const held = c.status === CHANGE_ORDER_STATUS.HELD;
          return (
            <li
              key={c.id}
              aria-label={t('changes.item', { no: c.chaNo })}
              className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
            >
              <p className="font-semibold">
                {c.trainCode} {tx(c.fromStation)} → {tx(c.toStation)} · {formatShanghai(c.departureAt)}
              </p>
              <p>
                {t.rich('changes.status', {
                  status: tx(c.statusLabel),
                  names: c.passengerNames.join(t('nameSeparator')),
                  b: (x) => <strong data-testid="change-status">{x}</strong>,
                })}
              </p>
              {c.failure && c.status !== CHANGE_ORDER_STATUS.ISSUED && (
                <p className="text-slate-600">
                  {tx(c.failure.text)}
                  {c.failure.raw && (
                    <span className="block text-xs text-slate-500" data-testid="change-failure-raw">
                      {t('changes.failureRaw', { raw: c.failure.raw })}
                    </span>
                  )}
                </p>
              )}
              {c.providerRefundFen !== null && c.providerRefundFen > 0 && (
                <p>{t('changes.providerRefund', { amount: formatFen(c.providerRefundFen) })}</p>
              )}
              {c.paidFen > 0 && <p>{t('changes.paid', { amount: formatFen(c.paidFen) })}</p>}
              {held && (
                <div className="mt-2 flex flex-wrap items-center gap-3 rounded border border-amber-300 bg-amber-50 p-2">
                  {c.confirmDeadlineAt && (
                    <span className="flex items-center gap-2">
                      {t('changes.confirmWithin')}
                      <Countdown
                        deadline={c.confirmDeadlineAt}
                        serverNow={order.serverNow}
                        onExpire={() => undefined}
                      />
                    </span>
                  )}
                  {c.dueFen > 0 && <span>{t('changes.due', { amount: formatFen(c.dueFen) })}</span>}
                  <button
                    type="button"
                    disabled={pending}
                    aria-busy={pending || undefined}
                    onClick={() => confirm(c.id)}
                    className="rounded bg-brand-600 px-3 py-1.5 font-medium text-white"
                  >
                    {c.dueFen > 0 ? t('changes.payAndConfirm') : t('changes.confirm')}
                  </button>
                  <button
                    type="button"
                    disabled={pending || c.paidFen > 0}
                    onClick={() => cancel(c.id)}
                    className="rounded border border-slate-300 bg-white px-3 py-1.5"
                  >
                    {t('changes.cancel')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

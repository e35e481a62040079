'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { PendingButton } from '@/components/ui/pending-button';
import { useCashier } from '@/components/ui/use-cashier';
import { startPaymentAction } from '@/lib/orders/actions';
import type { OrderView } from '@/lib/orders/views';
import { ORDER_STATUS } from '@/lib/domain/states';
import { formatFen } from '@/lib/format';
import { useTx } from '@/lib/i18n/client';

/**
 * Before the cashier: the amount and the way to the payment gateway. Paying happens on the gateway's
 * cashier page; only the gateway's signed notification marks the order paid (the return to this site
 * proves nothing).
 */
export function PayPanel({ order }: { order: OrderView }) {
  const t = useTranslations('orders');
  const tx = useTx();
  const { pending, message, toCashier } = useCashier();
  const canPay = order.status === ORDER_STATUS.HELD && order.paymentStatus === 'unpaid';

  const pay = () => toCashier(() => startPaymentAction({ orderId: order.id }));

  return (
    <section className="mx-auto flex max-w-md flex-col gap-4 rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">{t('pay.title')}</h1>
      <p>
        {order.trainCode} {tx(order.fromStation)} → {tx(order.toStation)}
      </p>
      <p className="text-xl">
        {t.rich('pay.amount', { amount: formatFen(order.totalFen), b: (c) => <strong>{c}</strong> })}
      </p>
      {canPay ? (
        <PendingButton
          pending={pending}
          pendingLabel={t('pay.going')}
          onClick={pay}
          className="rounded bg-green-700 px-4 py-2 font-medium text-white hover:bg-green-800 disabled:opacity-60"
        >
          {t('pay.toCashier')}
        </PendingButton>
      ) : (
        <p role="alert" className="text-amber-900">
          {t('pay.cannotPay')}
        </p>
      )}
      <div role="status" aria-live="polite" className="text-sm text-slate-800">
        {message}
      </div>
      <Link href={`/trips/${order.id}`} className="text-sm text-brand-700 underline">
        {t('pay.back')}
      </Link>
    </section>
  );
}

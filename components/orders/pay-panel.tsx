'use client';

import Link from 'next/link';
import { PendingButton } from '@/components/ui/pending-button';
import { useCashier } from '@/components/ui/use-cashier';
import { startPaymentAction } from '@/lib/orders/actions';
import type { OrderView } from '@/lib/orders/views';
import { ORDER_STATUS } from '@/lib/domain/states';
import { formatFen } from '@/lib/format';

/**
 * Before the cashier: the amount and the way to the payment gateway. Paying happens on the gateway's
 * cashier page; only the gateway's signed notification marks the order paid (the return to this site
 * proves nothing).
 */
export function PayPanel({ order }: { order: OrderView }) {
  const { pending, message, toCashier } = useCashier();
  const canPay = order.status === ORDER_STATUS.HELD && order.paymentStatus === 'unpaid';

  const pay = () => toCashier(() => startPaymentAction({ orderId: order.id }));

  return (
    <section className="mx-auto flex max-w-md flex-col gap-4 rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">支付订单</h1>
      <p>
        {order.trainCode} {order.fromStation} → {order.toStation}
      </p>
      <p className="text-xl">
        应付 <strong>{formatFen(order.totalFen)}</strong>
      </p>
      {canPay ? (
        <PendingButton
          pending={pending}
          pendingLabel="正在前往收银台…"
          onClick={pay}
          className="rounded bg-green-700 px-4 py-2 font-medium text-white hover:bg-green-800 disabled:opacity-60"
        >
          前往收银台支付
        </PendingButton>
      ) : (
        <p role="alert" className="text-amber-900">
          该订单当前不能支付。
        </p>
      )}
      <div role="status" aria-live="polite" className="text-sm text-slate-800">
        {message}
      </div>
      <Link href={`/trips/${order.id}`} className="text-sm text-brand-700 underline">
        返回订单
      </Link>
    </section>
  );
}

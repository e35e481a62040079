'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { payOrderAction } from '@/app/trips/[id]/actions';
import type { OrderView } from '@/lib/booking/orders';
import { formatFen } from '@/lib/format';

export function PayPanel({ order }: { order: OrderView }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const canPay = order.status === 2 && order.paymentStatus === 'unpaid';

  function pay(outcome: 'success' | 'failure') {
    start(async () => {
      const r = await payOrderAction({ orderId: order.id, outcome });
      if (r.ok && outcome === 'success') {
        router.push(`/trips/${order.id}`);
        return;
      }
      setMessage(r.ok ? r.data.message : r.message);
    });
  }

  return (
    <section className="mx-auto flex max-w-md flex-col gap-4 rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">沙箱支付</h1>
      <p className="text-sm text-slate-600">这是演示用的支付页面，不会产生真实扣款。</p>
      <p>
        {order.trainCode} {order.fromStation} → {order.toStation}
      </p>
      <p className="text-xl">
        应付 <strong>{formatFen(order.totalFen)}</strong>
      </p>
      {canPay ? (
        <div className="flex gap-3">
          <button
            type="button"
            disabled={pending}
            onClick={() => pay('success')}
            className="rounded bg-green-700 px-4 py-2 font-medium text-white hover:bg-green-800"
          >
            模拟支付成功
          </button>
          <button
            type="button"
            disabled={pending}
            onClick={() => pay('failure')}
            className="rounded border border-slate-300 px-4 py-2"
          >
            模拟支付失败
          </button>
        </div>
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

'use client';

import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { recordWindowRefundAction } from '@/lib/orders/actions';

/** Agency staff: record that the customer refunded this ticket at a station window. */
export function WindowClaimButton({ orderId, ticketId, name }: { orderId: string; ticketId: string; name: string }) {
  const [pending, start] = useTransition();
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      disabled={pending || done}
      onClick={() =>
        start(async () => {
          const r = await recordWindowRefundAction({ orderId, ticketId });
          if (r.ok) {
            setDone(true);
            toast.success('已登记车站退票，等待管理员核实');
          } else toast.error(r.message);
        })
      }
      className="mt-2 rounded border border-slate-300 px-2 py-1 text-xs"
    >
      {done ? '已登记车站退票' : `登记 ${name} 车站退票`}
    </button>
  );
}

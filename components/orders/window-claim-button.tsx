'use client';

import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { useTranslations } from 'next-intl';
import { recordWindowRefundAction } from '@/lib/orders/actions';

/** Agency staff: record that the customer refunded this ticket at a station window. */
export function WindowClaimButton({ orderId, ticketId, name }: { orderId: string; ticketId: string; name: string }) {
  const t = useTranslations('orders');
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
            toast.success(t('windowClaim.recordedToast'));
          } else toast.error(r.message);
        })
      }
      className="mt-2 rounded border border-slate-300 px-2 py-1 text-xs"
    >
      {done ? t('windowClaim.recorded') : t('windowClaim.record', { name })}
    </button>
  );
}

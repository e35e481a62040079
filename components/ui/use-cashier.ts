'use client';

import { useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/actions';

/**
 * The way to the payment gateway's cashier: `toCashier(call)` starts the payment in a transition and
 * leaves for the cashier page it answers, or keeps the refusal in `message` (for a role="status"
 * line). `start` and `setMessage` are there for the page's other actions sharing the same pending state.
 */
export function useCashier() {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const toCashier = (call: () => Promise<ActionResult<{ cashierUrl: string }>>) => {
    setMessage(null);
    start(async () => {
      const r = await call();
      if (r.ok) window.location.assign(r.data.cashierUrl);
      else setMessage(r.message);
    });
  };
  return { pending, start, message, setMessage, toCashier };
}

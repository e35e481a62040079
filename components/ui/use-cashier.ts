'use client';

import { useEffect, useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/actions';

/**
 * The way to the payment gateway's cashier: `toCashier(call)` starts the payment in a transition and
 * leaves for the cashier page it answers, or keeps the refusal in `message` (for a role="status"
 * line). `start` and `setMessage` are there for the page's other actions sharing the same pending state.
 */
export function useCashier() {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  // Set once the cashier's address is known: the page is being left, so the button keeps waiting.
  const [leaving, setLeaving] = useState(false);
  // Back from the cashier through the browser's back-forward cache: the page is live again.
  useEffect(() => {
    const back = (e: PageTransitionEvent) => {
      if (e.persisted) setLeaving(false);
    };
    window.addEventListener('pageshow', back);
    return () => window.removeEventListener('pageshow', back);
  }, []);
  const toCashier = (call: () => Promise<ActionResult<{ cashierUrl: string }>>) => {
    setMessage(null);
    start(async () => {
      const r = await call();
      if (r.ok) {
        setLeaving(true);
        window.location.assign(r.data.cashierUrl);
      } else setMessage(r.message);
    });
  };
  return { pending: pending || leaving, start, message, setMessage, toCashier };
}

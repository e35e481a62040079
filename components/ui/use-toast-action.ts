'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { toast } from 'sonner';
import type { ActionResult } from '@/lib/actions';

/**
 * A button's server action answered in a toast: `run(call, success)` calls it in a transition, toasts
 * `success(data)` or the refusal's message, then refreshes the page's server data (the action may
 * have changed what the page shows either way).
 */
export function useToastAction() {
  const [pending, start] = useTransition();
  const router = useRouter();
  const run = <T>(call: () => Promise<ActionResult<T>>, success: (data: T) => string) =>
    start(async () => {
      const r = await call();
      if (r.ok) toast.success(success(r.data));
      else toast.error(r.message);
      router.refresh();
    });
  return [pending, run] as const;
}

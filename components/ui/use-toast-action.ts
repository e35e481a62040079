'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { toast } from 'sonner';
import type { ActionResult } from '@/lib/actions';

/**
 * A button's server action answered in a toast: `run(call, success)` calls it in a transition, toasts
 * `success(data)` or the refusal's message, then refreshes what the page shows (the action may have
 * changed it either way): `after` (e.g. a live query's refresh), by default the page's server data.
 */
export function useToastAction(after?: () => unknown) {
  const [pending, start] = useTransition();
  const router = useRouter();
  const run = <T>(call: () => Promise<ActionResult<T>>, success: (data: T) => string) =>
    start(async () => {
      const r = await call();
      if (r.ok) toast.success(success(r.data));
      else toast.error(r.message);
      if (after) await after();
      else router.refresh();
    });
  return [pending, run] as const;
}

'use client';

import type { ReactNode } from 'react';
import type { ActionResult } from '@/lib/actions';
import { useToastAction } from './use-toast-action';

/** A button that runs one server action and says its answer in a toast (useToastAction). */
export function ToastButton<T>({
  call,
  success,
  className,
  children,
}: {
  call: () => Promise<ActionResult<T>>;
  success: (data: T) => string;
  className: string;
  /** The button's content, given whether the action is under way. */
  children: (pending: boolean) => ReactNode;
}) {
  const [pending, run] = useToastAction();
  return (
    <button type="button" disabled={pending} onClick={() => run(call, success)} className={className}>
      {children(pending)}
    </button>
  );
}

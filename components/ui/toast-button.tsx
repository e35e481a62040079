'use client';

import { useState, type ReactNode } from 'react';
import type { ActionResult } from '@/lib/actions';
import { BusyLabel } from './pending-button';
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
    <button
      type="button"
      disabled={pending}
      aria-busy={pending || undefined}
      onClick={() => run(call, success)}
      className={className}
    >
      {children(pending)}
    </button>
  );
}

/** One of ToastButtons' buttons: its content and look, the action it runs and the toast when it worked. */
export interface ToastChoice {
  label: ReactNode;
  className: string;
  call: () => Promise<ActionResult<unknown>>;
  success: () => string;
}

/**
 * Buttons side by side, each running one server action answered in a toast; all wait while one runs.
 * `after`: what to refresh then (useToastAction; by default the page's server data).
 */
export function ToastButtons({ choices, after }: { choices: readonly ToastChoice[]; after?: () => unknown }) {
  const [pending, run] = useToastAction(after);
  // The one clicked says it is under way; the others only wait (disabled).
  const [ran, setRan] = useState<number | null>(null);
  return (
    <span className="flex gap-2">
      {choices.map((c, i) => (
        <button
          key={i}
          type="button"
          disabled={pending}
          aria-busy={pending && ran === i ? true : undefined}
          onClick={() => {
            setRan(i);
            run(c.call, c.success);
          }}
          className={c.className}
        >
          {pending && ran === i ? <BusyLabel>{c.label}</BusyLabel> : c.label}
        </button>
      ))}
    </span>
  );
}

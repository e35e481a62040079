'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';

/**
 * An admin button that runs a server action, says what happened in a live status line and refreshes
 * the page's server data when it worked (or whenever the action ran, `refresh: 'always'`, for an action
 * whose failure is itself a record the page shows). `run` answers the message to show (ok or not).
 */
export function ActionButton({
  label,
  pendingLabel,
  run,
  className,
  layout,
  refresh = 'ok',
}: {
  label: string;
  pendingLabel: string;
  run: () => Promise<{ ok: boolean; text: string }>;
  className: string;
  layout: string;
  refresh?: 'ok' | 'always';
}) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const router = useRouter();
  return (
    <div className={layout}>
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setMessage(null);
            const m = await run();
            setMessage(m);
            if (m.ok || refresh === 'always') router.refresh();
          })
        }
        className={className}
      >
        {pending ? pendingLabel : label}
      </button>
      <p
        role="status"
        aria-live="polite"
        className={`text-sm ${message?.ok === false ? 'text-red-800' : 'text-slate-700'}`}
      >
        {message?.text}
      </p>
    </div>
  );
}

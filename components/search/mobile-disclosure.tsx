'use client';

import { useId, useRef, useState, type ReactNode } from 'react';

/**
 * Below the `sm` breakpoint, content folded behind a button (the search to edit, the filters), so the
 * first train fits the first screen of a phone; from `sm` up the content always shows and the button
 * is hidden. A disclosure: the button says aria-expanded and controls the panel, which follows it in
 * the tab order; Escape inside the panel (one a field did not take) folds it and puts the focus back
 * on the button, so the focus is never left on something hidden.
 */
export function MobileDisclosure({
  summary,
  action,
  className = '',
  testId,
  children,
}: {
  /** What the folded content is about (the search: from → to, date; the filters chosen). */
  summary: ReactNode;
  /** The button's verb, folded and unfolded (修改 / 收起). */
  action: { closed: string; open: string };
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div className={className}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid={testId}
        className="flex w-full items-center justify-between gap-3 rounded-lg bg-white px-4 py-2.5 text-left shadow-sm focus-visible:outline-2 focus-visible:outline-brand-600 sm:hidden"
      >
        <span className="min-w-0">{summary}</span>
        <span className="shrink-0 text-sm font-medium text-brand-700">{open ? action.open : action.closed}</span>
      </button>
      <div
        id={panelId}
        className={open ? 'max-sm:mt-3' : 'max-sm:hidden'}
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || e.defaultPrevented || !open) return;
          setOpen(false);
          button.current?.focus();
        }}
      >
        {children}
      </div>
    </div>
  );
}

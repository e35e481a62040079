import type { ButtonHTMLAttributes, ReactNode } from 'react';

/** A small turning ring in the text's colour; decoration only (the button's label says it waits). */
export function Spinner({ className = '' }: { className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={`inline-block size-4 shrink-0 animate-spin rounded-full border-2 border-current border-r-transparent motion-reduce:animate-none ${className}`}
    />
  );
}

/** A waiting button's label: a spinner, then what it is doing (提交中…). */
export function BusyLabel({ children }: { children: ReactNode }) {
  return (
    <span className="inline-flex items-center justify-center gap-2">
      <Spinner />
      {children}
    </span>
  );
}

/**
 * A button whose click waits on something (a navigation, a server action): while `pending` it is
 * disabled and aria-busy, and says `pendingLabel` beside a spinner, so no click looks ignored. Its
 * accessible name is then the pending label (e.g. 查询中…).
 */
export function PendingButton({
  pending,
  pendingLabel,
  disabled,
  children,
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { pending: boolean; pendingLabel: ReactNode }) {
  return (
    <button {...rest} type={type} disabled={pending || disabled} aria-busy={pending || undefined}>
      {pending ? <BusyLabel>{pendingLabel}</BusyLabel> : children}
    </button>
  );
}

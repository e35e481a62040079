import type { ReactNode } from 'react';

/**
 * A white card titled by an h2 that names it (aria-labelledby). `stack` lays its children out in a
 * column with gaps (forms); otherwise the heading keeps a margin below it (lists, records).
 */
export function Section({
  id,
  title,
  stack = false,
  children,
}: {
  /** The heading's id (e.g. `seat-heading`). */
  id: string;
  title: ReactNode;
  stack?: boolean;
  children: ReactNode;
}) {
  return (
    <section className={`${stack ? 'flex flex-col gap-3 ' : ''}rounded-lg bg-white p-4 shadow-sm`} aria-labelledby={id}>
      <h2 id={id} className={stack ? 'font-semibold' : 'mb-2 font-semibold'}>
        {title}
      </h2>
      {children}
    </section>
  );
}

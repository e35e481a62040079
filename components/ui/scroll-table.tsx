import type { ReactNode } from 'react';

/**
 * A wide data table inside a region that scrolls sideways on a narrow screen. The region is focusable
 * so keyboard users can scroll it and is named by `label`; `caption` names the table for screen
 * readers; `columns` are the column heads (a node for a head that is visually empty, e.g. an
 * `sr-only` 操作). `children` is the table's body: `<tbody>` (and a `<tfoot>` where it has one).
 */
export function ScrollTable({
  label,
  caption,
  columns,
  minWidth,
  dense = false,
  card = true,
  className = '',
  children,
}: {
  label: string;
  caption: string;
  columns: ReactNode[];
  /** A Tailwind min-width class written out in full, e.g. `min-w-[720px]`. */
  minWidth: string;
  /** Tighter cells (px-2 py-1), for a table inside a card. */
  dense?: boolean;
  /** On its own white card (default), or bare inside one. */
  card?: boolean;
  /** More classes for the region (e.g. a margin). */
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      className={['relative overflow-x-auto', card && 'rounded-lg bg-white shadow-sm', className]
        .filter(Boolean)
        .join(' ')}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      <table className={`w-full ${minWidth} text-left text-sm`}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={dense ? 'px-2 py-1' : 'px-3 py-2'}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}

import { useTranslations } from 'next-intl';
import type { Key, ReactNode } from 'react';

/** One column: its head (a node for a head that is visually empty, e.g. an `sr-only` 操作) and its cell. */
export interface Column<R> {
  head: ReactNode;
  cell: (row: R) => ReactNode;
  /** More classes for the column's cells, e.g. `whitespace-nowrap`. */
  className?: string;
  /** The cells' data-testid. */
  testId?: string;
}

/**
 * The admin and agency data tables: a wide table inside a region that scrolls sideways on a narrow
 * screen. The region is focusable so keyboard users can scroll it and is named by `label` (or the
 * caption); `caption` names the table for screen readers; the heads are `<th scope="col">`. One row a `rows` item, one
 * cell a column; `empty` is said in a full-width row when there are none; `foot` is the `<tfoot>`'s rows.
 */
export function Table<R>({
  label,
  caption,
  columns,
  rows,
  rowKey = (row, i) => (row as { id?: Key }).id ?? i,
  rowTestId,
  empty,
  foot,
  minWidth,
  dense = false,
  card = true,
  top = false,
  className = '',
}: {
  /** The scrolling region's name; the caption's by default. */
  label?: string;
  caption: string;
  columns: Column<R>[];
  rows: readonly R[];
  /** The row's `id` by default (else its position). */
  rowKey?: (row: R, index: number) => Key;
  rowTestId?: string | ((row: R) => string);
  /** Said in a full-width row when there are no rows (never bare headers); 暂无记录。 by default. */
  empty?: ReactNode;
  foot?: ReactNode;
  /** A Tailwind min-width class written out in full, e.g. `min-w-[720px]`. */
  minWidth: string;
  /** Tighter cells (px-2 py-1), for a table inside a card. */
  dense?: boolean;
  /** On its own white card (default), or bare inside one. */
  card?: boolean;
  /** Cells aligned to the top (rows with several lines in a cell). */
  top?: boolean;
  /** More classes for the region (e.g. a margin). */
  className?: string;
}) {
  const t = useTranslations('ui');
  const pad = dense ? 'px-2 py-1' : 'px-3 py-2';
  const cls = (...c: (string | false | undefined)[]) => c.filter(Boolean).join(' ');
  return (
    <div
      className={cls('relative overflow-x-auto', card && 'rounded-lg bg-white shadow-sm', className)}
      tabIndex={0}
      role="region"
      aria-label={label ?? caption}
    >
      <table className={`w-full ${minWidth} text-left text-sm`}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={pad}>
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="px-3 py-4 text-center text-slate-600" data-testid="table-empty">
                {empty ?? t('empty')}
              </td>
            </tr>
          )}
          {rows.map((r, i) => (
            <tr
              key={rowKey(r, i)}
              className={cls('border-t border-slate-100', top && 'align-top')}
              data-testid={typeof rowTestId === 'function' ? rowTestId(r) : rowTestId}
            >
              {columns.map((c, j) => (
                <td key={j} className={cls(pad, c.className)} data-testid={c.testId}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {foot && <tfoot>{foot}</tfoot>}
      </table>
    </div>
  );
}

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';

export interface LinkRow {
  id: string;
  href: string;
  name: string;
  /** A line beside the name (counts, a masked number). */
  detail: ReactNode;
}

/** A named list of cards, each a link to one record's page and a line about it; `empty` (暂无记录。) when there are none. */
export function LinkList({ label, rows, empty }: { label: string; rows: readonly LinkRow[]; empty?: string }) {
  const t = useTranslations('ui');
  return (
    <ul aria-label={label} className="flex flex-col gap-2">
      {rows.map((r) => (
        <li key={r.id} className="rounded bg-white p-3 shadow-sm">
          <Link href={r.href} className="font-medium text-brand-700 underline">
            {r.name}
          </Link>{' '}
          <span className="text-sm text-slate-600">{r.detail}</span>
        </li>
      ))}
      {rows.length === 0 && <li className="text-slate-600">{empty ?? t('empty')}</li>}
    </ul>
  );
}

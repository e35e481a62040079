import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';

/**
 * The body of the site's own status pages (app/not-found.tsx, app/error.tsx, app/global-error.tsx):
 * a heading, what happened in the visitor's words, and the way back to the search.
 */
export function StatusPanel({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const t = useTranslations('layout.statusPanel');
  return (
    <section className="mx-auto flex max-w-xl flex-col gap-3 rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <div className="text-slate-700">{children}</div>
      <p className="mt-2 flex flex-wrap gap-3 text-sm">
        {actions}
        <Link href="/" className="rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700">
          {t('home')}
        </Link>
      </p>
    </section>
  );
}

import Link from 'next/link';
import { useTranslations } from 'next-intl';

/** A page that cannot be shown for the link it was given (a stale or malformed link): why, and a way back. */
export function PageProblem({ title, children }: { title: string; children: React.ReactNode }) {
  const t = useTranslations('layout.pageProblem');
  return (
    <section className="rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p role="alert" className="mt-2 text-amber-900">
        {children}
      </p>
      <Link href="/" className="mt-3 inline-block text-brand-700 underline">
        {t('again')}
      </Link>
    </section>
  );
}

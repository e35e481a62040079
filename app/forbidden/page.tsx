import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('pages.forbidden');
  return { title: t('metaTitle') };
}

export default async function ForbiddenPage() {
  const t = await getTranslations('pages.forbidden');
  return (
    <section className="mx-auto max-w-md rounded-lg bg-white p-6 text-center shadow-sm">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-2 text-slate-600">{t('body')}</p>
      <Link href="/" className="mt-4 inline-block text-brand-700 underline">
        {t('home')}
      </Link>
    </section>
  );
}

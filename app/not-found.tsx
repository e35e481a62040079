import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { StatusPanel } from '@/components/layout/status-panel';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('pages.notFound');
  return { title: t('title') };
}

/** Every 404 of the site (an unknown address, or notFound() in a page without its own not-found). */
export default async function NotFound() {
  const t = await getTranslations('pages.notFound');
  return (
    <StatusPanel title={t('title')}>
      <p>{t('body')}</p>
    </StatusPanel>
  );
}

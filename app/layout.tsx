import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import Script from 'next/script';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/layout/site-header';
import { EN_TEXTS_SRC } from '@/lib/i18n/catalogue';
import { TextsProvider } from '@/lib/i18n/client';
import { HTML_LANG } from '@/lib/i18n/config';
import './globals.css';
import { Providers } from './providers';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return {
    title: { default: t('siteTitle'), template: `%s · ${t('siteName')}` },
    description: t('siteDescription'),
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations('common');
  return (
    <html lang={HTML_LANG[locale]} dir="ltr">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {locale === 'en' && <Script src={EN_TEXTS_SRC} strategy="beforeInteractive" />}
        <a href="#main" className="skip-link rounded bg-white px-3 py-2 shadow">
          {t('skipToMain')}
        </a>
        <NextIntlClientProvider>
          <TextsProvider english={locale === 'en'}>
            <Providers>
              <SiteHeader />
              <main id="main" className="mx-auto w-full max-w-5xl px-4 py-4 sm:px-6 sm:py-6">
                {children}
              </main>
            </Providers>
          </TextsProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}

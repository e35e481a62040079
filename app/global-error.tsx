'use client';

import { NextIntlClientProvider, useTranslations } from 'next-intl';
import { useSyncExternalStore } from 'react';
import { ErrorPanel } from '@/components/layout/error-panel';
import { DEFAULT_LOCALE, HTML_LANG, LOCALE_COOKIE, TIME_ZONE, isLocale, type Locale } from '@/lib/i18n/config';
import zhLayout from '@/messages/zh/layout.json';
import enLayout from '@/messages/en/layout.json';
import './globals.css';

const LAYOUT = { zh: zhLayout, en: enLayout } as const;

/** The locale cookie, read in the browser (the root layout, which provides the messages, has failed). */
function cookieLocale(): Locale {
  const m = new RegExp(`(?:^|; )${LOCALE_COOKIE}=([^;]*)`).exec(document.cookie);
  const v = m ? decodeURIComponent(m[1]!) : undefined;
  return isLocale(v) ? v : DEFAULT_LOCALE;
}

const noSubscribe = () => () => {};

function DocumentTitle() {
  const t = useTranslations('layout.errorPanel');
  return <title>{t('documentTitle')}</title>;
}

/**
 * An error in the root layout itself (app/error.tsx sits inside it): this replaces the whole document,
 * so it brings its own <html>, the site's styles, a title and the messages it shows (the layout's
 * NextIntlClientProvider is gone with the layout).
 */
export default function GlobalError(props: { error: unknown; retry: () => void }) {
  const locale = useSyncExternalStore(noSubscribe, cookieLocale, () => DEFAULT_LOCALE);
  return (
    <html lang={HTML_LANG[locale]}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <NextIntlClientProvider locale={locale} timeZone={TIME_ZONE} messages={{ layout: LAYOUT[locale] }}>
          <DocumentTitle />
          <main id="main" className="mx-auto w-full max-w-5xl px-4 py-6 sm:px-6">
            <ErrorPanel {...props} />
          </main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useTransition } from 'react';
import { setLocaleAction } from '@/lib/i18n/actions';

/** 中文 ⇄ English: the cookie, the account's choice when signed in, then the page again in the new language. */
export function LocaleSwitch() {
  const t = useTranslations('common');
  const locale = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  const other = locale === 'zh' ? 'en' : 'zh';
  return (
    <button
      type="button"
      lang={other === 'en' ? 'en' : 'zh-CN'}
      aria-label={t('switchToLabel')}
      disabled={pending}
      data-testid="locale-switch"
      onClick={() =>
        start(async () => {
          await setLocaleAction({ locale: other });
          router.refresh();
        })
      }
      className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100 disabled:opacity-60"
    >
      {t('switchTo')}
    </button>
  );
}

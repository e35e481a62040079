'use client';

import { useTranslations } from 'next-intl';
import dynamic from 'next/dynamic';
import type { ReactNode } from 'react';

// Loaded after the page (toasts follow user actions): keeps sonner out of every page's first load.
const Toaster = dynamic(() => import('sonner').then((m) => m.Toaster), { ssr: false });

/** For every page. react-query is provided where it is used (components/query-provider.tsx). */
export function Providers({ children }: { children: ReactNode }) {
  // sonner's own labels are English ("Notifications", "Close toast"): named in the page's language.
  const t = useTranslations('layout.toaster');
  return (
    <>
      {children}
      <Toaster
        position="top-center"
        closeButton
        containerAriaLabel={t('region')}
        toastOptions={{ closeButtonAriaLabel: t('close') }}
      />
    </>
  );
}

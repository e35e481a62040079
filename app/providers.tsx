'use client';

import dynamic from 'next/dynamic';
import type { ReactNode } from 'react';

// Loaded after the page (toasts follow user actions): keeps sonner out of every page's first load.
const Toaster = dynamic(() => import('sonner').then((m) => m.Toaster), { ssr: false });

/** For every page. react-query is provided where it is used (components/query-provider.tsx). */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <>
      {children}
      <Toaster position="top-center" closeButton />
    </>
  );
}

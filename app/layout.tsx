import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/layout/site-header';
import './globals.css';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: { default: '铁路购票 · 12306 代购门户', template: '%s · 铁路购票' },
  description: '查询余票、在线选座、购买和退改火车票。',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="zh-CN">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <a href="#main" className="skip-link rounded bg-white px-3 py-2 shadow">
          跳到主要内容
        </a>
        <Providers>
          <SiteHeader />
          <main id="main" className="mx-auto w-full max-w-5xl px-4 py-6 sm:px-6">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}

'use client';

import { ErrorPanel } from '@/components/layout/error-panel';
import './globals.css';

/**
 * An error in the root layout itself (app/error.tsx sits inside it): this replaces the whole document,
 * so it brings its own <html>, the site's styles and a title.
 */
export default function GlobalError(props: { error: unknown; retry: () => void }) {
  return (
    <html lang="zh-CN">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <title>页面暂时无法显示 · 铁路购票</title>
        <main id="main" className="mx-auto w-full max-w-5xl px-4 py-6 sm:px-6">
          <ErrorPanel {...props} />
        </main>
      </body>
    </html>
  );
}

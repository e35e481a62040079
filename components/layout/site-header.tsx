import Link from 'next/link';
import { HeaderNav } from './header-nav';

/**
 * The same markup for everyone (no session lookup on the server, so cached pages can share it); the
 * signed-in parts are filled in by HeaderNav from /api/me.
 */
export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center gap-4 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold text-brand-700">
          铁路购票
        </Link>
        <HeaderNav />
      </div>
    </header>
  );
}

'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

/** Below the md breakpoint the navigation folds into a disclosure button. */
export function MobileNav({ links }: { links: { href: string; label: string }[] }) {
  const t = useTranslations('nav');
  const [open, setOpen] = useState(false);
  return (
    <div className="md:hidden">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="mobile-nav"
        onClick={() => setOpen((o) => !o)}
        className="rounded border border-slate-300 px-2 py-1.5 text-slate-700"
      >
        {t('menu')}
      </button>
      {open && (
        <nav
          id="mobile-nav"
          aria-label={t('mobileNav')}
          className="absolute left-0 right-0 top-14 z-40 border-b bg-white shadow"
        >
          <ul className="flex flex-col p-2">
            {links.map((l) => (
              <li key={l.href}>
                <Link
                  href={l.href}
                  onClick={() => setOpen(false)}
                  className="block rounded px-3 py-2 hover:bg-slate-100"
                >
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </div>
  );
}

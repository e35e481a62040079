'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { Role } from '@/db/schema';
import { SignOutButton } from './sign-out-button';
import { MobileNav } from './mobile-nav';

const ROLE_LABEL = { traveller: '旅客', agent: '代理', admin: '管理员' } as const;

type Me = { name: string; role: Role } | null;

/** Navigation and the account area, for the user /api/me names (asked again on every navigation). */
export function HeaderNav() {
  const pathname = usePathname();
  const [me, setMe] = useState<Me | undefined>(undefined);
  useEffect(() => {
    const ctrl = new AbortController();
    fetch('/api/me', { signal: ctrl.signal, cache: 'no-store' })
      .then((r) => (r.ok ? (r.json() as Promise<{ user: Me }>) : { user: null }))
      .then((b) => setMe(b.user))
      .catch(() => {
        /* aborted by the next navigation, or offline: keep what is shown */
      });
    return () => ctrl.abort();
  }, [pathname]);

  const user = me ?? null;
  const links: { href: string; label: string }[] = [{ href: '/', label: '车票查询' }];
  if (user) links.push({ href: '/trips', label: '我的行程' }, { href: '/passengers', label: '常用乘客' });
  // As AREA_ROLES in lib/auth/roles (not imported: it would bring server code into the bundle).
  if (user?.role === 'agent' || user?.role === 'admin') links.push({ href: '/agent', label: '代理工作台' });
  if (user?.role === 'admin') links.push({ href: '/admin', label: '管理后台' });

  return (
    <>
      <nav aria-label="主导航" className="hidden flex-1 md:block">
        <ul className="flex gap-4 text-sm">
          {links.map((l) => (
            <li key={l.href}>
              <Link href={l.href} className="rounded px-1 py-1 text-slate-700 hover:text-brand-700">
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="ml-auto flex min-h-8 items-center gap-3 text-sm md:ml-0">
        {me === undefined ? null : user ? (
          <>
            <span className="hidden sm:inline" data-testid="current-user">
              {user.name}
              <span className="ml-1 rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-700">
                {ROLE_LABEL[user.role]}
              </span>
            </span>
            <SignOutButton />
          </>
        ) : (
          <>
            <Link href="/signin" className="rounded px-2 py-1 text-brand-700 hover:underline">
              登录
            </Link>
            <Link href="/signup" className="rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700">
              注册
            </Link>
          </>
        )}
        <MobileNav links={links} />
      </div>
    </>
  );
}

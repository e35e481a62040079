import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { currentUser, hasRole, AREA_ROLES } from '@/lib/auth/guard';
import { LocaleSwitch } from './locale-switch';
import { SignOutButton } from './sign-out-button';
import { MobileNav } from './mobile-nav';
import { NotificationBell } from '@/components/notify/bell';
import { unreadCount } from '@/lib/notify/inbox';

export async function SiteHeader() {
  const t = await getTranslations('nav');
  const user = await currentUser();
  const unread = user ? await unreadCount(user.id) : 0;
  const links: { href: string; label: string }[] = [];
  if (user?.role === 'agent') {
    // The clerk's navigation: the workspace, booking for a customer, customers, orders — none of the
    // traveller's own menu (trips, saved passengers, grabs), which is about the clerk's own travel.
    links.push(
      { href: '/agent', label: t('agentHome') },
      { href: '/agent/book', label: t('agentBook') },
      { href: '/agent/customers', label: t('agentCustomers') },
      { href: '/agent/orders', label: t('agentOrders') },
    );
  } else {
    links.push({ href: '/', label: t('search') });
    if (user) links.push({ href: '/trips', label: t('trips') }, { href: '/passengers', label: t('passengers') });
    if (hasRole(user, AREA_ROLES.agent)) links.push({ href: '/agent', label: t('agentHome') });
  }
  if (hasRole(user, AREA_ROLES.admin)) links.push({ href: '/admin', label: t('admin') });

  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3 sm:gap-4 sm:px-6">
        <Link href="/" className="text-[15px] leading-tight font-semibold text-brand-700 sm:text-lg">
          {t('brand')}
        </Link>
        <nav aria-label={t('mainNav')} className="hidden flex-1 md:block">
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
        <div className="ml-auto flex items-center gap-2 text-sm whitespace-nowrap sm:gap-3 md:ml-0">
          {user ? (
            <>
              <NotificationBell unread={unread} />
              <span className="hidden sm:inline" data-testid="current-user">
                {user.name}
                <span className="ml-1 rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-700">
                  {t(`role.${user.role}`)}
                </span>
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/signin" className="rounded px-2 py-1 text-brand-700 hover:underline">
                {t('signIn')}
              </Link>
              <Link href="/signup" className="rounded bg-brand-600 px-2 py-1.5 text-white hover:bg-brand-700 sm:px-3">
                {t('signUp')}
              </Link>
            </>
          )}
          <LocaleSwitch />
          <MobileNav links={links} />
        </div>
      </div>
    </header>
  );
}

import Link from 'next/link';
import { currentUser, hasRole, AREA_ROLES } from '@/lib/auth/guard';
import { SignOutButton } from './sign-out-button';
import { MobileNav } from './mobile-nav';
import { NotificationBell } from '@/components/notify/bell';
import { unreadCount } from '@/lib/notify/inbox';

const ROLE_LABEL = { traveller: '旅客', agent: '代理', admin: '管理员' } as const;

export async function SiteHeader() {
  const user = await currentUser();
  const unread = user ? await unreadCount(user.id) : 0;
  const links: { href: string; label: string }[] = [];
  if (user?.role === 'agent') {
    // The clerk's navigation: the workspace, booking for a customer, customers, orders — none of the
    // traveller's own menu (trips, saved passengers, grabs), which is about the clerk's own travel.
    links.push(
      { href: '/agent', label: '代理工作台' },
      { href: '/agent/book', label: '为客户订票' },
      { href: '/agent/customers', label: '客户' },
      { href: '/agent/orders', label: '订单' },
    );
  } else {
    links.push({ href: '/', label: '车票查询' });
    if (user) links.push({ href: '/trips', label: '我的行程' }, { href: '/passengers', label: '常用乘客' });
    if (hasRole(user, AREA_ROLES.agent)) links.push({ href: '/agent', label: '代理工作台' });
  }
  if (hasRole(user, AREA_ROLES.admin)) links.push({ href: '/admin', label: '管理后台' });

  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center gap-4 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold text-brand-700">
          铁路购票
        </Link>
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
        <div className="ml-auto flex items-center gap-3 text-sm md:ml-0">
          {user ? (
            <>
              <NotificationBell unread={unread} />
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
      </div>
    </header>
  );
}

import Link from 'next/link';
import { useTranslations } from 'next-intl';

/** The header's bell: a link to the inbox with the unread count (none shown at zero). */
export function NotificationBell({ unread }: { unread: number }) {
  const t = useTranslations('notify.bell');
  const label = unread ? t('labelUnread', { count: unread }) : t('label');
  return (
    <Link
      href="/notifications"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      className="relative rounded p-1.5 text-slate-700 hover:bg-slate-100 hover:text-brand-700"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.73 21a2 2 0 0 1-3.46 0" />
      </svg>
      {unread > 0 && (
        <span
          data-testid="unread-count"
          className="absolute -right-1 -top-1 min-w-4 rounded-full bg-red-600 px-1 text-center text-xs leading-4 text-white"
        >
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}

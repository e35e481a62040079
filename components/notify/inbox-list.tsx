'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { markAllReadAction, markReadAction } from '@/lib/notify/actions';
import { useTx } from '@/lib/i18n/client';
import { formatShanghai } from '@/lib/time';

export interface InboxEntry {
  id: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

/** The inbox: newest first, unread ones marked, each with 标为已读; 全部标为已读 on top. */
export function InboxList({ items }: { items: InboxEntry[] }) {
  const t = useTranslations('notify.inbox');
  const tx = useTx();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (fn: () => Promise<{ ok: boolean; message?: string }>) =>
    start(async () => {
      const r = await fn();
      setError(r.ok ? null : (r.message ?? t('failed')));
      router.refresh();
    });
  if (!items.length) return <p className="text-sm text-slate-700">{t('empty')}</p>;
  const unread = items.filter((i) => !i.read).length;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center justify-between text-sm">
        <p data-testid="inbox-unread">{unread ? t('unreadCount', { count: unread }) : t('allRead')}</p>
        {unread > 0 && (
          <button
            type="button"
            disabled={pending}
            onClick={() => run(() => markAllReadAction({}))}
            className="rounded border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-100"
          >
            {t('markAll')}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <ul className="flex flex-col divide-y divide-slate-200 rounded border border-slate-200 bg-white">
        {items.map((n) => (
          <li key={n.id} className="flex flex-col gap-1 p-3" data-testid="inbox-item" data-read={n.read ? 'yes' : 'no'}>
            <div className="flex items-start justify-between gap-2">
              <h2 className={`text-sm ${n.read ? 'text-slate-700' : 'font-semibold text-slate-900'}`}>
                {!n.read && <span className="sr-only">{t('unread')}</span>}
                {tx(n.title)}
              </h2>
              <time className="shrink-0 text-xs text-slate-600" dateTime={n.createdAt}>
                {formatShanghai(n.createdAt)}
              </time>
            </div>
            <p className="whitespace-pre-line text-sm text-slate-700">{tx(n.body)}</p>
            <div className="flex gap-3 text-sm">
              {n.link && (
                <a href={n.link} className="text-brand-700 underline">
                  {t('details')}
                </a>
              )}
              {!n.read && (
                <button
                  type="button"
                  disabled={pending}
                  onClick={() => run(() => markReadAction({ id: n.id }))}
                  className="text-brand-700 underline"
                >
                  {t('markRead')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { PushToggle } from '@/components/notify/push-toggle';
import { vapidPublicKey } from '@/lib/notify/push';

/**
 * The browser-push switch with its heading: the notification settings page and the account page
 * show the same one (one service worker, one subscription per browser; lib/notify/inbox subscribePushDef).
 */
export function PushSection({ settingsLink = false }: { settingsLink?: boolean }) {
  const t = useTranslations('notify.push');
  return (
    <section aria-labelledby="push-heading" className="flex flex-col gap-2">
      <h2 id="push-heading" className="text-lg font-medium">
        {t('heading')}
      </h2>
      <PushToggle vapidPublicKey={vapidPublicKey()} />
      {settingsLink && (
        <p className="text-sm text-slate-700">
          {t('settingsLead')}
          <Link href="/notifications/settings" className="text-brand-700 underline">
            {t('settingsLink')}
          </Link>
        </p>
      )}
    </section>
  );
}

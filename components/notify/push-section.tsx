import Link from 'next/link';
import { PushToggle } from '@/components/notify/push-toggle';
import { vapidPublicKey } from '@/lib/notify/push';

/**
 * The browser-push switch with its heading: the notification settings page and the account page
 * show the same one (one service worker, one subscription per browser; lib/notify/inbox subscribePushDef).
 */
export function PushSection({ settingsLink = false }: { settingsLink?: boolean }) {
  return (
    <section aria-labelledby="push-heading" className="flex flex-col gap-2">
      <h2 id="push-heading" className="text-lg font-medium">
        浏览器推送
      </h2>
      <PushToggle vapidPublicKey={vapidPublicKey()} />
      {settingsLink && (
        <p className="text-sm text-slate-700">
          接收哪些通知、免打扰时段：
          <Link href="/notifications/settings" className="text-brand-700 underline">
            通知设置
          </Link>
        </p>
      )}
    </section>
  );
}

import { PageSection } from '@/components/layout/page-section';
import { PreferencesForm } from '@/components/notify/preferences-form';
import { PushToggle } from '@/components/notify/push-toggle';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { preferences } from '@/lib/notify/inbox';
import { vapidPublicKey } from '@/lib/notify/push';

export const metadata = { title: '通知设置' };
export const dynamic = 'force-dynamic';

export default async function Page() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/notifications/settings');
  const prefs = await preferences(user.id);
  return (
    <PageSection title="通知设置" back={{ href: '/notifications', label: '返回通知' }}>
      <section aria-labelledby="push-heading" className="flex flex-col gap-2">
        <h2 id="push-heading" className="text-lg font-medium">
          浏览器推送
        </h2>
        <PushToggle vapidPublicKey={vapidPublicKey()} />
      </section>
      <section aria-labelledby="prefs-heading" className="flex flex-col gap-2">
        <h2 id="prefs-heading" className="text-lg font-medium">
          接收哪些通知
        </h2>
        <PreferencesForm {...prefs} />
      </section>
    </PageSection>
  );
}

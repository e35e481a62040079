import { PageSection } from '@/components/layout/page-section';
import { PreferencesForm } from '@/components/notify/preferences-form';
import { PushSection } from '@/components/notify/push-section';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { preferences } from '@/lib/notify/inbox';

export const metadata = { title: '通知设置' };
export const dynamic = 'force-dynamic';

export default async function Page() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/notifications/settings');
  const prefs = await preferences(user.id);
  return (
    <PageSection title="通知设置" back={{ href: '/notifications', label: '返回通知' }}>
      <PushSection />
      <section aria-labelledby="prefs-heading" className="flex flex-col gap-2">
        <h2 id="prefs-heading" className="text-lg font-medium">
          接收哪些通知
        </h2>
        <PreferencesForm {...prefs} />
      </section>
    </PageSection>
  );
}

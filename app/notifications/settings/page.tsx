import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageSection } from '@/components/layout/page-section';
import { PreferencesForm } from '@/components/notify/preferences-form';
import { PushSection } from '@/components/notify/push-section';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { preferences } from '@/lib/notify/inbox';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('notify.settingsPage');
  return { title: t('title') };
}
export const dynamic = 'force-dynamic';

export default async function Page() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/notifications/settings');
  const prefs = await preferences(user.id);
  const t = await getTranslations('notify.settingsPage');
  return (
    <PageSection title={t('title')} back={{ href: '/notifications', label: t('back') }}>
      <PushSection />
      <section aria-labelledby="prefs-heading" className="flex flex-col gap-2">
        <h2 id="prefs-heading" className="text-lg font-medium">
          {t('which')}
        </h2>
        <PreferencesForm {...prefs} />
      </section>
    </PageSection>
  );
}

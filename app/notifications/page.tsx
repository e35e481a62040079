import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PageSection } from '@/components/layout/page-section';
import { InboxList } from '@/components/notify/inbox-list';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { inbox } from '@/lib/notify/inbox';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('notify.page');
  return { title: t('title') };
}
export const dynamic = 'force-dynamic';

export default async function Page() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/notifications');
  const items = await inbox(user.id);
  const t = await getTranslations('notify.page');
  return (
    <PageSection title={t('title')} back={{ href: '/notifications/settings', label: t('settings') }}>
      <InboxList items={items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() }))} />
      <p className="text-sm text-slate-700">
        {t.rich('channels', {
          link: (c) => (
            <Link href="/notifications/settings" className="text-brand-700 underline">
              {c}
            </Link>
          ),
        })}
      </p>
    </PageSection>
  );
}

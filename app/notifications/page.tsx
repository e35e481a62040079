import Link from 'next/link';
import { PageSection } from '@/components/layout/page-section';
import { InboxList } from '@/components/notify/inbox-list';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { inbox } from '@/lib/notify/inbox';

export const metadata = { title: '通知' };
export const dynamic = 'force-dynamic';

export default async function Page() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/notifications');
  const items = await inbox(user.id);
  return (
    <PageSection title="通知" back={{ href: '/notifications/settings', label: '通知设置' }}>
      <InboxList items={items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() }))} />
      <p className="text-sm text-slate-700">
        邮件和浏览器推送可在{' '}
        <Link href="/notifications/settings" className="text-brand-700 underline">
          通知设置
        </Link>{' '}
        中开关。
      </p>
    </PageSection>
  );
}

import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { PageSection } from '@/components/layout/page-section';
import { PushSection } from '@/components/notify/push-section';
import { AccountPanel } from '@/components/passengers/account-panel';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { accountView } from '@/lib/train-account/service';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('passengers.accountPage');
  return { title: t('title') };
}
export const dynamic = 'force-dynamic';

export default async function Page() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/passengers/account');
  const account = await accountView(user.id);
  const t = await getTranslations('passengers.accountPage');
  return (
    <PageSection title={t('title')}>
      <p className="text-sm text-slate-700">
        {t('intro')}{' '}
        <Link href="/passengers" className="text-brand-700 underline">
          {t('back')}
        </Link>
      </p>
      <AccountPanel account={account} />
      <PushSection settingsLink />
    </PageSection>
  );
}

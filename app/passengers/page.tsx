import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { PageSection } from '@/components/layout/page-section';
import { PassengerManager } from '@/components/passengers/passenger-manager';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { passengerList } from '@/lib/passengers/service';
import { getTx } from '@/lib/i18n/server';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('passengers.page');
  return { title: t('title') };
}
export const dynamic = 'force-dynamic';

export default async function Page() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/passengers');
  const list = await passengerList(user.id);
  const t = await getTranslations('passengers.page');
  const tx = await getTx();
  return (
    <PageSection title={t('title')}>
      <p className="text-sm text-slate-700">
        {list.account ? <>{t('bound', { account: list.account })}</> : <>{t('unbound')}</>}{' '}
        <Link href="/passengers/account" className="text-brand-700 underline">
          {t('accountLink')}
        </Link>
        {' · '}
        <Link href="/passengers/addresses" className="text-brand-700 underline">
          {t('addressesLink')}
        </Link>
      </p>
      {list.notes.length > 0 && (
        <div role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-medium">{t('synced')}</p>
          <ul className="list-disc pl-5">
            {list.notes.map((n) => (
              <li key={n}>{tx(n)}</li>
            ))}
          </ul>
        </div>
      )}
      {list.stale && (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {tx(list.stale)}
        </p>
      )}
      <PassengerManager passengers={list.passengers} bound={!!list.account} />
    </PageSection>
  );
}

import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { PageSection } from '@/components/layout/page-section';
import { AddressBook } from '@/components/delivery/address-book';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { listAddresses } from '@/lib/delivery/addresses';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('passengers.addressesPage');
  return { title: t('title') };
}
export const dynamic = 'force-dynamic';

/** The traveller's 送票 address book (issue 27): masked in the list, sealed at rest. */
export default async function Page() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/passengers/addresses');
  const addresses = await listAddresses({ userId: user.id });
  const t = await getTranslations('passengers.addressesPage');
  return (
    <PageSection title={t('title')}>
      <p className="text-sm text-slate-700">
        {t('intro')}{' '}
        <Link href="/passengers" className="text-brand-700 underline">
          {t('back')}
        </Link>
      </p>
      <AddressBook addresses={addresses} />
    </PageSection>
  );
}

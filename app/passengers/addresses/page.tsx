import Link from 'next/link';
import { PageSection } from '@/components/layout/page-section';
import { AddressBook } from '@/components/delivery/address-book';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { listAddresses } from '@/lib/delivery/addresses';

export const metadata = { title: '收件地址' };
export const dynamic = 'force-dynamic';

/** The traveller's 送票 address book (issue 27): masked in the list, sealed at rest. */
export default async function Page() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/passengers/addresses');
  const addresses = await listAddresses({ userId: user.id });
  return (
    <PageSection title="收件地址">
      <p className="text-sm text-slate-700">
        送票(纸质车票、报销凭证)寄送到这里。姓名、手机号和地址加密保存,列表中只显示部分信息。{' '}
        <Link href="/passengers" className="text-brand-700 underline">
          返回常用乘客
        </Link>
      </p>
      <AddressBook addresses={addresses} />
    </PageSection>
  );
}

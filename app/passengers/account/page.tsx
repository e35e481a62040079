import Link from 'next/link';
import { PageSection } from '@/components/layout/page-section';
import { PushSection } from '@/components/notify/push-section';
import { AccountPanel } from '@/components/passengers/account-panel';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { accountView } from '@/lib/train-account/service';

export const metadata = { title: '12306 账号' };
export const dynamic = 'force-dynamic';

export default async function Page() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/passengers/account');
  const account = await accountView(user.id);
  return (
    <PageSection title="12306 账号">
      <p className="text-sm text-slate-700">
        绑定后，订单使用您自己的 12306 账号下单，常用乘客与 12306 常旅客同步。密码加密保存，仅在调用 12306 时使用。{' '}
        <Link href="/passengers" className="text-brand-700 underline">
          返回常用乘客
        </Link>
      </p>
      <AccountPanel account={account} />
      <PushSection settingsLink />
    </PageSection>
  );
}

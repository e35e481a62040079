import Link from 'next/link';
import { PageSection } from '@/components/layout/page-section';
import { PassengerManager } from '@/components/passengers/passenger-manager';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { passengerList } from '@/lib/passengers/service';

export const metadata = { title: '常用乘客' };
export const dynamic = 'force-dynamic';

export default async function Page() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/passengers');
  const list = await passengerList(user.id);
  return (
    <PageSection title="常用乘客">
      <p className="text-sm text-slate-700">
        {list.account ? (
          <>已绑定 12306 账号 {list.account}：列表与 12306 常旅客同步，如有不一致以 12306 为准。</>
        ) : (
          <>未绑定 12306 账号：乘客仅保存在本站。</>
        )}{' '}
        <Link href="/passengers/account" className="text-brand-700 underline">
          12306 账号
        </Link>
        {' · '}
        <Link href="/passengers/addresses" className="text-brand-700 underline">
          收件地址(送票)
        </Link>
      </p>
      {list.notes.length > 0 && (
        <div role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-medium">已按 12306 同步：</p>
          <ul className="list-disc pl-5">
            {list.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
      {list.stale && (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {list.stale}
        </p>
      )}
      <PassengerManager passengers={list.passengers} bound={!!list.account} />
    </PageSection>
  );
}

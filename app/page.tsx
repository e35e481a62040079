import Link from 'next/link';
import { SearchForm } from '@/components/search/search-form';
import { currentUser } from '@/lib/auth/guard';
import { addDays, presaleWindow } from '@/lib/time';
import { PRESALE_DAYS } from '@/lib/domain/rules';

export default async function HomePage() {
  const user = await currentUser();
  const window = presaleWindow(new Date(), PRESALE_DAYS);
  return (
    <section className="flex flex-col gap-6">
      <div className="rounded-lg bg-gradient-to-r from-brand-700 to-brand-600 p-6 text-white">
        <h1 className="text-2xl font-semibold sm:text-3xl">火车票查询与预订</h1>
        <p className="mt-2 text-brand-100">覆盖全国 3,381 个车站，在线选座、实时占座、退票改签。</p>
      </div>
      <div className="rounded-lg bg-white p-5 shadow-sm">
        <h2 className="mb-3 text-lg font-semibold">车票查询</h2>
        <SearchForm initial={{ from: '', to: '', date: addDays(window.first, 1) }} window={window} calendar />
        {!user && (
          <p className="mt-4 text-sm text-slate-600">
            <Link href="/signin" className="text-brand-700 underline">
              登录
            </Link>{' '}
            或{' '}
            <Link href="/signup" className="text-brand-700 underline">
              注册
            </Link>{' '}
            后即可预订车票、管理乘客和订单。
          </p>
        )}
      </div>
    </section>
  );
}

import Link from 'next/link';
import { currentUser } from '@/lib/auth/guard';

export default async function HomePage() {
  const user = await currentUser();
  return (
    <section className="flex flex-col gap-6">
      <div className="rounded-lg bg-gradient-to-r from-brand-700 to-brand-600 p-6 text-white">
        <h1 className="text-2xl font-semibold sm:text-3xl">火车票查询与预订</h1>
        <p className="mt-2 text-brand-100">覆盖全国 3,381 个车站，在线选座、实时占座、退票改签。</p>
      </div>
      <div className="rounded-lg bg-white p-5 shadow-sm">
        <h2 className="text-lg font-semibold">车票查询</h2>
        <p className="mt-1 text-slate-600">余票查询与在线订票即将在此开放。</p>
        {!user && (
          <p className="mt-3 text-sm">
            <Link href="/signin" className="text-brand-700 underline">
              登录
            </Link>{' '}
            或{' '}
            <Link href="/signup" className="text-brand-700 underline">
              注册
            </Link>{' '}
            后即可管理乘客和订单。
          </p>
        )}
      </div>
    </section>
  );
}

import Link from 'next/link';

export const metadata = { title: '无权访问' };

export default function ForbiddenPage() {
  return (
    <section className="mx-auto max-w-md rounded-lg bg-white p-6 text-center shadow-sm">
      <h1 className="text-2xl font-semibold">无权访问 (403)</h1>
      <p className="mt-2 text-slate-600">当前账号没有访问该页面的权限。</p>
      <Link href="/" className="mt-4 inline-block text-brand-700 underline">
        返回首页
      </Link>
    </section>
  );
}

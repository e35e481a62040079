import Link from 'next/link';
import { NoAgency } from '@/components/agency/no-agency';
import { FormField, StateForm } from '@/components/ui/form';
import { createCustomerAction } from '@/lib/agency/actions';
import { workspace } from '@/lib/agency/pages';
import { listCustomers } from '@/lib/agency/service';

export const metadata = { title: '客户' };

export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { m } = await workspace('/agent/customers');
  if (!m) return <NoAgency />;
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 40) ?? '';
  const rows = await listCustomers(m, q);
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">客户</h1>
      <form method="get" role="search" className="flex gap-2">
        <label className="sr-only" htmlFor="customer-q">
          搜索客户
        </label>
        <input
          id="customer-q"
          name="q"
          defaultValue={q}
          placeholder="姓名、手机尾号或证件后四位"
          className="w-64 rounded border border-slate-300 px-3 py-2"
        />
        <button type="submit" className="rounded bg-brand-600 px-4 py-2 text-white">
          搜索
        </button>
      </form>
      <div className="rounded-lg bg-white p-4 shadow-sm">
        <h2 className="mb-2 font-semibold">新建客户</h2>
        <StateForm create label="新建客户" action={createCustomerAction} submitLabel="新建">
          <FormField name="name" label="客户姓名" required />
          <FormField name="mobile" label="手机号" type="tel" required />
        </StateForm>
      </div>
      <ul aria-label="客户列表" className="flex flex-col gap-2">
        {rows.map((c) => (
          <li key={c.id} className="rounded bg-white p-3 shadow-sm">
            <Link href={`/agent/customers/${c.id}`} className="font-medium text-brand-700 underline">
              {c.name}
            </Link>{' '}
            <span className="text-sm text-slate-600">{c.mobileMasked}</span>
          </li>
        ))}
        {rows.length === 0 && <li className="text-slate-600">没有找到客户。</li>}
      </ul>
    </section>
  );
}

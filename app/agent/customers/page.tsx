import { NoAgency } from '@/components/agency/no-agency';
import { FormField, StateForm } from '@/components/ui/form';
import { createCustomerAction } from '@/lib/agency/actions';
import { workspace } from '@/lib/agency/pages';
import { listCustomers } from '@/lib/agency/service';
import { PageSection } from '@/components/layout/page-section';
import { LinkList } from '@/components/ui/link-list';
import { Section } from '@/components/ui/section';

export const metadata = { title: '客户' };

export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { m } = await workspace('/agent/customers');
  if (!m) return <NoAgency />;
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 40) ?? '';
  const rows = await listCustomers(m, q);
  return (
    <PageSection title="客户">
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
      <Section id="new-customer-heading" title="新建客户">
        <StateForm create label="新建客户" action={createCustomerAction} submitLabel="新建">
          <FormField name="name" label="客户姓名" required />
          <FormField name="mobile" label="手机号" type="tel" required />
        </StateForm>
      </Section>
      <LinkList
        label="客户列表"
        rows={rows.map((c) => ({ id: c.id, href: `/agent/customers/${c.id}`, name: c.name, detail: c.mobileMasked }))}
        empty="没有找到客户。"
      />
    </PageSection>
  );
}

import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NoAgency } from '@/components/agency/no-agency';
import { FormField, StateForm } from '@/components/ui/form';
import { createCustomerAction } from '@/lib/agency/actions';
import { workspace } from '@/lib/agency/pages';
import { listCustomers } from '@/lib/agency/service';
import { PageSection } from '@/components/layout/page-section';
import { LinkList } from '@/components/ui/link-list';
import { Section } from '@/components/ui/section';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agency.customers');
  return { title: t('title') };
}

export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { m } = await workspace('/agent/customers');
  if (!m) return <NoAgency />;
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 40) ?? '';
  const rows = await listCustomers(m, q);
  const t = await getTranslations('agency.customers');
  return (
    <PageSection title={t('title')}>
      <form method="get" role="search" className="flex gap-2">
        <label className="sr-only" htmlFor="customer-q">
          {t('searchLabel')}
        </label>
        <input
          id="customer-q"
          name="q"
          defaultValue={q}
          placeholder={t('searchPlaceholder')}
          className="w-64 rounded border border-slate-300 px-3 py-2"
        />
        <button type="submit" className="rounded bg-brand-600 px-4 py-2 text-white">
          {t('search')}
        </button>
      </form>
      <Section id="new-customer-heading" title={t('newTitle')}>
        <StateForm create label={t('newTitle')} action={createCustomerAction} submitLabel={t('newSubmit')}>
          <FormField name="name" label={t('name')} required />
          <FormField name="mobile" label={t('mobile')} type="tel" required />
        </StateForm>
      </Section>
      <LinkList
        label={t('list')}
        rows={rows.map((c) => ({ id: c.id, href: `/agent/customers/${c.id}`, name: c.name, detail: c.mobileMasked }))}
        empty={t('empty')}
      />
    </PageSection>
  );
}

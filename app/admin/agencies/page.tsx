import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { FormField, FormSelect, StateForm } from '@/components/ui/form';
import { createAgencyAction, topUpAction } from '@/lib/agency/actions';
import { listAgencies } from '@/lib/agency/service';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { formatFen } from '@/lib/format';
import { PageSection } from '@/components/layout/page-section';
import { LinkList } from '@/components/ui/link-list';
import { Section } from '@/components/ui/section';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.agencies');
  return { title: t('metaTitle') };
}

export default async function AgenciesPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/agencies');
  const t = await getTranslations('admin.agencies');
  const rows = await listAgencies();
  return (
    <PageSection title={t('title')}>
      <Section id="new-agency-heading" title={t('newAgency')}>
        <StateForm create label={t('newAgency')} action={createAgencyAction} submitLabel={t('create')}>
          <FormField name="name" label={t('name')} required />
          <FormField name="ownerEmail" label={t('ownerEmail')} type="email" required />
        </StateForm>
      </Section>
      <Section id="top-up-heading" title={t('topUp')}>
        <StateForm create label={t('topUp')} action={topUpAction} submitLabel={t('topUpSubmit')}>
          <FormSelect name="agencyId" label={t('agency')} options={rows.map((a) => ({ value: a.id, label: a.name }))} />
          <FormField name="amountYuan" label={t('amountYuan')} type="number" required />
          <FormField name="bankRef" label={t('bankRef')} required />
        </StateForm>
      </Section>
      <LinkList
        label={t('list')}
        empty={t('empty')}
        rows={rows.map((a) => ({
          id: a.id,
          href: `/admin/agencies/${a.id}`,
          name: a.name,
          detail: t('detail', { members: a.members, balance: formatFen(Number(a.balanceFen)) }),
        }))}
      />
    </PageSection>
  );
}

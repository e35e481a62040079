import { FormField, FormSelect, StateForm } from '@/components/ui/form';
import { createAgencyAction, topUpAction } from '@/lib/agency/actions';
import { listAgencies } from '@/lib/agency/service';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { formatFen } from '@/lib/format';
import { PageSection } from '@/components/layout/page-section';
import { LinkList } from '@/components/ui/link-list';
import { Section } from '@/components/ui/section';

export const metadata = { title: '旅行社管理' };

export default async function AgenciesPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/agencies');
  const rows = await listAgencies();
  return (
    <PageSection title="旅行社">
      <Section id="new-agency-heading" title="新建旅行社">
        <StateForm create label="新建旅行社" action={createAgencyAction} submitLabel="新建">
          <FormField name="name" label="旅行社名称" required />
          <FormField name="ownerEmail" label="负责人邮箱（已注册的账号）" type="email" required />
        </StateForm>
      </Section>
      <Section id="top-up-heading" title="预存款充值">
        <StateForm create label="预存款充值" action={topUpAction} submitLabel="充值">
          <FormSelect name="agencyId" label="旅行社" options={rows.map((a) => ({ value: a.id, label: a.name }))} />
          <FormField name="amountYuan" label="金额（元）" type="number" required />
          <FormField name="bankRef" label="银行流水号" required />
        </StateForm>
      </Section>
      <LinkList
        label="旅行社列表"
        empty="还没有旅行社。"
        rows={rows.map((a) => ({
          id: a.id,
          href: `/admin/agencies/${a.id}`,
          name: a.name,
          detail: `${a.members} 名成员 · 余额 ${formatFen(Number(a.balanceFen))}`,
        }))}
      />
    </PageSection>
  );
}

import Link from 'next/link';
import { FormField, FormSelect, StateForm } from '@/components/ui/form';
import { createAgencyAction, topUpAction } from '@/lib/agency/actions';
import { listAgencies } from '@/lib/agency/service';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { formatFen } from '@/lib/format';

export const metadata = { title: '旅行社管理' };

export default async function AgenciesPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/agencies');
  const rows = await listAgencies();
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">旅行社</h1>
      <div className="rounded-lg bg-white p-4 shadow-sm">
        <h2 className="mb-2 font-semibold">新建旅行社</h2>
        <StateForm create label="新建旅行社" action={createAgencyAction} submitLabel="新建">
          <FormField name="name" label="旅行社名称" required />
          <FormField name="ownerEmail" label="负责人邮箱（已注册的账号）" type="email" required />
        </StateForm>
      </div>
      <div className="rounded-lg bg-white p-4 shadow-sm">
        <h2 className="mb-2 font-semibold">预存款充值</h2>
        <StateForm create label="预存款充值" action={topUpAction} submitLabel="充值">
          <FormSelect name="agencyId" label="旅行社" options={rows.map((a) => ({ value: a.id, label: a.name }))} />
          <FormField name="amountYuan" label="金额（元）" type="number" required />
          <FormField name="bankRef" label="银行流水号" required />
        </StateForm>
      </div>
      <ul aria-label="旅行社列表" className="flex flex-col gap-2">
        {rows.map((a) => (
          <li key={a.id} className="rounded bg-white p-3 shadow-sm">
            <Link href={`/admin/agencies/${a.id}`} className="font-medium text-brand-700 underline">
              {a.name}
            </Link>{' '}
            <span className="text-sm text-slate-600">
              {a.members} 名成员 · 余额 {formatFen(Number(a.balanceFen))}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { InviteForm } from '@/components/agency/invite-form';
import { MemberActions } from '@/components/agency/member-actions';
import { NoAgency } from '@/components/agency/no-agency';
import { workspace } from '@/lib/agency/pages';
import { listMembers } from '@/lib/agency/service';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agency.staff');
  return { title: t('title') };
}

export default async function StaffPage() {
  const { m, user } = await workspace('/agent/staff');
  if (!m) return <NoAgency />;
  if (m.role !== 'owner') notFound();
  const members = await listMembers(m);
  const t = await getTranslations('agency.staff');
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <div className="rounded-lg bg-white p-4 shadow-sm">
        <InviteForm />
      </div>
      <ul aria-label={t('list')} className="flex flex-col gap-2">
        {members.map((s) => (
          <li key={s.userId} className="flex flex-wrap items-center gap-3 rounded bg-white p-3 shadow-sm">
            <span className="font-medium">{s.name}</span>
            <span className="text-sm text-slate-600">{s.email}</span>
            <span className="text-sm">
              {s.role === 'owner' ? t('owner') : s.suspendedAt ? t('suspended') : t('member')}
            </span>
            {s.userId !== user.id && s.role === 'staff' && (
              <MemberActions userId={s.userId} name={s.name} suspended={!!s.suspendedAt} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { PassengerEditForm } from '@/components/passengers/passenger-edit';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { passengerForEdit } from '@/lib/passengers/service';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('passengers.edit');
  return { title: t('title') };
}

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageRole(AREA_ROLES.traveller, `/passengers/${encodeURIComponent(id)}`);
  // The owner's own edit form is the one place the full number and mobile are shown.
  const p = await passengerForEdit(user.id, id);
  if (!p) notFound();
  const t = await getTranslations('passengers.edit');
  return (
    <section className="flex flex-col gap-4 rounded-lg bg-white p-4 shadow-sm">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {p.isSelf && <p className="text-sm text-slate-700">{t('selfOnly')}</p>}
      {!p.idComplete && <p className="text-sm text-amber-900">{t('masked')}</p>}
      <PassengerEditForm passenger={p} />
    </section>
  );
}

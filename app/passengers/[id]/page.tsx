import { notFound } from 'next/navigation';
import { PassengerEditForm } from '@/components/passengers/passenger-edit';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { passengerForEdit } from '@/lib/passengers/service';

export const metadata = { title: '编辑常用乘客' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageRole(AREA_ROLES.traveller, `/passengers/${encodeURIComponent(id)}`);
  // The owner's own edit form is the one place the full number and mobile are shown.
  const p = await passengerForEdit(user.id, id);
  if (!p) notFound();
  return (
    <section className="flex flex-col gap-4 rounded-lg bg-white p-4 shadow-sm">
      <h1 className="text-2xl font-semibold">编辑常用乘客</h1>
      {p.isSelf && <p className="text-sm text-slate-700">12306 账号本人：只能修改旅客类型。</p>}
      {!p.idComplete && (
        <p className="text-sm text-amber-900">12306 只提供了掩码证件号，请输入完整证件号码后才能用于购票。</p>
      )}
      <PassengerEditForm passenger={p} />
    </section>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { updatePassengerAction } from '@/lib/passengers/actions';
import type { PassengerEdit } from '@/lib/passengers/service';
import { PassengerForm, type PassengerFormValues } from './passenger-form';

export function PassengerEditForm({ passenger }: { passenger: PassengerEdit }) {
  const router = useRouter();
  async function save(values: PassengerFormValues) {
    const r = await updatePassengerAction({ ...values, id: passenger.id });
    if (!r.ok) return r;
    toast.success('已保存');
    router.push('/passengers');
    router.refresh();
    return { ok: true as const };
  }
  const { id: _id, idComplete: _c, isSelf, source: _s, ticketType, ...rest } = passenger;
  return (
    <PassengerForm
      label="编辑常旅客"
      idPrefix="edit"
      submitLabel="保存"
      selfOnly={isSelf}
      initial={{ ...rest, ticketType: String(ticketType) }}
      onSubmit={save}
      onCancel={() => router.push('/passengers')}
    />
  );
}

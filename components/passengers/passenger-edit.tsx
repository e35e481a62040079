'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { updatePassengerAction } from '@/lib/passengers/actions';
import type { PassengerEdit } from '@/lib/passengers/service';
import { PassengerForm } from './passenger-form';

export function PassengerEditForm({ passenger }: { passenger: PassengerEdit }) {
  const router = useRouter();
  function saved() {
    toast.success('已保存');
    router.push('/passengers');
    router.refresh();
  }
  const { id: _id, idComplete: _c, isSelf, source: _s, ticketType, ...rest } = passenger;
  return (
    <PassengerForm
      label="编辑常用乘客"
      idPrefix="edit"
      submitLabel="保存"
      selfOnly={isSelf}
      initial={{ ...rest, ticketType: String(ticketType) }}
      action={updatePassengerAction}
      hidden={{ id: passenger.id }}
      onDone={saved}
      onCancel={() => router.push('/passengers')}
    />
  );
}

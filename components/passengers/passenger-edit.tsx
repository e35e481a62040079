'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { updatePassengerAction } from '@/lib/passengers/actions';
import type { PassengerEdit } from '@/lib/passengers/service';
import { PassengerForm } from './passenger-form';

export function PassengerEditForm({ passenger }: { passenger: PassengerEdit }) {
  const t = useTranslations('passengers.edit');
  const router = useRouter();
  function saved() {
    toast.success(t('saved'));
    router.push('/passengers');
    router.refresh();
  }
  const { id: _id, idComplete: _c, isSelf, source: _s, ticketType, ...rest } = passenger;
  return (
    <PassengerForm
      label={t('title')}
      idPrefix="edit"
      submitLabel={t('save')}
      selfOnly={isSelf}
      initial={{ ...rest, ticketType: String(ticketType) }}
      action={updatePassengerAction}
      hidden={{ id: passenger.id }}
      onDone={saved}
      onCancel={() => router.push('/passengers')}
    />
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { PassengerForm } from '@/components/passengers/passenger-form';
import { addCustomerPassengerAction } from '@/lib/agency/actions';

/**
 * Adds a passenger to an agency customer with the passenger manager's own form and rules
 * (lib/domain/passenger.ts on both sides): a refused submit keeps everything typed, the server's
 * field errors beside their fields; a saved one empties the form for the next passenger.
 */
export function CustomerPassengerForm({ customerId }: { customerId: string }) {
  const t = useTranslations('agency.passengerForm');
  const router = useRouter();
  const [round, setRound] = useState(0);
  function added(p: { name: string }) {
    toast.success(t('added', { name: p.name }));
    setRound((n) => n + 1);
    router.refresh();
  }
  return (
    <PassengerForm
      key={round}
      label={t('label')}
      idPrefix="cust"
      submitLabel={t('submit')}
      action={addCustomerPassengerAction}
      hidden={{ customerId }}
      onDone={added}
    />
  );
}

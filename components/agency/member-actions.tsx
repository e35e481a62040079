'use client';

import { useTranslations } from 'next-intl';
import { ToastButtons } from '@/components/ui/toast-button';
import { memberStateAction } from '@/lib/agency/actions';

export function MemberActions({ userId, name, suspended }: { userId: string; name: string; suspended: boolean }) {
  const t = useTranslations('agency.members');
  const act = (state: 'suspend' | 'resume' | 'remove', label: string, className: string) => ({
    label,
    className,
    call: () => memberStateAction({ userId, state }),
    success: () => t('updated'),
  });
  return (
    <ToastButtons
      choices={[
        act(
          suspended ? 'resume' : 'suspend',
          suspended ? t('resume', { name }) : t('suspend', { name }),
          'rounded border border-slate-300 px-2 py-1',
        ),
        act('remove', t('remove', { name }), 'rounded border border-red-300 px-2 py-1 text-red-800'),
      ]}
    />
  );
}

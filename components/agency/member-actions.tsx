'use client';

import { ToastButtons } from '@/components/ui/toast-button';
import { memberStateAction } from '@/lib/agency/actions';

export function MemberActions({ userId, name, suspended }: { userId: string; name: string; suspended: boolean }) {
  const act = (state: 'suspend' | 'resume' | 'remove', label: string, className: string) => ({
    label,
    className,
    call: () => memberStateAction({ userId, state }),
    success: () => '已更新',
  });
  return (
    <ToastButtons
      choices={[
        act(
          suspended ? 'resume' : 'suspend',
          suspended ? `恢复 ${name}` : `停用 ${name}`,
          'rounded border border-slate-300 px-2 py-1',
        ),
        act('remove', `移除 ${name}`, 'rounded border border-red-300 px-2 py-1 text-red-800'),
      ]}
    />
  );
}

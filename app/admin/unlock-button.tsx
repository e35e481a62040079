'use client';

import { useTranslations } from 'next-intl';
import { ToastButton } from '@/components/ui/toast-button';
import { unlockUser } from '@/lib/admin/actions';

export function UnlockButton({ userId, until }: { userId: string; until: string }) {
  const t = useTranslations('admin.unlock');
  return (
    <ToastButton
      call={() => unlockUser({ userId })}
      success={() => t('done')}
      className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
    >
      {() => t('button', { until })}
    </ToastButton>
  );
}

'use client';

import { ToastButton } from '@/components/ui/toast-button';
import { unlockUser } from '@/lib/admin/actions';

export function UnlockButton({ userId, until }: { userId: string; until: string }) {
  return (
    <ToastButton
      call={() => unlockUser({ userId })}
      success={() => '已解除锁定'}
      className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
    >
      {() => `锁定至 ${until}，解除`}
    </ToastButton>
  );
}

'use client';

import { useTransition } from 'react';
import { toast } from 'sonner';
import { unlockUser } from '@/lib/admin/actions';

export function UnlockButton({ userId, until }: { userId: string; until: string }) {
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const r = await unlockUser({ userId });
          if (r.ok) toast.success('已解除锁定');
          else toast.error(r.message);
        })
      }
      className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
    >
      锁定至 {until}，解除
    </button>
  );
}

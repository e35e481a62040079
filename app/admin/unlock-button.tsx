'use client';

import { useToastAction } from '@/components/ui/use-toast-action';
import { unlockUser } from '@/lib/admin/actions';

export function UnlockButton({ userId, until }: { userId: string; until: string }) {
  const [pending, run] = useToastAction();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() =>
        run(
          () => unlockUser({ userId }),
          () => '已解除锁定',
        )
      }
      className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
    >
      锁定至 {until}，解除
    </button>
  );
}

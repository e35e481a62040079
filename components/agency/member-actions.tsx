'use client';

import { useToastAction } from '@/components/ui/use-toast-action';
import { memberStateAction } from '@/lib/agency/actions';

export function MemberActions({ userId, name, suspended }: { userId: string; name: string; suspended: boolean }) {
  const [pending, run] = useToastAction();
  const act = (state: 'suspend' | 'resume' | 'remove') =>
    run(
      () => memberStateAction({ userId, state }),
      () => '已更新',
    );
  return (
    <span className="flex gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={() => act(suspended ? 'resume' : 'suspend')}
        className="rounded border border-slate-300 px-2 py-1"
      >
        {suspended ? `恢复 ${name}` : `停用 ${name}`}
      </button>
      <button
        type="button"
        disabled={pending}
        onClick={() => act('remove')}
        className="rounded border border-red-300 px-2 py-1 text-red-800"
      >
        移除 {name}
      </button>
    </span>
  );
}

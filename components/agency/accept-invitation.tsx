'use client';

import { useState, useTransition } from 'react';
import { acceptInvitationAction } from '@/lib/agency/actions';

export function AcceptInvitation({ token }: { token: string }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="flex flex-col gap-2">
      <button
        type="button"
        disabled={pending || state?.ok}
        onClick={() =>
          start(async () => {
            const r = await acceptInvitationAction({ token });
            setState(
              r.ok ? { ok: true, text: '已加入旅行社，可以进入代理工作台了。' } : { ok: false, text: r.message },
            );
          })
        }
        className="self-start rounded bg-brand-600 px-4 py-2 font-medium text-white disabled:opacity-60"
      >
        接受邀请
      </button>
      <p role="status" aria-live="polite" className={state?.ok ? 'text-green-800' : 'text-red-800'}>
        {state?.text}
        {state?.ok && (
          <a href="/agent" className="ml-1 text-brand-700 underline">
            进入代理工作台
          </a>
        )}
      </p>
    </div>
  );
}

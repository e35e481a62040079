'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useTx } from '@/lib/i18n/client';
import { acceptInvitationAction } from '@/lib/agency/actions';

export function AcceptInvitation({ token }: { token: string }) {
  const t = useTranslations('agency.accept');
  const tx = useTx();
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
            setState(r.ok ? { ok: true, text: t('done') } : { ok: false, text: tx(r.message) });
          })
        }
        className="self-start rounded bg-brand-600 px-4 py-2 font-medium text-white disabled:opacity-60"
      >
        {t('submit')}
      </button>
      <p role="status" aria-live="polite" className={state?.ok ? 'text-green-800' : 'text-red-800'}>
        {state?.text}
        {state?.ok && (
          <a href="/agent" className="ml-1 text-brand-700 underline">
            {t('enter')}
          </a>
        )}
      </p>
    </div>
  );
}

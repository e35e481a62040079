'use client';

import { useTranslations } from 'next-intl';
import { StatusPanel } from './status-panel';

/**
 * What app/error.tsx and app/global-error.tsx show: no message or stack (a server error arrives
 * without them in production anyway), only the digest, which names the error in the server's log, for
 * the visitor to quote to support.
 */
export function ErrorPanel({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  const t = useTranslations('layout.errorPanel');
  return (
    <StatusPanel
      title={t('title')}
      actions={
        <button
          type="button"
          onClick={() => retry()}
          className="rounded border border-brand-600 px-3 py-1.5 text-brand-700 hover:bg-brand-50"
        >
          {t('retry')}
        </button>
      }
    >
      <p role="alert">{t('sorry')}</p>
      {digest && <p className="mt-2 text-sm text-slate-500">{t('digest', { digest })}</p>}
    </StatusPanel>
  );
}

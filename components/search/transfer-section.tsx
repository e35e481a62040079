'use client';

import { useTranslations } from 'next-intl';
import dynamic from 'next/dynamic';
import { useState } from 'react';

// The list and its fetch (react-query) load when the section opens, not with the search page.
const TransferList = dynamic(() => import('./transfer-list').then((m) => m.TransferList), {
  ssr: false,
  loading: () => <Finding />,
});

function Finding() {
  const t = useTranslations('search.transfers');
  return (
    <p className="text-sm text-slate-500" role="status">
      {t('finding')}
    </p>
  );
}

/**
 * 中转方案 on the results page: opened at once when the direct trains are sold out or there are none
 * (`autoOpen`), else behind a button. The journeys come from /api/trains/transfers on opening.
 */
export function TransferSection(props: { from: string; to: string; date: string; autoOpen: boolean }) {
  const t = useTranslations('search.transfers');
  const [open, setOpen] = useState(props.autoOpen);
  return (
    <section aria-labelledby="transfers-heading" className="mt-6" data-testid="transfers">
      <div className="flex items-center gap-3">
        <h2 id="transfers-heading" className="text-lg font-semibold">
          {t('heading')}
        </h2>
        {!props.autoOpen && (
          <button
            type="button"
            aria-expanded={open}
            aria-controls="transfer-list"
            onClick={() => setOpen((o) => !o)}
            className="text-sm text-brand-700 underline"
          >
            {open ? t('hide') : t('show')}
          </button>
        )}
      </div>
      {props.autoOpen && <p className="text-sm text-slate-600">{t('autoNote')}</p>}
      {open && (
        <div id="transfer-list" className="mt-2">
          <TransferList {...props} />
        </div>
      )}
    </section>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import dynamic from 'next/dynamic';
import { useState } from 'react';

// The list and its fetch (react-query) load on the first opening, not with the search page.
const StopsTable = dynamic(() => import('./stops-table').then((m) => m.StopsTable), {
  ssr: false,
  loading: () => <Loading />,
});

function Loading() {
  const t = useTranslations('search.stops');
  return <p className="text-sm text-slate-500">{t('loading')}</p>;
}

/** 经停站 on demand: fetched the first time the list is opened. */
export function StopsDisclosure(props: { trainCode: string; trainNo: string; date: string; from: string; to: string }) {
  const t = useTranslations('search.stops');
  const [open, setOpen] = useState(false);
  const id = `stops-${props.trainNo}`;
  return (
    <div className="mt-2">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="text-sm text-brand-700 underline"
      >
        {open ? t('hide') : t('show')}
      </button>
      {open && (
        <div id={id} className="mt-2 overflow-x-auto">
          <StopsTable {...props} />
        </div>
      )}
    </div>
  );
}

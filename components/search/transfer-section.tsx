'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';

// The list and its fetch (react-query) load when the section opens, not with the search page.
const TransferList = dynamic(() => import('./transfer-list').then((m) => m.TransferList), {
  ssr: false,
  loading: () => (
    <p className="text-sm text-slate-500" role="status">
      正在查找中转方案…
    </p>
  ),
});

/**
 * 中转方案 on the results page: opened at once when the direct trains are sold out or there are none
 * (`autoOpen`), else behind a button. The journeys come from /api/trains/transfers on opening.
 */
export function TransferSection(props: { from: string; to: string; date: string; autoOpen: boolean }) {
  const [open, setOpen] = useState(props.autoOpen);
  return (
    <section aria-labelledby="transfers-heading" className="mt-6" data-testid="transfers">
      <div className="flex items-center gap-3">
        <h2 id="transfers-heading" className="text-lg font-semibold">
          中转方案
        </h2>
        {!props.autoOpen && (
          <button
            type="button"
            aria-expanded={open}
            aria-controls="transfer-list"
            onClick={() => setOpen((o) => !o)}
            className="text-sm text-brand-700 underline"
          >
            {open ? '收起中转方案' : '查看中转方案'}
          </button>
        )}
      </div>
      {props.autoOpen && <p className="text-sm text-slate-600">直达车次已售完或没有直达车次，可以考虑中转换乘：</p>}
      {open && (
        <div id="transfer-list" className="mt-2">
          <TransferList {...props} />
        </div>
      )}
    </section>
  );
}

'use client';

import { useEffect, useState } from 'react';
import { useTx } from '@/lib/i18n/client';
import { nightBookingNotice } from '@/lib/domain/night-closure';

/**
 * Before submit, when 12306 is closed for the night or about to close (juhe-train-booking-faq.md §3
 * l.101 "每天23点…关闭,如您在23点左右提交订单,此订单可能要到第二天早上才能处理完成"): when the hold will
 * be processed. Read from the browser's clock after mount (no server/client mismatch) and once a minute.
 */
export function NightNotice() {
  const tx = useTx();
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const read = () => setText(nightBookingNotice(new Date()));
    read();
    const t = setInterval(read, 60_000);
    return () => clearInterval(t);
  }, []);
  if (!text) return null;
  return (
    <p
      role="note"
      data-testid="night-notice"
      className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
    >
      {tx(text)}
    </p>
  );
}

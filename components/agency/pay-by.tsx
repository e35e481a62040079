'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import { Countdown } from '@/components/orders/countdown';

/** A waiting order's pay-by countdown on the workspace (the order page's own), 已超时 once it runs out. */
export function PayBy({ deadline, serverNow }: { deadline: string; serverNow: string }) {
  const t = useTranslations('agency.payBy');
  const [expired, setExpired] = useState(false);
  const onExpire = useCallback(() => setExpired(true), []);
  if (expired) return <span className="font-semibold text-red-800">{t('expired')}</span>;
  return <Countdown deadline={deadline} serverNow={serverNow} onExpire={onExpire} />;
}

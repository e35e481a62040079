'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';

/**
 * Pay-by countdown. The deadline is compared with the SERVER's clock: the offset between server and
 * client time is measured once from `serverNow`, so a refresh or a wrong client clock changes nothing.
 */
export function Countdown({
  deadline,
  serverNow,
  onExpire,
}: {
  deadline: string;
  serverNow: string;
  onExpire: () => void;
}) {
  const t = useTranslations('orders');
  const [offset] = useState(() => Date.parse(serverNow) - Date.now());
  const [left, setLeft] = useState(() => Date.parse(deadline) - (Date.now() + offset));
  useEffect(() => {
    const tick = () => {
      const ms = Date.parse(deadline) - (Date.now() + offset);
      setLeft(ms);
      if (ms <= 0) onExpire();
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [deadline, offset, onExpire]);
  const s = Math.max(0, Math.ceil(left / 1000));
  const text = `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  return (
    <span
      role="timer"
      aria-live="off"
      aria-label={t('countdown.left', { min: Math.floor(s / 60), sec: s % 60 })}
      data-testid="countdown"
      className="font-mono text-xl font-semibold text-red-700"
    >
      {text}
    </span>
  );
}

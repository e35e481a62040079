'use client';

import { useTranslations } from 'next-intl';

export interface BerthCounts {
  lower: number;
  middle: number;
  upper: number;
}

/** 选铺: how many lower / middle / upper berths; produces chooseSleeper ("203" = 2 lower, 0 middle, 3 upper). */
export function formatSleeper(c: BerthCounts): string {
  return `${c.lower}${c.middle}${c.upper}`;
}

export function BerthPicker({
  counts,
  max,
  hasMiddle,
  prices,
  onChange,
}: {
  counts: BerthCounts;
  max: number;
  hasMiddle: boolean;
  prices: Partial<Record<keyof BerthCounts, string>>;
  onChange: (c: BerthCounts) => void;
}) {
  const t = useTranslations('booking');
  const total = counts.lower + counts.middle + counts.upper;
  const kinds: { key: keyof BerthCounts; label: string }[] = [
    { key: 'lower', label: t('berth.lower') },
    ...(hasMiddle ? [{ key: 'middle' as const, label: t('berth.middle') }] : []),
    { key: 'upper', label: t('berth.upper') },
  ];
  return (
    <fieldset className="rounded border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium">{t('berth.legend', { total, max })}</legend>
      <div className="flex flex-wrap gap-4">
        {kinds.map((k) => (
          <div key={k.key} className="flex items-center gap-2">
            <label htmlFor={`berth-${k.key}`} className="text-sm">
              {k.label}
              {prices[k.key] && <span className="ml-1 text-xs text-slate-500">{prices[k.key]}</span>}
            </label>
            <input
              id={`berth-${k.key}`}
              type="number"
              inputMode="numeric"
              min={0}
              max={counts[k.key] + (max - total)}
              value={counts[k.key]}
              onChange={(e) => {
                const v = Math.max(0, Math.min(Number(e.target.value) || 0, counts[k.key] + (max - total)));
                onChange({ ...counts, [k.key]: v });
              }}
              className="w-16 rounded border border-slate-300 px-2 py-1"
            />
          </div>
        ))}
      </div>
    </fieldset>
  );
}

'use client';

import { useTranslations } from 'next-intl';

/**
 * Seat map for 选座 on G/D/C trains: two rows of the class's letters (12306 lets you pick within
 * two rows), as many picks as passengers. Produces chooseSeats such as "1A1B" or "1F2A".
 */
export interface SeatPick {
  row: 1 | 2;
  letter: string;
}

export function formatPicks(picks: SeatPick[]): string {
  return [...picks]
    .sort((a, b) => a.row - b.row || a.letter.localeCompare(b.letter))
    .map((p) => `${p.row}${p.letter}`)
    .join('');
}

export function SeatMap({
  layout,
  picks,
  max,
  onChange,
}: {
  /** Letters left and right of the aisle, e.g. [['A','B','C'],['D','F']]. */
  layout: { left: string[]; right: string[]; windows: string[]; aisles: string[] };
  picks: SeatPick[];
  max: number;
  onChange: (picks: SeatPick[]) => void;
}) {
  const t = useTranslations('booking');
  const isPicked = (row: 1 | 2, letter: string) => picks.some((p) => p.row === row && p.letter === letter);
  function toggle(row: 1 | 2, letter: string) {
    if (isPicked(row, letter)) onChange(picks.filter((p) => !(p.row === row && p.letter === letter)));
    else if (picks.length < max) onChange([...picks, { row, letter }]);
  }
  const seatButton = (row: 1 | 2, letter: string) => {
    const picked = isPicked(row, letter);
    const kind = layout.windows.includes(letter)
      ? t('seatMap.window')
      : layout.aisles.includes(letter)
        ? t('seatMap.aisle')
        : t('seatMap.middle');
    return (
      <button
        key={`${row}${letter}`}
        type="button"
        aria-pressed={picked}
        disabled={!picked && picks.length >= max}
        onClick={() => toggle(row, letter)}
        className={`flex h-10 w-9 flex-col sm:h-11 sm:w-11 items-center justify-center rounded border text-sm font-semibold ${
          picked
            ? 'border-brand-700 bg-brand-600 text-white'
            : 'border-slate-300 bg-white text-slate-800 hover:bg-brand-50'
        } disabled:opacity-40`}
      >
        <span>
          <span className="sr-only">{t('seatMap.rowBefore', { row })}</span>
          {letter}
          <span className="sr-only">{t('seatMap.seatAfter')}</span>
        </span>
        <span className="text-[10px] font-normal">{kind}</span>
      </button>
    );
  };
  return (
    <fieldset className="rounded border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium">{t('seatMap.legend', { count: picks.length, max })}</legend>
      <div className="flex flex-col gap-2">
        {([1, 2] as const).map((row) => (
          <div
            key={row}
            className="flex items-center gap-1 sm:gap-2"
            role="group"
            aria-label={t('seatMap.row', { row })}
          >
            <span className="w-8 text-xs text-slate-600 sm:w-10">{t('seatMap.row', { row })}</span>
            <span className="hidden text-xs text-slate-600 sm:inline" aria-hidden="true">
              {t('seatMap.windowSide')}
            </span>
            {layout.left.map((l) => seatButton(row, l))}
            <span className="w-6 text-center text-xs text-slate-600" aria-hidden="true">
              {t('seatMap.aisle')}
            </span>
            {layout.right.map((l) => seatButton(row, l))}
            <span className="hidden text-xs text-slate-600 sm:inline" aria-hidden="true">
              {t('seatMap.windowSide')}
            </span>
          </div>
        ))}
      </div>
      <p className="mt-2 text-xs text-slate-500">{t('seatMap.note')}</p>
    </fieldset>
  );
}

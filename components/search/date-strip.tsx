'use client';

import { useQueries } from '@tanstack/react-query';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useSyncExternalStore } from 'react';
import { getQueryClient } from '@/components/query-client';
import { PRESALE_DAYS } from '@/lib/domain/rules';
import { SEAT_TYPE, seatTypeName } from '@/lib/domain/seats';
import { dateParts, dayLabel, priceText, saleOpensText, statusText, type CalendarDay } from '@/lib/search/calendar-day';
import { useTx } from '@/lib/i18n/client';
import { addDays } from '@/lib/time';

/** The classes the strip offers (the common ones; the route takes any bookable class). */
const SEAT_OPTIONS = [
  SEAT_TYPE.SECOND,
  SEAT_TYPE.FIRST,
  SEAT_TYPE.BUSINESS,
  SEAT_TYPE.HARD_SEAT,
  SEAT_TYPE.HARD_SLEEPER,
  SEAT_TYPE.SOFT_SLEEPER,
  SEAT_TYPE.EMU_SLEEPER,
].map((seatType) => ({ seatType, name: seatTypeName(seatType) }));

// ---- the class chosen, kept for the tab (a day's link reloads the results page) -------------------
const SEAT_KEY = 'rail.calendarSeat';
const seatListeners = new Set<() => void>();
const subscribeSeat = (onChange: () => void) => {
  seatListeners.add(onChange);
  return () => seatListeners.delete(onChange);
};
const readSeat = (): string => {
  try {
    const v = sessionStorage.getItem(SEAT_KEY) ?? '';
    return SEAT_OPTIONS.some((o) => String(o.seatType) === v) ? v : '';
  } catch {
    return '';
  }
};
function writeSeat(v: string) {
  try {
    sessionStorage.setItem(SEAT_KEY, v);
  } catch {
    // Storage refused (private mode): the choice lasts as long as the page.
  }
  seatListeners.forEach((l) => l());
}

// ---- fetching: a few days at a time, the chosen day and its neighbours first --------------------
const MAX_IN_FLIGHT = 4;
let inFlight = 0;
const waiting: (() => void)[] = [];
async function limited<T>(f: () => Promise<T>): Promise<T> {
  if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  else inFlight++;
  try {
    return await f();
  } finally {
    // Hand the slot to the next waiting day, or give it back.
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  }
}

class CalendarFetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function fetchDay(
  q: { from: string; to: string; date: string; seat: string },
  signal: AbortSignal,
  unavailable: string,
) {
  const params = new URLSearchParams({ from: q.from, to: q.to, date: q.date, ...(q.seat ? { seat: q.seat } : {}) });
  return limited(async () => {
    const res = await fetch(`/api/search/calendar?${params.toString()}`, { signal });
    const body = (await res.json().catch(() => ({}))) as { days?: CalendarDay[]; error?: { message?: string } };
    if (!res.ok || !body.days?.[0]) throw new CalendarFetchError(body.error?.message ?? unavailable, res.status);
    return body.days[0];
  });
}

/** The dates of the window, and the order to fetch them in: the chosen day, then outwards. */
function windowDates(first: string, last: string): string[] {
  return Array.from({ length: PRESALE_DAYS }, (_, i) => addDays(first, i)).filter((d) => d <= last);
}
function nearestFirst(dates: string[], selected: string): string[] {
  const at = Math.max(0, dates.indexOf(selected));
  return [...dates].sort((a, b) => Math.abs(dates.indexOf(a) - at) - Math.abs(dates.indexOf(b) - at));
}

const TONE: Record<CalendarDay['status'], string> = {
  seats: 'text-green-700',
  soldout: 'text-slate-600',
  presale: 'text-amber-800',
  none: 'text-slate-600',
  // i18n-exempt: a CSS class, not a text
  error: 'text-red-700',
};

/**
 * The 15-day availability and price strip (issue 30 "Calendar"): per day of the pre-sale window, 有票 /
 * 无票 / its 起售 time and the lowest fare, in the class chosen (or any). Each day is fetched on its own
 * (GET /api/search/calendar, built on the cached search) after the page is up, so a slow provider
 * delays a day, never the results. On the results page (`link`) a day links to the same search on that
 * day; in the search form (`onPick`) it sets the form's date. Scrolls sideways on a phone, with the
 * chosen day brought into view.
 */
export function DateStrip({
  from,
  to,
  selected,
  window,
  link,
  onPick,
}: {
  from: string;
  to: string;
  selected: string;
  window: { first: string; last: string };
  /** The results page: a day links to `action` with these parameters (the filters) and its date. */
  link?: { action: string; params: Record<string, string> };
  /** The search form: a day sets its date. */
  onPick?: (date: string) => void;
}) {
  const t = useTranslations('search.dateStrip');
  const tx = useTx();
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const labelId = useId();
  const seatId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const seat = useSyncExternalStore(subscribeSeat, readSeat, () => '');
  const seatName = seat ? tx(seatTypeName(Number(seat))) : undefined;
  const dates = windowDates(window.first, window.last);
  const order = nearestFirst(dates, selected);
  const results = useQueries(
    {
      queries: order.map((date) => ({
        queryKey: ['calendar', from, to, seat, date],
        queryFn: ({ signal }: { signal: AbortSignal }) => fetchDay({ from, to, date, seat }, signal, t('unavailable')),
        // The search cache's window: a day asked again within it is the same answer.
        staleTime: 20_000,
        retry: (count: number, e: Error) => !(e instanceof CalendarFetchError && e.status < 500) && count < 1,
      })),
    },
    getQueryClient(),
  );
  const byDate = new Map(order.map((date, i) => [date, results[i]!]));
  const failed = results.filter((r) => r.isError);
  const loading = results.some((r) => r.isPending);
  const presale = dates.flatMap((d) => {
    const day = byDate.get(d)?.data;
    return day?.status === 'presale' ? [day] : [];
  });

  // The chosen day in view, the strip scrolled rather than the page.
  useEffect(() => {
    const list = listRef.current;
    const item = list?.querySelector<HTMLElement>('[data-selected="true"]');
    if (list && item) list.scrollLeft = item.offsetLeft - (list.clientWidth - item.offsetWidth) / 2;
  }, [selected]);

  const Wrapper = link ? 'nav' : 'div';
  return (
    <Wrapper
      aria-labelledby={labelId}
      {...(link ? {} : { role: 'group' })}
      className="rounded-lg bg-white p-1.5 shadow-sm"
      data-testid="date-strip"
    >
      <div className="flex flex-wrap items-center justify-between gap-2 px-1 pb-1">
        <p id={labelId} className="text-xs font-medium text-slate-700">
          {t('title', { days: PRESALE_DAYS })}
        </p>
        <label htmlFor={seatId} className="flex items-center gap-1 text-xs text-slate-700">
          {t('seat')}
          <select
            id={seatId}
            value={seat}
            onChange={(e) => writeSeat(e.target.value)}
            className="rounded border border-slate-300 bg-white px-1 py-0 text-xs"
          >
            <option value="">{t('anySeat')}</option>
            {SEAT_OPTIONS.map((o) => (
              <option key={o.seatType} value={String(o.seatType)}>
                {tx(o.name)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ul
        ref={listRef}
        className="relative flex snap-x gap-1 overflow-x-auto pb-1"
        aria-busy={loading || undefined}
        aria-label={`${tx(from)} → ${tx(to)}`}
      >
        {dates.map((date) => {
          const r = byDate.get(date);
          const isSelected = date === selected;
          return (
            <li key={date} className="shrink-0 snap-start" data-selected={isSelected || undefined}>
              <DayCell
                date={date}
                day={r?.data}
                failed={!!r?.isError}
                seatName={seatName}
                locale={locale}
                selected={isSelected}
                href={
                  link
                    ? `${link.action}?${new URLSearchParams({ ...link.params, from, to, date }).toString()}`
                    : undefined
                }
                onPick={onPick}
              />
            </li>
          );
        })}
      </ul>
      {failed.length > 0 && (
        <p role="status" className="px-1 pt-1 text-xs text-red-700">
          {failed.length === results.length ? t('failedAll') : t('failedSome', { count: failed.length })}
          {failed[0]?.error?.message ? t('failedReason', { message: tx(failed[0].error.message) }) : t('failedEnd')}
          <button
            type="button"
            className="ml-2 text-brand-700 underline"
            onClick={() => failed.forEach((r) => void r.refetch())}
          >
            {t('retry')}
          </button>
        </p>
      )}
      {/* On a phone the day's own 起售 time (and its accessible name) says it; the line would push the
          first train below the first screen. */}
      {presale.map((day) => (
        <p key={day.date} className="hidden px-1 pt-1 text-xs text-amber-800 sm:block">
          {t('presaleLine', { date: dateParts(day.date, locale).date, opens: saleOpensText(day, locale, tx) })}
        </p>
      ))}
    </Wrapper>
  );
}

function DayCell({
  date,
  day,
  failed,
  seatName,
  locale,
  selected,
  href,
  onPick,
}: {
  date: string;
  day: CalendarDay | undefined;
  failed: boolean;
  seatName: string | undefined;
  locale: 'zh' | 'en';
  selected: boolean;
  href: string | undefined;
  onPick: ((date: string) => void) | undefined;
}) {
  const t = useTranslations('search.dateStrip');
  const tx = useTx();
  const parts = dateParts(date, locale);
  const state = failed ? t('cellFailed') : t('cellLoading');
  // The name holds the visible text in its order (axe label-content-name-mismatch), in both languages.
  const label = day ? dayLabel(day, seatName, locale, tx) : `${parts.date} ${parts.weekday} ${state}`;
  const tone = (base: string) => (selected ? 'text-white' : base);
  const body = (
    <>
      {/* The spaces between the stacked lines make the cell's text read "Dec 8 Tue available from ¥553",
          as its name does (axe label-content-name-mismatch compares them in English). */}
      <span className="block text-sm leading-4 font-medium">{parts.date}</span>{' '}
      <span className={`block text-xs leading-4 ${tone('text-slate-600')}`}>{parts.weekday}</span>{' '}
      {day ? (
        <>
          <span className={`block text-xs leading-4 font-medium ${tone(TONE[day.status])}`}>
            {statusText(day, seatName, locale)}
          </span>{' '}
          <span className={`block min-h-4 text-xs leading-4 whitespace-nowrap ${tone('text-slate-700')}`}>
            {priceText(day, locale)}
          </span>
        </>
      ) : failed ? (
        <>
          <span className={`block text-xs leading-4 ${tone('text-red-700')}`}>{t('cellFailed')}</span>
          <span className="block min-h-4" />
        </>
      ) : (
        <span aria-hidden="true" className="block animate-pulse motion-reduce:animate-none" data-testid="day-skeleton">
          <span className="mx-auto mt-0.5 block h-3 w-8 rounded bg-slate-200" />
          <span className="mx-auto mt-1 block h-3 w-10 rounded bg-slate-200" />
        </span>
      )}
    </>
  );
  const className = `block min-w-[4.75rem] rounded border px-1 py-1 text-center ${
    selected
      ? 'border-brand-600 bg-brand-600 text-white'
      : 'border-slate-200 bg-white text-slate-900 hover:border-brand-600 hover:bg-brand-50'
  }`;
  if (href)
    return (
      <Link
        href={href}
        prefetch={false}
        aria-label={label}
        aria-current={selected ? 'date' : undefined}
        className={className}
      >
        {body}
      </Link>
    );
  return (
    <button
      type="button"
      aria-label={label}
      aria-pressed={selected}
      onClick={() => onPick?.(date)}
      className={className}
    >
      {body}
    </button>
  );
}

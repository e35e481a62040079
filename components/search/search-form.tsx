'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useMemo, useState, useSyncExternalStore, useTransition } from 'react';
import { Field, buttonPrimary } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form';
import { PendingButton } from '@/components/ui/pending-button';
import { PRESALE_DAYS } from '@/lib/domain/rules';
import type { FieldErrors } from '@/lib/errors';
import type { ClientFormState } from '@/lib/form';
import { useTx } from '@/lib/i18n/client';
import { DateStrip } from './date-strip';
import { StationCombobox } from './station-combobox';

interface Recent {
  from: string;
  to: string;
}
const RECENT_KEY = 'rail.recentSearches';

function subscribe(onChange: () => void) {
  window.addEventListener('storage', onChange);
  return () => window.removeEventListener('storage', onChange);
}

function parseRecent(raw: string): Recent[] {
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed)
      ? (parsed as Recent[]).filter((r) => typeof r?.from === 'string' && typeof r?.to === 'string').slice(0, 5)
      : [];
  } catch {
    return [];
  }
}

export function SearchForm({
  initial,
  window,
  action = '/search',
  params = {},
  calendar = false,
}: {
  initial: { from: string; to: string; date: string };
  window: { first: string; last: string };
  /** The results page (the agency's booking for a customer has its own) and what it also needs. */
  action?: string;
  params?: Record<string, string>;
  /** Offer the 15-day availability strip for the stations entered (a day sets the date). */
  calendar?: boolean;
}) {
  const t = useTranslations('search.form');
  const tx = useTx();
  const router = useRouter();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [date, setDate] = useState(initial.date);
  // 往返: the outbound and return trains together (app/search/round), booked and paid as one trip.
  const [round, setRound] = useState(false);
  const [back, setBack] = useState(initial.date);
  const [state, setState] = useState<ClientFormState>(null);
  // The stations the calendar was opened for: typing other stations closes it (no lookups per keystroke).
  const [calendarFor, setCalendarFor] = useState<string | null>(null);
  const route = from.trim() && to.trim() && from.trim() !== to.trim() ? `${from.trim()}|${to.trim()}` : null;
  // The search is a navigation that waits on the provider: pending until the results page commits
  // (or its loading.tsx skeleton does), so the button says it is searching at once.
  const [pending, startNavigation] = useTransition();
  const errors = state?.fieldErrors ?? {};
  const rawRecent = useSyncExternalStore(
    subscribe,
    () => localStorage.getItem(RECENT_KEY) ?? '[]',
    () => '[]',
  );
  const recent = useMemo(() => parseRecent(rawRecent), [rawRecent]);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (!from.trim()) errs.from = [t('fromRequired')];
    if (!to.trim()) errs.to = [t('toRequired')];
    if (from.trim() && from.trim() === to.trim()) errs.to = [t('sameStations')];
    if (!date || date < window.first || date > window.last) {
      errs.date = [t('dateWindow', { first: window.first, last: window.last })];
    }
    if (round && (!back || back < date || back > window.last)) errs.back = [t('backWindow', { last: window.last })];
    const invalid = Object.keys(errs).length > 0;
    setState(invalid ? { ok: false, message: t('checkForm'), fieldErrors: errs } : null);
    if (invalid) return;
    const next = [
      { from: from.trim(), to: to.trim() },
      ...recent.filter((r) => r.from !== from.trim() || r.to !== to.trim()),
    ].slice(0, 5);
    localStorage.setItem(RECENT_KEY, JSON.stringify(next));
    const href = round
      ? `/search/round?${new URLSearchParams({ from: from.trim(), to: to.trim(), date, back }).toString()}`
      : `${action}?${new URLSearchParams({ ...params, from: from.trim(), to: to.trim(), date }).toString()}`;
    startNavigation(() => router.push(href));
    // A new search reads from the top, as a page load would: the router keeps the scroll of a page
    // scrolled a little to reach 查询 (at 375 px the form is taller than the first screen), and the first
    // train would start below the fold.
    globalThis.scrollTo?.({ top: 0 });
  }

  return (
    // A GET form to the results page: before hydration it searches as it is; once hydrated it checks first.
    <form
      action={action}
      method="get"
      onSubmit={submit}
      className="flex flex-col gap-4"
      aria-label={t('ariaLabel')}
      aria-busy={pending || undefined}
      noValidate
    >
      {Object.entries(params).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div className="grid grid-cols-1 items-end gap-3 sm:grid-cols-[1fr_auto_1fr]">
        <StationCombobox name="from" label={t('from')} value={from} onChange={setFrom} error={errors.from?.join(' ')} />
        <button
          type="button"
          onClick={() => {
            setFrom(to);
            setTo(from);
          }}
          className="h-10 rounded border border-slate-300 px-3 text-sm text-slate-700 hover:bg-slate-100"
          aria-label={t('swap')}
        >
          ⇄
        </button>
        <StationCombobox name="to" label={t('to')} value={to} onChange={setTo} error={errors.to?.join(' ')} />
      </div>
      <div className="sm:max-w-xs">
        <Field
          id="date"
          name="date"
          label={t('date')}
          type="date"
          min={window.first}
          max={window.last}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          hint={t('dateHint', { first: window.first, last: window.last })}
          errors={errors.date}
        />
      </div>
      {calendar &&
        route &&
        (calendarFor === route ? (
          <DateStrip from={from.trim()} to={to.trim()} selected={date} window={window} onPick={setDate} />
        ) : (
          <button
            type="button"
            onClick={() => setCalendarFor(route)}
            className="self-start text-sm text-brand-700 underline"
          >
            {t('showCalendar', { days: PRESALE_DAYS })}
          </button>
        ))}
      {/* 往返 only where the traveller books for themselves (not on a clerk's page with its own params). */}
      {Object.keys(params).length === 0 && (
        <div className="flex flex-wrap items-end gap-3">
          <label className="inline-flex items-center gap-2 text-sm">
            <input type="checkbox" checked={round} onChange={(e) => setRound(e.target.checked)} />
            {t('round')}
          </label>
          {round && (
            <div className="sm:max-w-xs">
              <Field
                id="back"
                name="back"
                label={t('back')}
                type="date"
                min={date || window.first}
                max={window.last}
                value={back}
                onChange={(e) => setBack(e.target.value)}
                errors={errors.back}
              />
            </div>
          )}
        </div>
      )}
      <FormMessage state={state} className="text-sm" />
      <PendingButton
        type="submit"
        pending={pending}
        pendingLabel={t('searching')}
        className={`${buttonPrimary} sm:self-start`}
      >
        {t('submit')}
      </PendingButton>
      {recent.length > 0 && (
        <div className="text-sm">
          <p id="recent-searches" className="mb-1 text-slate-600">
            {t('recent')}
          </p>
          <ul aria-labelledby="recent-searches" className="flex flex-wrap gap-2">
            {recent.map((r) => (
              <li key={`${r.from}-${r.to}`}>
                <button
                  type="button"
                  className="rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-100"
                  onClick={() => {
                    setFrom(r.from);
                    setTo(r.to);
                  }}
                >
                  {tx(r.from)} → {tx(r.to)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}

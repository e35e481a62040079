'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { buttonPrimary } from '@/components/ui/field';
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
}: {
  initial: { from: string; to: string; date: string };
  window: { first: string; last: string };
}) {
  const router = useRouter();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [date, setDate] = useState(initial.date);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const rawRecent = useSyncExternalStore(
    subscribe,
    () => localStorage.getItem(RECENT_KEY) ?? '[]',
    () => '[]',
  );
  const recent = useMemo(() => parseRecent(rawRecent), [rawRecent]);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!from.trim()) errs.from = '请选择出发站。';
    if (!to.trim()) errs.to = '请选择到达站。';
    if (from.trim() && from.trim() === to.trim()) errs.to = '出发站和到达站不能相同。';
    if (!date || date < window.first || date > window.last) {
      errs.date = `只能购买 ${window.first} 至 ${window.last} 的车票（预售期 15 天）。`;
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const next = [
      { from: from.trim(), to: to.trim() },
      ...recent.filter((r) => r.from !== from.trim() || r.to !== to.trim()),
    ].slice(0, 5);
    localStorage.setItem(RECENT_KEY, JSON.stringify(next));
    router.push(`/search?${new URLSearchParams({ from: from.trim(), to: to.trim(), date }).toString()}`);
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-label="车票查询" noValidate>
      <div className="grid grid-cols-1 items-end gap-3 sm:grid-cols-[1fr_auto_1fr]">
        <StationCombobox name="from" label="出发站" value={from} onChange={setFrom} error={errors.from} />
        <button
          type="button"
          onClick={() => {
            setFrom(to);
            setTo(from);
          }}
          className="h-10 rounded border border-slate-300 px-3 text-sm text-slate-700 hover:bg-slate-100"
          aria-label="交换出发站和到达站"
        >
          ⇄
        </button>
        <StationCombobox name="to" label="到达站" value={to} onChange={setTo} error={errors.to} />
      </div>
      <div className="flex flex-col gap-1 sm:max-w-xs">
        <label htmlFor="date" className="text-sm font-medium text-slate-700">
          出发日期
        </label>
        <input
          id="date"
          name="date"
          type="date"
          min={window.first}
          max={window.last}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          aria-invalid={errors.date ? true : undefined}
          aria-describedby="date-hint"
          className="rounded border border-slate-300 bg-white px-3 py-2"
        />
        <p id="date-hint" className={`text-xs ${errors.date ? 'text-red-700' : 'text-slate-500'}`}>
          {errors.date ?? `可购 ${window.first} 至 ${window.last} 的车票`}
        </p>
      </div>
      <button type="submit" className={`${buttonPrimary} sm:self-start`}>
        查询
      </button>
      {recent.length > 0 && (
        <div className="text-sm">
          <h3 className="mb-1 text-slate-600">最近查询</h3>
          <ul className="flex flex-wrap gap-2">
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
                  {r.from} → {r.to}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}

import { getTranslations } from 'next-intl/server';
import type { Locale } from '@/lib/i18n/config';
import { getTx, requestLocale } from '@/lib/i18n/server';
import { DEPARTURE_WINDOWS, SORTS, type Filters } from '@/lib/search/filters';
import { TRAIN_CLASSES, type TrainOffer } from '@/lib/search/types';

/**
 * Filters as a plain GET form: every choice lands in the URL, works without JavaScript and by
 * keyboard.
 */
export async function ResultFilters({
  all,
  filters,
  query,
  locale,
}: {
  all: TrainOffer[];
  filters: Filters;
  query: { from: string; to: string; date: string };
  /** Given on the cached page (Chinese, no cookies read). */
  locale?: Locale | undefined;
}) {
  const lang = locale ?? (await requestLocale());
  const t = await getTranslations({ locale: lang, namespace: 'search.filters' });
  const tx = await getTx(lang);
  const fromStations = [...new Set(all.map((t) => t.fromStation))];
  const toStations = [...new Set(all.map((t) => t.toStation))];
  const presentClasses = TRAIN_CLASSES.filter((c) => all.some((t) => t.trainClass === c.key));
  return (
    <form
      method="get"
      action="/search"
      className="flex flex-col gap-4 rounded-lg bg-white p-4 text-sm shadow-sm lg:w-60"
      aria-label={t('ariaLabel')}
    >
      <input type="hidden" name="from" value={query.from} />
      <input type="hidden" name="to" value={query.to} />
      <input type="hidden" name="date" value={query.date} />
      <CheckGroup
        legend={t('types')}
        name="types"
        options={presentClasses.map((c) => ({ value: c.key, label: tx(c.label) }))}
        checked={filters.types}
      />
      <CheckGroup
        legend={t('dep')}
        name="dep"
        options={DEPARTURE_WINDOWS.map((w) => ({ value: w.key, label: tx(w.label) }))}
        checked={filters.dep}
      />
      {fromStations.length > 1 && (
        <CheckGroup
          legend={t('fromSt')}
          name="fromSt"
          options={fromStations.map((s) => ({ value: s, label: tx(s) }))}
          checked={filters.fromSt}
        />
      )}
      {toStations.length > 1 && (
        <CheckGroup
          legend={t('toSt')}
          name="toSt"
          options={toStations.map((s) => ({ value: s, label: tx(s) }))}
          checked={filters.toSt}
        />
      )}
      <div className="flex flex-col gap-1">
        <label htmlFor="sort" className="font-medium">
          {t('sort')}
        </label>
        <select
          id="sort"
          name="sort"
          defaultValue={filters.sort}
          className="rounded border border-slate-300 px-2 py-1.5"
        >
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`sorts.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700">
        {t('apply')}
      </button>
    </form>
  );
}

function CheckGroup({
  legend,
  name,
  options,
  checked,
}: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  checked: string[];
}) {
  return (
    <fieldset>
      <legend className="mb-1 font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-3 gap-y-1 lg:flex-col">
        {options.map((o) => (
          <label key={o.value} className="inline-flex items-center gap-1.5">
            <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

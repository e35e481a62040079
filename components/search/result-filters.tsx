import { DEPARTURE_WINDOWS, SORTS, type Filters } from '@/lib/search/filters';
import { TRAIN_CLASSES, type TrainOffer } from '@/lib/search/types';

const SORT_LABEL = { departure: '出发时间', duration: '历时', price: '价格' } as const;

/**
 * Filters as a plain GET form: every choice lands in the URL, works without JavaScript and by
 * keyboard.
 */
export function ResultFilters({
  all,
  filters,
  query,
}: {
  all: TrainOffer[];
  filters: Filters;
  query: { from: string; to: string; date: string };
}) {
  const fromStations = [...new Set(all.map((t) => t.fromStation))];
  const toStations = [...new Set(all.map((t) => t.toStation))];
  const presentClasses = TRAIN_CLASSES.filter((c) => all.some((t) => t.trainClass === c.key));
  return (
    <form
      method="get"
      action="/search"
      className="flex flex-col gap-4 rounded-lg bg-white p-4 text-sm shadow-sm lg:w-60"
      aria-label="筛选与排序"
    >
      <input type="hidden" name="from" value={query.from} />
      <input type="hidden" name="to" value={query.to} />
      <input type="hidden" name="date" value={query.date} />
      <CheckGroup
        legend="车次类型"
        name="types"
        options={presentClasses.map((c) => ({ value: c.key, label: c.label }))}
        checked={filters.types}
      />
      <CheckGroup
        legend="出发时间"
        name="dep"
        options={DEPARTURE_WINDOWS.map((w) => ({ value: w.key, label: w.label }))}
        checked={filters.dep}
      />
      {fromStations.length > 1 && (
        <CheckGroup
          legend="出发车站"
          name="fromSt"
          options={fromStations.map((s) => ({ value: s, label: s }))}
          checked={filters.fromSt}
        />
      )}
      {toStations.length > 1 && (
        <CheckGroup
          legend="到达车站"
          name="toSt"
          options={toStations.map((s) => ({ value: s, label: s }))}
          checked={filters.toSt}
        />
      )}
      <div className="flex flex-col gap-1">
        <label htmlFor="sort" className="font-medium">
          排序
        </label>
        <select
          id="sort"
          name="sort"
          defaultValue={filters.sort}
          className="rounded border border-slate-300 px-2 py-1.5"
        >
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700">
        应用筛选
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

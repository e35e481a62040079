import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { SearchForm } from '@/components/search/search-form';
import { TrainList, type TrainRow } from '@/components/search/train-list';
import { ResultFilters } from '@/components/search/result-filters';
import { MobileDisclosure } from '@/components/search/mobile-disclosure';
import { DateStrip } from '@/components/search/date-strip';
import { FILTER_KEYS } from '@/lib/search/cached-search';
import { TransferSection } from '@/components/search/transfer-section';
import { PRESALE_DAYS } from '@/lib/domain/rules';
import { applyFilters, filterSchema, type Filters } from '@/lib/search/filters';
import { searchTrains, SearchError, type SearchAnswer } from '@/lib/search/search';
import type { TrainOffer } from '@/lib/search/types';
import { placeFromEnglish } from '@/lib/stations';
import { isValidDate, presaleWindow } from '@/lib/time';
import { lowestSeatedClass, SEAT_TYPE } from '@/lib/domain/seats';
import type { Locale } from '@/lib/i18n/config';
import { getTx, requestLocale, type Tx } from '@/lib/i18n/server';

/** Cards in the cached page's HTML (a screenful and more); the browser renders the rest at once. */
const CACHED_PAGE_ROWS = 8;

const querySchema = z.object({
  from: z.string().trim().min(1).max(40),
  to: z.string().trim().min(1).max(40),
  date: z.string().refine(isValidDate),
});

/** What a card needs, nothing more (TrainRow's seats are tuples to keep the payload small). */
export function rowOf(t: TrainOffer): TrainRow {
  return {
    provider: t.provider,
    trainCode: t.trainCode,
    trainNo: t.trainNo,
    fromStation: t.fromStation,
    toStation: t.toStation,
    fromTime: t.fromTime,
    toTime: t.toTime,
    arriveDays: t.arriveDays,
    runMinutes: t.runMinutes,
    seats: t.seats.map((s) => [
      s.seatType,
      s.name,
      s.priceFen,
      s.left,
      s.berths.length > 0,
      s.seatType !== SEAT_TYPE.STANDING,
    ]),
    standingWith: standingWith(t),
  };
}

/**
 * juhe-train-booking-faq.md §7: "无座票存在的唯一意义是:当最低座次票卖完时,用户若选择了该最低座次,出无座票…
 * 所以无法指定购买无座票". The class 无座 comes with (the train's lowest seated class), for the card's note.
 */
function standingWith(t: TrainOffer): string | null {
  const lowest = lowestSeatedClass(t.seats);
  return lowest === null ? null : (t.seats.find((s) => s.seatType === lowest)?.name ?? null);
}

/**
 * The search page for a query (from, to, date and the filters, as strings). Renders the same for
 * every visitor (the header apart) — nothing per user — so app/search/cached can serve it to every
 * signed-out visitor.
 */
export async function SearchView({
  raw,
  cached = false,
  locale,
}: {
  raw: Record<string, string | undefined>;
  /** The shared cached page: the server renders the first cards only (TrainList serverRows). */
  cached?: boolean;
  /**
   * The page's language when the caller knows it: the cached page is Chinese and must not read the
   * request's cookies (lib/search/cached-search.ts); else the request's.
   */
  locale?: Locale;
}) {
  const lang = locale ?? (await requestLocale());
  const t = await getTranslations({ locale: lang, namespace: 'search.results' });
  const tx = await getTx(lang);
  const window = presaleWindow(new Date(), PRESALE_DAYS);
  const parsed = querySchema.safeParse(raw);
  const initial = { from: raw.from ?? '', to: raw.to ?? '', date: raw.date ?? window.first };

  let body: React.ReactNode;
  /** The 15-day strip (issue 30): for a query of the window, whatever the provider answered. */
  let strip: React.ReactNode = null;
  /** A list of trains is shown (not a notice): the form can fold into its summary on a phone. */
  let answered = false;
  if (!parsed.success) {
    body = <Notice>{t('invalidQuery')}</Notice>;
  } else if (parsed.data.date < window.first || parsed.data.date > window.last) {
    body = <Notice>{t('outOfWindow', { date: parsed.data.date, first: window.first, last: window.last })}</Notice>;
  } else {
    // A place typed in English (submitted without picking from the list) searches its Chinese name.
    const { date } = parsed.data;
    const [from, to] = [placeFromEnglish(parsed.data.from), placeFromEnglish(parsed.data.to)];
    const filters = filterSchema.parse(raw);
    strip = (
      <DateStrip
        from={from}
        to={to}
        selected={date}
        window={window}
        link={{ action: '/search', params: filterParams(raw) }}
      />
    );
    const result = await searchTrains(from, to, date).catch((e: unknown) => {
      if (e instanceof SearchError) return e;
      throw e;
    });
    if (result instanceof SearchError) {
      body = <Notice>{tx(result.message)}</Notice>;
    } else {
      answered = true;
      const all = result.offers;
      const shown = applyFilters(all, filters);
      body = (
        <div className="flex flex-col gap-3 sm:gap-4 lg:flex-row">
          {/* Below sm behind a button, so the first train is on a phone's first screen. */}
          <MobileDisclosure
            summary={<FiltersSummary filters={filters} t={t} />}
            action={{ closed: t('expand'), open: t('collapse') }}
            className="lg:w-60 lg:shrink-0"
            testId="filters-toggle"
          >
            <ResultFilters all={all} filters={filters} query={{ from, to, date }} locale={locale} />
          </MobileDisclosure>
          <div className="flex-1">
            <p className="mb-1 text-sm text-slate-600 sm:mb-2" role="status">
              {/* On a phone the folded search summary just above shows the route and date: said, not shown. */}
              <span className="max-sm:sr-only">{t('countRoute', { from: tx(from), to: tx(to), date })}</span>
              {t('countTotal', { total: all.length })}
              {shown.length !== all.length ? t('filtered', { shown: shown.length }) : ''}
            </p>
            {/* One line: English pages say once that times are Beijing time (empty in Chinese). */}
            <div className="mb-1 flex flex-wrap gap-x-2 text-xs text-slate-500 sm:mb-2">
              {t('beijingTime') && <p>{t('beijingTime')}</p>}
              <ProviderNote answer={result} t={t} tx={tx} />
            </div>
            <TrainList
              trains={shown.map(rowOf)}
              date={date}
              serverRows={cached ? CACHED_PAGE_ROWS : undefined}
              moreHref={`/search?${new URLSearchParams({ from, to, date, sort: filters.sort }).toString()}`}
            />
            {/* 中转方案: open at once when no direct train has a seat (lib/search/transfers.ts). */}
            <TransferSection
              from={from}
              to={to}
              date={date}
              autoOpen={all.every((t) => t.seats.every((s) => s.left <= 0))}
            />
          </div>
        </div>
      );
    }
  }

  const queryKey = `${initial.from}|${initial.to}|${initial.date}`;
  const form = (
    <div className="rounded-lg bg-white p-4 shadow-sm">
      <SearchForm key={queryKey} initial={initial} window={window} />
    </div>
  );
  return (
    <section className="flex flex-col gap-3 sm:gap-5">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {answered ? (
        // Below sm, a search with its trains folds into its summary (tap to edit): the trains come first.
        <MobileDisclosure
          key={queryKey}
          summary={
            <>
              <span className="block truncate font-semibold">
                {tx(initial.from)} → {tx(initial.to)}
              </span>
              <span className="block text-sm text-slate-600">{initial.date}</span>
            </>
          }
          action={{ closed: t('editSearch'), open: t('collapse') }}
          testId="search-summary"
        >
          {form}
        </MobileDisclosure>
      ) : (
        form
      )}
      {strip}
      {body}
      <p className="text-sm">
        <Link href="/" className="text-brand-700 underline">
          {t('backHome')}
        </Link>
      </p>
    </section>
  );
}

/** The query's filters as they came (the default order left out: a plain search is the cached page). */
function filterParams(raw: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    FILTER_KEYS.flatMap((k) => (raw[k] && !(k === 'sort' && raw[k] === 'departure') ? [[k, raw[k]]] : [])),
  );
}

/** The filters' button on a phone: how many are applied, so a filtered list does not look short. */
type ResultsT = Awaited<ReturnType<typeof getTranslations<'search.results'>>>;

function FiltersSummary({ filters, t }: { filters: Filters; t: ResultsT }) {
  const applied =
    filters.types.length +
    filters.dep.length +
    filters.fromSt.length +
    filters.toSt.length +
    (filters.sort === 'departure' ? 0 : 1);
  return (
    <span className="font-medium">
      {t('filtersSummary')}
      {applied > 0 && <span className="ml-1 text-sm text-brand-700">{t('filtersApplied', { count: applied })}</span>}
    </span>
  );
}

/** Where the 余票 came from, and which source it switched away from (the page is the same for everyone). */
function ProviderNote({ answer, t, tx }: { answer: SearchAnswer; t: ResultsT; tx: Tx }) {
  const away = answer.failedOver.filter((f, i, all) => all.findIndex((g) => g.provider === f.provider) === i);
  // The providers' labels are lib's Chinese (盘河, 聚合数据): in the page's language.
  const label = tx(answer.label);
  return (
    <p data-testid="search-provider" data-provider={answer.provider}>
      {t('providerFrom', { label })}
      {away.length > 0 && (
        <span className="ml-2 text-amber-800">
          {t('providerSwitched', { away: away.map((f) => tx(f.label)).join(t('listSeparator')), label })}
        </span>
      )}
    </p>
  );
}

function Notice({ children }: { children: React.ReactNode }) {
  return (
    <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900">
      {children}
    </p>
  );
}

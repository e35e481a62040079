/**
 * The cached search page (lib/search/cached-search.ts says which requests are rewritten here): the page
 * of `/search?from&to&date&sort=departure` as a signed-out visitor gets it, kept whole by Next (HTML
 * and RSC payload) and served from its page cache to every signed-out visitor until the results'
 * cacheLife — the search cache's window — runs out or a booking's fresh lookup drops its tag
 * (findOffer). The provider's answer inside comes from the shared search cache (lib/shared-cache.ts),
 * so all instances together make ≤ 1 provider call per window, each instance rendering the page once.
 */
import type { Metadata } from 'next';
import { cacheLife, cacheTag } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { SearchView } from '@/components/search/search-view';
import { PRESALE_DAYS } from '@/lib/domain/rules';
import { searchPageTag } from '@/lib/search/cached-search';
import { SEARCH_CACHE_TTL_MS, searchOffers, SearchError } from '@/lib/search/search';
import { isValidDate, presaleWindow } from '@/lib/time';

// Chinese only (the rewrite skips the English cookie): the locale is given, never read from cookies.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations({ locale: 'zh', namespace: 'search.results' });
  return { title: t('metaTitle') };
}

// One page for every signed-out visitor: request data (cookies, headers) reads as empty here, so the
// header renders signed out, and the page is rendered once and kept rather than per request.
export const dynamic = 'force-static';

type Params = Promise<{ from: string; to: string; date: string }>;

export default async function CachedSearchPage({ params }: { params: Params }) {
  // The rewrite put the names into the path percent-encoded, and a page kept whole gets its params as
  // they are in the path. The names hold no '%' (lib/search/cached-search.ts), so decoding is exact
  // (and changes nothing should Next ever hand them over decoded).
  const p = await params;
  const [from, to, date] = [p.from, p.to, p.date].map((v) => decodeURIComponent(v)) as [string, string, string];
  return <CachedResults from={from} to={to} date={date} />;
}

// Next registers a cached function as a server reference too, which anyone can post arguments to: the
// arguments are checked here like any other input (a station name is at most 40 characters).
const cachedArgs = z.object({
  from: z.string().min(1).max(40),
  to: z.string().min(1).max(40),
  date: z.string().max(10),
});

async function CachedResults(props: { from: string; to: string; date: string }) {
  'use cache';
  const args = cachedArgs.safeParse(props);
  if (!args.success) return null;
  const { from, to, date } = args.data;
  cacheTag(searchPageTag(from, to, date));
  // Results are kept for the search cache's window; a notice (the provider refused or failed) only
  // for a second, so the next visitor asks again. SearchView asks the provider only for a date on sale.
  const window = presaleWindow(new Date(), PRESALE_DAYS);
  const failed =
    isValidDate(date) &&
    date >= window.first &&
    date <= window.last &&
    (await searchOffers(from, to, date).then(
      () => false,
      (e: unknown) => {
        if (e instanceof SearchError) return true;
        throw e;
      },
    ));
  const seconds = failed ? 1 : Math.max(1, Math.round(SEARCH_CACHE_TTL_MS / 1000));
  cacheLife({ stale: seconds, revalidate: seconds, expire: seconds });
  return <SearchView raw={{ from, to, date, sort: 'departure' }} cached locale="zh" />;
}

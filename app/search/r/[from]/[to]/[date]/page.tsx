/**
 * The unfiltered search page of one (from, to, date), rendered once and served from the page cache
 * to everyone: next.config.ts rewrites `/search?from=…&to=…&date=…` (no filter) here. Nothing on
 * it depends on the visitor (the header asks /api/me from the browser). The cached copy lives as long
 * as the search cache window (lib/page-cache-handler.mjs, SEARCH_CACHE_TTL_MS), and a render reads the
 * provider's answer through the shared search cache, so instances together still make ≤ 1 provider
 * call per window.
 */
import type { Metadata } from 'next';
import { SearchView } from '@/components/search/search-view';

export const metadata: Metadata = { title: '查询结果' };

// Cached on first request (no page is built ahead); the handler expires entries at the search
// cache's window, which must not be longer than this.
export const revalidate = 20;
export const dynamicParams = true;
export function generateStaticParams(): { from: string; to: string; date: string }[] {
  return [];
}

type Params = Promise<{ from: string; to: string; date: string }>;

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export default async function CachedSearchPage({ params }: { params: Params }) {
  const p = await params;
  return <SearchView raw={{ from: decode(p.from), to: decode(p.to), date: decode(p.date) }} cached />;
}

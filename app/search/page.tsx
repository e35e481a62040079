import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { SearchView } from '@/components/search/search-view';
import { CACHED_RENDER_HEADER } from '@/lib/search/cached-search';

export const metadata: Metadata = { title: '查询结果' };

type SP = Promise<Record<string, string | string[] | undefined>>;

/** Repeated keys (checkbox groups) become one comma-separated value, as the filters expect. */
function flat(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * Every search renders here; plain signed-out ones are then served from the page cache by
 * app/search/cached/route.ts, which asks for this page with CACHED_RENDER_HEADER.
 */
export default async function SearchPage({ searchParams }: { searchParams: SP }) {
  const sp = await searchParams;
  const cached = (await headers()).get(CACHED_RENDER_HEADER) === '1';
  return <SearchView raw={Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, flat(v)]))} cached={cached} />;
}

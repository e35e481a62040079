import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SearchView } from '@/components/search/search-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('search.results');
  return { title: t('metaTitle') };
}

type SP = Promise<Record<string, string | string[] | undefined>>;

/** Repeated keys (checkbox groups) become one comma-separated value, as the filters expect. */
function flat(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * Searches rendered per request: filtered ones, signed-in visitors' and the router's. Plain signed-out
 * ones go to the cached page instead (lib/search/cached-search.ts).
 */
export default async function SearchPage({ searchParams }: { searchParams: SP }) {
  const sp = await searchParams;
  return <SearchView raw={Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, flat(v)]))} />;
}

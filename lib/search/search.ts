/**
 * 余票 search for the portal: the provider's answer is cached per (from, to, date) for a short
 * window, and concurrent identical searches share one provider call (single-flight) — across every
 * portal instance and the worker, through the search_cache table (lib/shared-cache.ts).
 */
import { env } from '@/lib/env';
import { revalidateTag } from 'next/cache';
import { after } from 'next/server';
import { SharedCache } from '@/lib/shared-cache';
import { searchPageTag } from './cached-search';
import { providerSearch, providerStops, ProviderBusinessError } from './provider';
import type { TrainOffer } from './types';

export const SEARCH_CACHE_TTL_MS = env().SEARCH_CACHE_TTL_MS;

/** Stored as JSON: the instants come back as ISO strings. */
function reviveOffers(json: unknown): TrainOffer[] {
  return (json as (Omit<TrainOffer, 'departAt' | 'arriveAt'> & { departAt: string; arriveAt: string })[]).map((o) => ({
    ...o,
    departAt: new Date(o.departAt),
    arriveAt: new Date(o.arriveAt),
  }));
}

const globalCache = globalThis as unknown as { railSharedSearchCache?: SharedCache<TrainOffer[]> };
export const searchCache = (globalCache.railSharedSearchCache ??= new SharedCache<TrainOffer[]>(
  'search',
  SEARCH_CACHE_TTL_MS,
  reviveOffers,
));

export class SearchError extends Error {}

export async function searchOffers(from: string, to: string, date: string): Promise<TrainOffer[]> {
  try {
    return await searchCache.get(`${from}|${to}|${date}`, () => providerSearch(from, to, date));
  } catch (e) {
    if (e instanceof ProviderBusinessError) throw new SearchError(e.message);
    throw new SearchError('余票查询暂时不可用，请稍后再试。');
  }
}

/** Fresh (uncached) lookup of one train, used when booking so prices and times are current. */
export async function findOffer(
  from: string,
  to: string,
  date: string,
  trainCode: string,
): Promise<TrainOffer | undefined> {
  await searchCache.invalidate(`${from}|${to}|${date}`);
  // …and this instance's cached search page built from it, so the list shows it too: once the request
  // or action is done (Next refuses tag revalidation during a render). Outside a request (the worker,
  // scripts) there is no page cache, and after() throws.
  try {
    after(() => revalidateTag(searchPageTag(from, to, date), { expire: 0 }));
  } catch {
    // Not in a request: nothing cached here.
  }
  const all = await searchOffers(from, to, date);
  // The booking link carries the exact stations (a city search may have returned several).
  return all.find((t) => t.trainCode === trainCode && t.fromStation === from && t.toStation === to);
}

export { providerStops as trainStops };

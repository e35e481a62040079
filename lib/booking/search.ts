/**
 * 余票 search for the portal: the provider's answer is cached per (from, to, date) for a short
 * window, and concurrent identical searches share one provider call (single-flight).
 */
import { SingleFlightCache } from '@/lib/cache';
import { providerSearch, providerStops, ProviderBusinessError } from './provider';
import type { TrainOffer } from './types';

export const SEARCH_CACHE_TTL_MS = Number(process.env.SEARCH_CACHE_TTL_MS ?? 20_000);

const globalCache = globalThis as unknown as { railSearchCache?: SingleFlightCache<TrainOffer[]> };
export const searchCache = (globalCache.railSearchCache ??= new SingleFlightCache<TrainOffer[]>(
  SEARCH_CACHE_TTL_MS,
  2000,
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
  searchCache.invalidate(`${from}|${to}|${date}`);
  const all = await searchOffers(from, to, date);
  // The booking link carries the exact stations (a city search may have returned several).
  return all.find((t) => t.trainCode === trainCode && t.fromStation === from && t.toStation === to);
}

export { providerStops as trainStops };

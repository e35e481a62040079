/**
 * 余票 search for the portal: the routed answer (lib/search/provider.ts: first provider in rotation
 * that answers, with the ones it failed over from) is cached per (from, to, date) for a short window,
 * and concurrent identical searches share one provider call (single-flight) — across every portal
 * instance and the worker, through the search_cache table (lib/shared-cache.ts). The cached value
 * keeps the provider with the answer, so a cached page still says where its 余票 came from.
 */
import { observeSearch } from '@/lib/obs/hooks';
import { env } from '@/lib/env';
import { revalidateTag } from 'next/cache';
import { after } from 'next/server';
import type { TicketProvider } from '@/lib/provider';
import { primaryProvider } from '@/lib/provider/registry';
import { AppError } from '@/lib/errors';
import { SharedCache } from '@/lib/shared-cache';
import { recordSeenTrains } from '@/lib/transfers/index-store';
import { searchPageTag } from './cached-search';
import {
  providerSearch,
  providerStops,
  ProviderBusinessError,
  ProvidersUnavailableError,
  routedSearch,
  type SearchAnswer,
} from './provider';
import type { TrainOffer } from './types';

export type { FailedOver, SearchAnswer } from './provider';

export const SEARCH_CACHE_TTL_MS = env().SEARCH_CACHE_TTL_MS;

type StoredOffer = Omit<TrainOffer, 'departAt' | 'arriveAt' | 'provider'> & {
  departAt: string;
  arriveAt: string;
  provider?: TrainOffer['provider'];
};

/** Stored as JSON: the instants come back as ISO strings. */
function reviveAnswer(json: unknown): SearchAnswer {
  // A row written before answers carried their provider (a bare list; gone within one window).
  const stored = Array.isArray(json)
    ? { provider: primaryProvider().id, label: primaryProvider().label, offers: json as StoredOffer[], failedOver: [] }
    : (json as Omit<SearchAnswer, 'offers'> & { offers: StoredOffer[] });
  return {
    ...stored,
    offers: stored.offers.map((o) => ({
      ...o,
      provider: o.provider ?? stored.provider,
      departAt: new Date(o.departAt),
      arriveAt: new Date(o.arriveAt),
    })),
  };
}

const globalCache = globalThis as unknown as { railSharedSearchAnswers?: SharedCache<SearchAnswer> };
export const searchCache = (globalCache.railSharedSearchAnswers ??= new SharedCache<SearchAnswer>(
  'search',
  SEARCH_CACHE_TTL_MS,
  reviveAnswer,
));

export class SearchError extends Error {}

/** A SearchError with this message: no provider answered (otherwise: the provider refused the query). */
export const UNAVAILABLE = '余票查询暂时不可用，请稍后再试。';

/** The routed, cached 余票 answer with its provider and failovers. */
export async function searchTrains(from: string, to: string, date: string): Promise<SearchAnswer> {
  observeSearch();
  try {
    let fresh: SearchAnswer | undefined;
    const answer = await searchCache.get(
      `${from}|${to}|${date}`,
      async () => (fresh = await routedSearch(from, to, date)),
    );
    // Every provider answer (not a cache hit) feeds the transfer search's timetable index, once the
    // cache's transaction is done (never fails the search).
    if (fresh) await recordSeenTrains(fresh.offers);
    return answer;
  } catch (e) {
    if (e instanceof ProviderBusinessError) throw new SearchError(e.message);
    throw new SearchError(UNAVAILABLE);
  }
}

/** The offers of searchTrains (each carries its provider). */
export async function searchOffers(from: string, to: string, date: string): Promise<TrainOffer[]> {
  return (await searchTrains(from, to, date)).offers;
}

/**
 * Fresh (uncached) lookup of one train, used when booking so prices and times are current. `provider`:
 * the provider whose offer the traveller chose (an order is re-read from, and placed with, it): when
 * the fresh routed answer came from another (it failed over since), that one is asked directly.
 */
export async function findOffer(
  from: string,
  to: string,
  date: string,
  trainCode: string,
  provider?: TicketProvider,
): Promise<TrainOffer | undefined> {
  const match = (t: TrainOffer) => t.trainCode === trainCode && t.fromStation === from && t.toStation === to;
  await searchCache.invalidate(`${from}|${to}|${date}`);
  // …and this instance's cached search page built from it, so the list shows it too: once the request
  // or action is done (Next refuses tag revalidation during a render). Outside a request (the worker,
  // scripts) there is no page cache, and after() throws.
  try {
    after(() => revalidateTag(searchPageTag(from, to, date), { expire: 0 }));
  } catch {
    // Not in a request: nothing cached here.
  }
  const answer = await searchTrains(from, to, date).catch((e: unknown) => {
    // The chosen provider may still answer when the routed search could not.
    if (provider && e instanceof SearchError && e.message === UNAVAILABLE) return null;
    throw e;
  });
  if (answer && (!provider || answer.provider === provider.id)) return answer.offers.find(match);
  try {
    return (await providerSearch(from, to, date, provider)).find(match);
  } catch (e) {
    if (e instanceof ProviderBusinessError) throw new SearchError(e.message);
    throw new SearchError(UNAVAILABLE);
  }
}

/** 经停站 (the API route's): a refusal or no provider answering is a 502 with a message, not a 500. */
export async function trainStops(q: Parameters<typeof providerStops>[0]) {
  try {
    return await providerStops(q);
  } catch (e) {
    if (e instanceof ProviderBusinessError) throw new AppError('upstream', e.message);
    if (e instanceof ProvidersUnavailableError) throw new AppError('upstream', '经停站暂时无法查询，请稍后再试。');
    throw e;
  }
}

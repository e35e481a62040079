import { env } from '@/lib/env';
import { SEARCH_CACHE_TTL_MS } from '@/lib/search/search';

/**
 * How often the engine may search 余票 for one route and date across all grab orders (and how often a
 * grab looks again). Never below the portal's search cache TTL, so each look is a fresh answer.
 */
export const GRAB_SEARCH_INTERVAL_MS = Math.max(env().GRAB_SEARCH_INTERVAL_MS, SEARCH_CACHE_TTL_MS);

/** A train whose 占座 just failed is not tried again by that grab for this long. */
export const GRAB_RETRY_SKIP_MS = env().GRAB_RETRY_SKIP_SECONDS * 1000;

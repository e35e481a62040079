/**
 * Which searches are served from the page cache: a plain search (from, to and date, no filter) is the
 * same page for everyone, so next.config.ts rewrites `/search?from=…&to=…&date=…` to
 * /search/r/<from>/<to>/<date> (app/search/r/…, kept by lib/page-cache-handler.mjs for the search
 * cache's window). The address in the browser stays /search?…; a search with any filter renders per
 * request at /search. A rewrite rather than proxy.ts: the router matches it without running the proxy
 * (whose per-request cost halved the cached page's throughput).
 */

/** The filter parameters of lib/booking/filters.ts filterSchema (a unit test keeps them equal). */
export const FILTER_KEYS = ['types', 'dep', 'fromSt', 'toSt', 'sort'] as const;

// A station or city name as typed: 1–40 characters, none that would change the path.
const place = '[^/\\\\%?#]{1,40}';

export const cachedSearchRewrite = {
  source: '/search',
  has: [
    { type: 'query' as const, key: 'from', value: `(?<from>${place})` },
    { type: 'query' as const, key: 'to', value: `(?<to>${place})` },
    { type: 'query' as const, key: 'date', value: '(?<date>\\d{4}-\\d{2}-\\d{2})' },
  ],
  missing: FILTER_KEYS.map((key) => ({ type: 'query' as const, key })),
  destination: '/search/r/:from/:to/:date',
};

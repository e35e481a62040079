/**
 * Which searches are served from the page cache. A plain search (from, to and date, no filter) by a
 * signed-out visitor is the same page for everyone, so next.config.ts rewrites
 * `/search?from=…&to=…&date=…` to app/search/cached/route.ts, which keeps that page's HTML for the
 * search cache's window. The address stays /search?…; signed-in visitors (their header names them,
 * server-rendered, with or without JavaScript), filtered searches and the router's RSC requests render
 * per request at /search. A rewrite rather than proxy.ts: the router matches it without running the
 * proxy (whose per-request cost halved the cached page's throughput).
 */

/** The filter parameters of lib/search/filters.ts filterSchema (a unit test keeps them equal). */
export const FILTER_KEYS = ['types', 'dep', 'fromSt', 'toSt', 'sort'] as const;

/** next-auth's session cookie (lib/auth/session-cookie.ts), on http and https. */
export const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'] as const;

/** Request header of the route's own render of the page (the page then sends the first cards only). */
export const CACHED_RENDER_HEADER = 'x-search-page-cache';

// A station or city name as typed: 1–40 characters, none that would change the path or query.
const place = '[^/\\\\%?#&]{1,40}';

export const cachedSearchRewrite = {
  source: '/search',
  has: [
    { type: 'query' as const, key: 'from', value: `(?<from>${place})` },
    { type: 'query' as const, key: 'to', value: `(?<to>${place})` },
    { type: 'query' as const, key: 'date', value: '(?<date>\\d{4}-\\d{2}-\\d{2})' },
  ],
  missing: [
    ...FILTER_KEYS.map((key) => ({ type: 'query' as const, key })),
    ...SESSION_COOKIES.map((key) => ({ type: 'cookie' as const, key })),
    // Client-side navigations ask for the RSC payload, not HTML.
    { type: 'header' as const, key: 'rsc' },
    { type: 'header' as const, key: CACHED_RENDER_HEADER },
  ],
  destination: '/search/cached',
};

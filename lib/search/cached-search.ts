/**
 * Which searches are served from Next's page cache. A plain search (from, to and date, no filter) by a
 * signed-out visitor is the same page for everyone, so next.config.ts rewrites
 * `/search?from=…&to=…&date=…` to app/search/cached/[from]/[to]/[date]/page.tsx, a page Next keeps
 * whole (HTML and RSC payload) for the search cache's window: its results are a `'use cache'` component
 * whose cacheLife is that window and whose cacheTag is `searchPageTag`. The address stays /search?…;
 * signed-in visitors (their header names them, server-rendered, with or without JavaScript), filtered
 * searches and the router's RSC requests render per request at /search. A rewrite rather than proxy.ts:
 * the router matches it without running the proxy (whose per-request cost halved the cached page's
 * throughput).
 */
// Relative: next.config.ts loads this file without the @/ alias.
import { LOCALE_COOKIE } from '../i18n/config';

/** The filter parameters of lib/search/filters.ts filterSchema (a unit test keeps them equal). */
export const FILTER_KEYS = ['types', 'dep', 'fromSt', 'toSt', 'sort'] as const;

/** next-auth's session cookie (lib/auth/session-cookie.ts), on http and https. */
export const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'] as const;

// A station or city name as typed: 1–40 characters, none that would change the path or query (it
// becomes a path segment of the destination: no '/', and no '.', so never '..').
const place = '[^/\\\\%?#&.]{1,40}';

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
    // The kept page is the Chinese one (request cookies read as empty in it): an English visitor's
    // search renders per request (lib/i18n/request.ts).
    { type: 'cookie' as const, key: LOCALE_COOKIE, value: 'en' },
    // Client-side navigations ask for the RSC payload, not HTML.
    { type: 'header' as const, key: 'rsc' },
  ],
  destination: '/search/cached/:from/:to/:date',
};

/** The cache tag of one search's cached page. */
export const searchPageTag = (from: string, to: string, date: string) => `search-page:${from}|${to}|${date}`;

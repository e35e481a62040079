/**
 * The cached search page (see lib/search/cached-search.ts for which requests come here): the HTML of
 * `/search?from&to&date&sort=departure` as a signed-out visitor gets it, rendered by this instance's
 * own /search page once per window and then served from memory to every signed-out visitor. The
 * provider's answer inside comes from the shared search cache (lib/shared-cache.ts), so all instances
 * together still make ≤ 1 provider call per window. Kept for SEARCH_CACHE_TTL_MS (as the search
 * cache), at most 500 pages; a booking's fresh lookup of a search drops its page (findOffer).
 */
import type { NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { CACHED_RENDER_HEADER } from '@/lib/search/cached-search';
import { SEARCH_CACHE_TTL_MS } from '@/lib/search/search';

export const dynamic = 'force-dynamic';

interface Page {
  status: number;
  /** The HTML encoded once: each response sends these bytes as they are. */
  body: Uint8Array;
  at: number;
}
const MAX_PAGES = 500;
const store = globalThis as unknown as {
  railSearchPages?: Map<string, Page>;
  railSearchPagesLoading?: Map<string, Promise<Page>>;
  railSearchPageInvalidate?: (from: string, to: string, date: string) => void;
};
const pages = (store.railSearchPages ??= new Map<string, Page>());
const loading = (store.railSearchPagesLoading ??= new Map<string, Promise<Page>>());
store.railSearchPageInvalidate = (from, to, date) => void pages.delete(`${from}|${to}|${date}`);

/** Renders the page once for every visitor waiting on it, and keeps it if it has results. */
async function render(key: string, origin: string, query: string): Promise<Page> {
  const res = await fetch(`${origin}/search?${query}`, { headers: { [CACHED_RENDER_HEADER]: '1' }, cache: 'no-store' });
  const html = await res.text();
  const page = { status: res.status, body: new TextEncoder().encode(html), at: Date.now() };
  // Only a page with results is kept (an error notice is rendered again next time).
  if (page.status === 200 && !html.includes('role="alert"')) {
    pages.delete(key);
    pages.set(key, page);
    for (const old of pages.keys()) {
      if (pages.size <= MAX_PAGES) break;
      pages.delete(old);
    }
  }
  return page;
}

export async function GET(req: NextRequest): Promise<Response> {
  const sp = req.nextUrl.searchParams;
  const [from, to, date] = [sp.get('from') ?? '', sp.get('to') ?? '', sp.get('date') ?? ''];
  const key = `${from}|${to}|${date}`;
  let page = pages.get(key);
  if (!page || Date.now() - page.at >= SEARCH_CACHE_TTL_MS) {
    let pending = loading.get(key);
    if (!pending) {
      // This instance's own server, whatever address the visitor used.
      const origin = `http://127.0.0.1:${env().PORT}`;
      pending = render(key, origin, new URLSearchParams({ from, to, date, sort: 'departure' }).toString()).finally(() =>
        loading.delete(key),
      );
      loading.set(key, pending);
    }
    try {
      page = await pending;
    } catch {
      // This instance cannot reach itself (an unusual proxy setup): the visitor gets the same page
      // rendered for the request instead.
      const direct = new URL(
        `/search?${new URLSearchParams({ from, to, date, sort: 'departure' }).toString()}`,
        req.url,
      );
      return Response.redirect(direct, 307);
    }
  }
  // Next drops content-length and content-encoding from a route handler's response (send-response.js
  // FORBIDDEN_HEADERS) and gzips per response when the browser asks: a stored gzip copy cannot be sent
  // from here.
  return new Response(page.body as Uint8Array<ArrayBuffer>, {
    status: page.status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
    },
  });
}

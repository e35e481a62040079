/**
 * Next's incremental (page) cache, as next.config.ts `cacheHandler`. Everything but the cached search
 * pages goes to Next's own file-system cache unchanged. Cached search pages (/search/r/…, see
 * app/search/r/[from]/[to]/[date]/page.tsx) are kept in memory only:
 * - expired exactly at the search cache's window (SEARCH_CACHE_TTL_MS, default 20 s): an older copy is
 *   a miss and the next request renders afresh (no stale-while-revalidate), so a page is never older
 *   than the provider answer the search cache would serve;
 * - bounded (the oldest of more than 500 pages dropped), so arbitrary query strings cannot fill the
 *   disk;
 * - dropped at once when a booking re-reads that search fresh (lib/booking/search.ts findOffer calls
 *   globalThis.railSearchPageInvalidate).
 * Plain JavaScript: Next imports it at run time, outside the app bundle.
 */
import FileSystemCacheModule from 'next/dist/server/lib/incremental-cache/file-system-cache.js';

const FileSystemCache = FileSystemCacheModule.default ?? FileSystemCacheModule;
const MAX_PAGES = 500;
const PREFIX = '/search/r/';
const ttlMs = () => Number(process.env.SEARCH_CACHE_TTL_MS ?? 20_000);

/** @type {Map<string, { value: unknown; lastModified: number }>} */
const pages = (globalThis.railSearchPages ??= new Map());

/** Drops the cached page of one search (all its key spellings). */
globalThis.railSearchPageInvalidate = (from, to, date) => {
  const suffix = [from, to, date].map(encodeURIComponent).join('/');
  const plain = [from, to, date].join('/');
  for (const key of pages.keys()) {
    if (key.endsWith(suffix) || key.endsWith(plain)) pages.delete(key);
  }
};

const isSearchPage = (key) => typeof key === 'string' && key.startsWith(PREFIX);

export default class PageCacheHandler extends FileSystemCache {
  async get(key, ...rest) {
    if (!isSearchPage(key)) return super.get(key, ...rest);
    const hit = pages.get(key);
    if (!hit) return null;
    if (Date.now() - hit.lastModified >= ttlMs()) {
      pages.delete(key);
      return null;
    }
    return hit;
  }

  async set(key, data, ...rest) {
    if (!isSearchPage(key)) return super.set(key, data, ...rest);
    pages.delete(key);
    if (data === null) return;
    pages.set(key, { value: data, lastModified: Date.now() });
    while (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value);
  }
}

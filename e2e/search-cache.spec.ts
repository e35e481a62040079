import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEFAULT_PROVIDER_APP_KEY } from '../protocol/defaults';
import { newTraveller, sandboxUrl, travelDate } from './journeys';
import { isEnglish, L } from './locale';

/** The page's text as a reader sees it: React's text separators and the tags between texts taken out. */
const pageText = (html: string) => html.replaceAll('<!-- -->', '').replace(/<[^>]+>/g, '');

/** The sandbox's count of provider searches so far (tests run one at a time: nothing else moves it). */
async function providerSearches(request: APIRequestContext): Promise<number> {
  const res = await request.get(`${sandboxUrl()}/sandbox/stats`, {
    headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY },
  });
  return ((await res.json()) as Record<string, number>)['/train/search'] ?? 0;
}

/**
 * A signed-out visitor of the page Next keeps: the kept page is the Chinese one, so in the English
 * project a visitor without the English cookie (lib/search/cached-search.ts: an English visitor's
 * search renders per request, as the English test below checks).
 */
async function chineseVisitor(
  playwright: { request: { newContext(o: object): Promise<APIRequestContext> } },
  request: APIRequestContext,
  baseURL: string | undefined,
): Promise<{ request: APIRequestContext; dispose(): Promise<void> }> {
  if (!isEnglish()) return { request, dispose: async () => {} };
  const visitor = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  return { request: visitor, dispose: () => visitor.dispose() };
}

test('a plain signed-out search is kept whole: the next visitor gets the same page without a render or a provider call', async ({
  playwright,
  request: projectRequest,
  baseURL,
}) => {
  const visitor = await chineseVisitor(playwright, projectRequest, baseURL);
  const request = visitor.request;
  try {
    // A pair and day no other test searches, so this test's first request is the page's first render.
    const q = new URLSearchParams({ from: '成都', to: '重庆', date: travelDate(9) }).toString();
    const first = await request.get(`/search?${q}`);
    expect(first.status()).toBe(200);
    const html = await first.text();
    expect(pageText(html)).toMatch(/成都 → 重庆，\d{4}-\d{2}-\d{2}：共 \d+ 趟车次/);
    // No shared cache (a CDN) may keep it: it is the signed-out page.
    expect(first.headers()['cache-control']).toMatch(/^private, no-cache, no-store/);

    const calls = await providerSearches(request);
    const second = await request.get(`/search?${q}`);
    expect(second.headers()['x-nextjs-cache']).toBe('HIT');
    expect(await second.text()).toBe(html);
    expect(await providerSearches(request)).toBe(calls);

    // A filtered search is rendered for its request (from the shared search cache: still no provider call).
    const filtered = await request.get(`/search?${q}&sort=price`);
    expect(filtered.status()).toBe(200);
    expect(filtered.headers()['x-nextjs-cache']).toBeUndefined();
    expect(await providerSearches(request)).toBe(calls);

    if (isEnglish()) {
      // The English visitor never gets the kept Chinese page: the same search is rendered for its
      // request, in English (from the shared search cache: still no provider call).
      const english = await projectRequest.get(`/search?${q}`);
      expect(english.status()).toBe(200);
      expect(english.headers()['x-nextjs-cache']).toBeUndefined();
      expect(english.headers()['cache-control']).toMatch(/^private, no-cache, no-store/);
      expect(pageText(await english.text())).toMatch(/Chengdu → Chongqing, \d{4}-\d{2}-\d{2}: \d+ trains?/);
      expect(await providerSearches(request)).toBe(calls);
    }
  } finally {
    await visitor.dispose();
  }
});

test('the fresh lookup of a booking page drops the kept page of its search', async ({
  page,
  playwright,
  request: projectRequest,
  baseURL,
}) => {
  const visitor = await chineseVisitor(playwright, projectRequest, baseURL);
  const request = visitor.request;
  try {
    // Station names, as the booking link carries them (findOffer drops the page of exactly that search).
    const q = new URLSearchParams({ from: '成都东', to: '重庆北', date: travelDate(9) }).toString();
    await request.get(`/search?${q}`);
    const kept = await request.get(`/search?${q}`);
    expect(kept.headers()['x-nextjs-cache']).toBe('HIT');
    const book = /href="(\/book\?[^"]+)"/.exec(await kept.text())![1]!.replaceAll('&amp;', '&');

    // The traveller books in the project's language: the kept page is dropped all the same.
    await newTraveller(page);
    await page.goto(book);
    await expect(page.getByRole('heading', { name: L('填写订单') })).toBeVisible();
    // Dropped once the booking page's response is done: the next signed-out visitor gets a new render.
    await expect.poll(async () => (await request.get(`/search?${q}`)).headers()['x-nextjs-cache']).not.toBe('HIT');
  } finally {
    await visitor.dispose();
  }
});

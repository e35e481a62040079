import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEFAULT_PROVIDER_APP_KEY } from '../protocol/defaults';
import { newTraveller, SANDBOX, travelDate } from './journeys';

/** The sandbox's count of provider searches so far (tests run one at a time: nothing else moves it). */
async function providerSearches(request: APIRequestContext): Promise<number> {
  const res = await request.get(`${SANDBOX}/sandbox/stats`, { headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY } });
  return ((await res.json()) as Record<string, number>)['/train/search'] ?? 0;
}

test('a plain signed-out search is kept whole: the next visitor gets the same page without a render or a provider call', async ({
  request,
}) => {
  // A pair and day no other test searches, so this test's first request is the page's first render.
  const q = new URLSearchParams({ from: '成都', to: '重庆', date: travelDate(9) }).toString();
  const first = await request.get(`/search?${q}`);
  expect(first.status()).toBe(200);
  const html = await first.text();
  expect(html.replaceAll('<!-- -->', '')).toMatch(/成都 → 重庆，\d{4}-\d{2}-\d{2}：共 \d+ 趟车次/);
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
});

test('the fresh lookup of a booking page drops the kept page of its search', async ({ page, request }) => {
  // Station names, as the booking link carries them (findOffer drops the page of exactly that search).
  const q = new URLSearchParams({ from: '成都东', to: '重庆北', date: travelDate(9) }).toString();
  await request.get(`/search?${q}`);
  const kept = await request.get(`/search?${q}`);
  expect(kept.headers()['x-nextjs-cache']).toBe('HIT');
  const book = /href="(\/book\?[^"]+)"/.exec(await kept.text())![1]!.replaceAll('&amp;', '&');

  await newTraveller(page);
  await page.goto(book);
  await expect(page.getByRole('heading', { name: '填写订单' })).toBeVisible();
  // Dropped once the booking page's response is done: the next signed-out visitor gets a new render.
  await expect.poll(async () => (await request.get(`/search?${q}`)).headers()['x-nextjs-cache']).not.toBe('HIT');
});

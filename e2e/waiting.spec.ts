/**
 * Waiting (issue 29 item 4): with a slow provider (every /train/* answer 4 s late, a sandbox fault)
 * a search says it is searching within 200 ms of the click — the 查询 button turns into a disabled,
 * aria-busy 查询中… or the results' loading skeleton shows — and then the results come. At 1280 px
 * signed in (the page rendered per request, with app/search/(results)/loading.tsx) and at 375 px
 * signed out (the kept page, no skeleton: the button is what shows the wait). The fault is reset after
 * each test, whatever happened.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEFAULT_PROVIDER_APP_KEY } from '../protocol/defaults';
import { newTraveller, sandboxUrl, travelDate } from './journeys';
import { isEnglish, L } from './locale';

const CONTROL = { 'x-app-key': DEFAULT_PROVIDER_APP_KEY };
const LATENCY_MS = 4000;

async function slowProvider(request: APIRequestContext) {
  const res = await request.post(`${sandboxUrl()}/sandbox/faults`, {
    headers: CONTROL,
    data: { latencyMs: LATENCY_MS },
  });
  expect(res.ok()).toBe(true);
  await expect
    .poll(
      async () =>
        (
          (await (await request.get(`${sandboxUrl()}/sandbox/faults`, { headers: CONTROL })).json()) as {
            latencyMs: number;
          }
        ).latencyMs,
    )
    .toBe(LATENCY_MS);
}

// The results' 15-day strip (components/search/date-strip.tsx) searches every day of the route, which
// would leave the date searched below in the search cache before the provider turns slow: this test is
// about the search's own wait, so the strip's requests are refused here.
test.beforeEach(async ({ page }) => {
  await page.route('**/api/search/calendar?**', (route) => route.fulfill({ status: 503, body: '' }));
});

test.afterEach(async ({ request }) => {
  const res = await request.delete(`${sandboxUrl()}/sandbox/faults`, { headers: CONTROL });
  expect(res.ok()).toBe(true);
});

const searchUrl = (days: number) =>
  `/search?${new URLSearchParams({ from: '北京南', to: '上海虹桥', date: travelDate(days) }).toString()}`;

/** The search's pending state: the busy button, or the results' skeleton once the navigation shows it. */
const pendingState = (page: Page) =>
  page
    .getByRole('button', { name: L('查询中…') })
    .and(page.locator('[aria-busy="true"]'))
    .or(page.getByTestId('search-skeleton'))
    .first();

async function slowSearch(page: Page, request: APIRequestContext, days: number) {
  await slowProvider(request);
  await page.getByLabel(L('出发日期')).fill(travelDate(days));
  const started = Date.now();
  await page.getByRole('button', { name: L('查询', 'search.form.submit'), exact: true }).click();
  await expect(pendingState(page)).toBeVisible({ timeout: 200 });
  // Then the results of the new date arrive, and nothing says it is still searching.
  await expect(
    page.getByRole('status').filter({
      hasText: isEnglish() ? new RegExp(`, ${travelDate(days)}: \\d+ trains?\\b`) : `${travelDate(days)}：共`,
    }),
  ).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('list', { name: L('车次列表') })).toBeVisible();
  await expect(page.getByRole('button', { name: L('查询中…') })).toHaveCount(0);
  await expect(page.getByTestId('search-skeleton')).toHaveCount(0);
  // The provider was slow indeed (else the pending state above proved little).
  expect(Date.now() - started).toBeGreaterThanOrEqual(LATENCY_MS - 1000);
}

test('slow provider, 1280 px, signed in: the search shows its pending state within 200 ms, then the results', async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await newTraveller(page);
  await page.goto(searchUrl(1));
  await expect(page.getByRole('list', { name: L('车次列表') })).toBeVisible();
  // Hydrated (the autocomplete replaces the plain input then): the search goes through the router.
  await expect(page.getByRole('combobox', { name: L('出发站') })).toBeVisible();
  await slowSearch(page, request, 10);
});

test('slow provider, 375 px, signed out: the search shows its pending state within 200 ms, then the results', async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(searchUrl(1));
  await expect(page.getByRole('list', { name: L('车次列表') })).toBeVisible();
  // Hydrated (the autocomplete, folded with the form, has replaced the plain input): the summary opens.
  await expect(page.getByRole('combobox', { name: L('出发站'), includeHidden: true })).toHaveCount(1);
  const summary = page.getByTestId('search-summary');
  await summary.click();
  await expect(summary).toHaveAttribute('aria-expanded', 'true');
  await slowSearch(page, request, 11);
});

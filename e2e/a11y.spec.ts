import { expect, test, type Page } from '@playwright/test';
import { DEMO, signIn } from './helpers';
import { axe, travelDate } from './journeys';

/**
 * Issue 29: axe shows no violation of any impact on every page. The journeys check the pages they pass
 * through (search, results, booking, order, grab, passengers, agency, reconciliation, providers, the
 * callback log); this walks the ones no journey stops at, as the demo users (db/seed.ts) see them.
 */
async function check(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBeLessThan(500);
  await expect(page.locator('h1').first()).toBeVisible();
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
  await axe(page, path);
}

test('pages no journey checks: the admin area has no axe violations of any impact', async ({ page }) => {
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  for (const path of ['/admin', '/admin/jobs', '/admin/window-refunds', '/admin/agencies']) await check(page, path);
  const agency = page.locator('a[href^="/admin/agencies/"]').first();
  await expect(agency).toBeVisible();
  await check(page, (await agency.getAttribute('href'))!);
});

test("pages no journey checks: the traveller's trips, account and forbidden pages, and the signed-out search", async ({
  page,
}) => {
  // Signed out: the cached search page (lib/search/cached-search.ts) and its 404-free empty form.
  await check(
    page,
    `/search?from=${encodeURIComponent('北京南')}&to=${encodeURIComponent('上海')}&date=${travelDate(3)}`,
  );
  await signIn(page, DEMO.traveller.email, DEMO.traveller.password);
  for (const path of ['/trips', '/passengers/account', '/grab/new', '/forbidden']) await check(page, path);
});

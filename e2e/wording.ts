/**
 * Product wording, not developer wording (issue 29 item 5): no audit or callback code
 * (`order.pay`, `customer.create`, `order.hold`) and no job queue name (`grab-tick`) in a page's
 * visible text. Names kept for support (a tooltip, a closed 技术详情 or 报文) are not visible text.
 */
import { expect, type Page } from '@playwright/test';
import { internalCodesIn } from '../lib/internal-codes';

/** Opens `path`, waits for its page heading, and fails on any internal code in what is shown. */
export async function expectProductWording(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBeLessThan(400);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect(internalCodesIn(await page.locator('body').innerText()), `internal codes on ${path}`).toEqual([]);
}

/**
 * 中转方案 on the results page (lib/search/transfers.ts). 北京南 → 汉中 has no direct train on any day of
 * the sandbox's timetable (2024-06-15, projected): the page opens its transfer journeys by itself. The
 * worker builds the timetable index at start (lib/transfers/crawl.ts; TIMETABLE_CALL_GAP_MS=0 and
 * TIMETABLE_STOPS_PER_RUN=10000 in playwright.config.ts), so the first visit may find it still being
 * built: the page is reloaded until journeys show.
 */
import { expect, test } from '@playwright/test';
import { e2eSql } from './db';
import { addPassenger, axe, newTraveller, person, sandboxUrl, travelDate } from './journeys';
import { isEnglish, L } from './locale';

/** Either answer of the transfer search but journeys: none found, or the index still being built. */
const noJourneys = () =>
  isEnglish()
    ? /No suitable transfer found|Transfer route data is being built/
    : /没有找到合适的中转方案|中转线路数据正在建立/;

test('北京南 → 汉中, without a direct train that day, shows transfer journeys; one is booked for two passengers and paid once', async ({
  page,
}) => {
  test.setTimeout(360_000);
  await newTraveller(page);
  const q = new URLSearchParams({ from: '北京南', to: '汉中', date: travelDate(3) }).toString();
  await page.goto(`/search?${q}`);
  await expect(
    page.getByRole('status').filter({
      hasText: isEnglish() ? new RegExp(`${L('北京南')} → ${L('汉中')}, .*: 0 trains`) : /北京南 → 汉中，.*共 0 趟车次/,
    }),
  ).toBeVisible();
  const section = page.getByTestId('transfers');
  await expect(section.getByRole('heading', { name: L('中转方案') })).toBeVisible();
  // Opened by itself (no direct train): no toggle to press.
  await expect(section.getByRole('button', { name: L('查看中转方案') })).toHaveCount(0);

  const journeys = section.getByTestId('transfer-journey');
  await expect
    .poll(
      async () => {
        await page.reload();
        const answered = journeys.first().or(section.getByText(noJourneys()));
        await answered.waitFor({ timeout: 30_000 });
        return journeys.count();
      },
      { timeout: 270_000, intervals: [5_000] },
    )
    .toBeGreaterThan(0);

  const first = journeys.first();
  await expect(first.getByText(isEnglish() ? 'Leg 1' : '第1程')).toBeVisible();
  await expect(first.getByText(isEnglish() ? 'Leg 2' : '第2程')).toBeVisible();
  await expect(first).toContainText(L('北京南'));
  await expect(first).toContainText(L('汉中'));
  await expect(first.getByTestId('transfer-connection')).toHaveText(
    isEnglish() ? /\(same station\)|^Change stations in the city/ : /同站换乘|同城换乘/,
  );
  await expect(first).toContainText(isEnglish() ? /Total \d+h/ : /全程 \d+小时/);
  const book = first.getByRole('link', { name: new RegExp(`^${L('预订中转')}`) });
  await expect(book).toHaveAttribute('href', /^\/trips\/new\?kind=transfer&leg1=[^&]+&leg2=[^&]+$/);
  const href = new URL((await book.getAttribute('href'))!, 'http://x');
  expect(href.searchParams.get('leg1')).toMatch(/^(panhe|juhe):[A-Z]?\d+:北京南:[^:]+:\d{4}-\d{2}-\d{2}$/);
  expect(href.searchParams.get('leg2')).toMatch(/^(panhe|juhe):[A-Z]?\d+:[^:]+:汉中[^:]*:\d{4}-\d{2}-\d{2}$/);
  await axe(page, 'transfers');

  // Booked as one trip: both legs on one form, two passengers once, held together, paid ONCE.
  await book.click();
  await expect(page).toHaveURL(/\/trips\/new\?kind=transfer&/);
  await expect(page.getByTestId('trip-form-leg-1')).toContainText(L('北京南'));
  await expect(page.getByTestId('trip-form-leg-2')).toContainText(L('汉中'));
  for (const p of [person('中转一'), person('中转二')]) await addPassenger(page, p);
  await page.getByLabel(L('联系人手机号')).fill('13800138000');
  await page.getByRole('button', { name: L('提交订单') }).click();
  await expect(page).toHaveURL(/\/trips\/t\/[0-9a-f-]{36}$/);
  const tripId = /\/trips\/t\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await expect(page.getByTestId('trip-status')).toHaveText(L.server('待支付'), { timeout: 30_000 });
  await expect(page.getByTestId('trip-connection')).toHaveText(
    isEnglish() ? /Same-station transfer|Transfer within the city/ : /换乘/,
  );
  await page.getByRole('button', { name: L('去支付') }).click();
  await expect(page).toHaveURL(new RegExp(`^${sandboxUrl()}/pay/cashier/`));
  // The sandbox gateway's cashier page is Chinese in either project.
  await page.getByRole('button', { name: '确认支付' }).click();
  await expect(page).toHaveURL(new RegExp(`/trips/t/${tripId}`));
  await expect(page.getByTestId('trip-status')).toHaveText(L.server('已出票'), { timeout: 30_000 });
  const sql = e2eSql();
  try {
    const paid =
      await sql`select count(*)::int as n from payments where trip_id = ${tripId} and order_id is null and status = 'paid'`;
    expect(paid[0]!.n).toBe(1);
  } finally {
    await sql.end();
  }
});

test('with direct trains on sale the transfer journeys are behind a toggle', async ({ page }) => {
  const q = new URLSearchParams({ from: '北京南', to: '上海', date: travelDate(3) }).toString();
  await page.goto(`/search?${q}`);
  const section = page.getByTestId('transfers');
  const toggle = section.getByRole('button', { name: L('查看中转方案') });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(section.getByTestId('transfer-journey')).toHaveCount(0);
  await toggle.click();
  await expect(section.getByRole('button', { name: L('收起中转方案') })).toHaveAttribute('aria-expanded', 'true');
  await expect(section.getByTestId('transfer-journey').first().or(section.getByText(noJourneys()))).toBeVisible({
    timeout: 30_000,
  });
});

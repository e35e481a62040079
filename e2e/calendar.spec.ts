/**
 * The 15-day availability and price calendar (issue 30 "Calendar"): on the results page a strip of the
 * pre-sale window, each day with its state and lowest fare, loaded after the page; a day moves the
 * search to that day (same stations, same filters), by mouse and by keyboard; at 375 px the strip
 * scrolls sideways with the chosen day in view and the page does not; from the home page's search
 * form a day sets the date. axe at every impact.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { PRESALE_DAYS } from '../lib/domain/rules';
import { dateParts } from '../lib/search/calendar-day';
import { axe, travelDate } from './journeys';
import { isEnglish, L } from './locale';

/** The strip's name: "15 天余票日历", "15-day availability". */
const STRIP = () => (isEnglish() ? `${PRESALE_DAYS}-day availability` : `${PRESALE_DAYS} 天余票日历`);

/** "12月8日 周二" ("Dec 8 Tue"): how a day's accessible name starts. */
const dayName = (date: string) => {
  const parts = dateParts(date, isEnglish() ? 'en' : 'zh');
  return `${parts.date} ${parts.weekday}`;
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A loaded day: its state, and a fare unless it has no train. */
const loaded = (date: string) =>
  isEnglish()
    ? new RegExp(
        `^${escape(dayName(date))} (available from ¥[\\d.]+|sold out from ¥[\\d.]+|no trains|on sale \\d{2}:\\d{2}( from ¥[\\d.]+)?; on sale [A-Z][a-z]{2} \\d{1,2} \\d{2}:\\d{2} \\(.+\\))$`,
      )
    : new RegExp(
        `^${escape(dayName(date))} (有票 ¥[\\d.]+起|无票 ¥[\\d.]+起|无车次|\\d{2}:\\d{2}起售( ¥[\\d.]+起)?，\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}起售（.+）)$`,
      );

async function expectLoaded(days: Locator) {
  await expect(days).toHaveCount(PRESALE_DAYS);
  await expect(days.getByTestId('day-skeleton')).toHaveCount(0, { timeout: 30_000 });
  for (let i = 0; i < PRESALE_DAYS; i++) await expect(days.nth(i)).toHaveAccessibleName(loaded(travelDate(i)));
}

/** The results' count line of `date`: "北京南 → 上海，2026-12-10：共 …", "Beijing South → Shanghai, 2026-12-10: …". */
const resultsLine = (page: Page, date: string) =>
  page.getByRole('status').filter({ hasText: isEnglish() ? `, ${date}: ` : `${date}：共` });

test('results page: 15 days with their state and fare; a day moves the search there, filters kept; keyboard; axe', async ({
  page,
}) => {
  const date = travelDate(3);
  await page.goto(`/search?${new URLSearchParams({ from: '北京南', to: '上海', date, types: 'G' }).toString()}`);
  await expect(resultsLine(page, date)).toBeVisible();
  const strip = page.getByRole('navigation', { name: STRIP() });
  const days = strip.getByRole('link');
  await expectLoaded(days);
  // G trains 北京南 → 上海 sell on a day in the middle of the window.
  await expect(
    strip.getByRole('link', {
      name: new RegExp(`^${escape(dayName(travelDate(5)))} ${isEnglish() ? 'available from' : '有票'} ¥\\d+`),
    }),
  ).toBeVisible();
  const current = strip.locator('a[aria-current="date"]');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveAccessibleName(new RegExp(`^${escape(dayName(date))} `));
  await axe(page, 'calendar on the results page (1280 px)');

  // Another day by mouse: the address and the results follow, the filter stays.
  const target = travelDate(6);
  await strip.getByRole('link', { name: new RegExp(`^${escape(dayName(target))} `) }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]date=${target}(&|$)`));
  await expect(page).toHaveURL(/[?&]types=G(&|$)/);
  await expect(resultsLine(page, target)).toBeVisible();
  const moved = page.getByRole('navigation', { name: STRIP() });
  await expect(moved.locator('a[aria-current="date"]')).toHaveAccessibleName(
    new RegExp(`^${escape(dayName(target))} `),
  );

  // And by keyboard: focus a day and press Enter.
  const next = travelDate(7);
  await moved.getByRole('link', { name: new RegExp(`^${escape(dayName(next))} `) }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`[?&]date=${next}(&|$)`));
  await expect(resultsLine(page, next)).toBeVisible();
});

test('375 px: the strip scrolls sideways with the chosen day in view, the page does not; axe', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  const last = travelDate(PRESALE_DAYS - 1);
  await page.goto(`/search?${new URLSearchParams({ from: '北京南', to: '上海', date: last }).toString()}`);
  await expect(resultsLine(page, last)).toBeVisible();
  const strip = page.getByRole('navigation', { name: STRIP() });
  await expectLoaded(strip.getByRole('link'));
  // The window's last day is at the far end of the strip: scrolled into view, today's day out of it.
  await expect(strip.locator('a[aria-current="date"]')).toBeInViewport();
  await expect(
    strip.getByRole('link', { name: new RegExp(`^${escape(dayName(travelDate(0)))} `) }),
  ).not.toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  await axe(page, 'calendar on the results page (375 px)');

  const target = travelDate(PRESALE_DAYS - 3);
  await strip.getByRole('link', { name: new RegExp(`^${escape(dayName(target))} `) }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]date=${target}(&|$)`));
  await expect(resultsLine(page, target)).toBeVisible();
  await expect(page.getByRole('navigation', { name: STRIP() }).locator('a[aria-current="date"]')).toBeInViewport();
});

test('search form: the calendar for the stations entered sets the date; the search goes to that day', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('combobox', { name: L('出发站') }).fill('北京南');
  await page
    .getByRole('option', { name: new RegExp(`^${escape(L('北京南'))}`) })
    .first()
    .click();
  await page.getByRole('combobox', { name: L('到达站') }).fill('上海虹桥');
  await page
    .getByRole('option', { name: new RegExp(`^${escape(L('上海虹桥'))}`) })
    .first()
    .click();
  await page
    .getByRole('button', {
      name: isEnglish() ? `Show the ${PRESALE_DAYS}-day availability calendar` : `查看 ${PRESALE_DAYS} 天余票日历`,
    })
    .click();
  const strip = page.getByRole('group', { name: STRIP() });
  await expectLoaded(strip.getByRole('button'));
  await axe(page, 'calendar in the search form');

  const target = travelDate(9);
  const day = strip.getByRole('button', { name: new RegExp(`^${escape(dayName(target))} `) });
  await day.click();
  await expect(day).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel(L('出发日期'))).toHaveValue(target);
  await page.getByRole('button', { name: L('查询', 'search.form.submit'), exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]date=${target}(&|$)`));
  await expect(resultsLine(page, target)).toBeVisible();
});

/**
 * Issue 32, in English (the `english` Playwright project: the English cookie, an en-US browser): a
 * traveller with a passport searches "Beijing" → "Shanghai" by English names, books, pays, receives the
 * ticket and refunds it, with axe on each page; and the language choice follows the account.
 * What the steps look for is the Chinese the suite knows, in English through e2e/locale.ts `L()`.
 */
import { expect, test, type Page } from '@playwright/test';
import { signUpAndSignIn, uniqueEmail } from './helpers';
import { L } from './locale';
import { axe, passRefundLock, payAndIssue, sandboxClock, searchFromHome, submitBooking, travelDate } from './journeys';

test.describe.configure({ mode: 'serial' });

/** No Chinese in the page's own text, but for the Chinese station names shown beside the English ones. */
async function chineseOutsideStationNames(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.querySelector('main') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim() ?? '';
      if (!/\p{Script=Han}/u.test(text)) continue;
      if ((n.parentElement?.closest('[lang]')?.getAttribute('lang') ?? '').startsWith('zh')) continue;
      out.push(text);
    }
    return out;
  });
}

test('a passport holder books Beijing → Shanghai, pays, gets the ticket and refunds it, all in English', async ({
  page,
  request,
}) => {
  const passportNo = `E${String(Date.now()).slice(-8)}`;
  await signUpAndSignIn(page, uniqueEmail('english'), 'Passport-Traveller-7', 'John');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(
    page.getByRole('navigation', { name: L('主导航') }).getByRole('link', { name: L('车票查询', 'nav.search') }),
  ).toBeVisible();

  await searchFromHome(page, ['Beijing South', /^Beijing South/], ['Shanghai', /^Shanghai \(all/], travelDate(3));
  const g1 = page.getByRole('listitem', { name: 'Train G1', exact: true });
  await expect(g1).toContainText(L('北京南'));
  await expect(g1.getByTestId('depart-time')).toHaveText('07:00');
  await expect(page.getByText('Times are Beijing time (UTC+8).').first()).toBeVisible();
  await axe(page, 'results (English)');
  await g1.getByRole('link', { name: `Book G1 ${L('二等座')}` }).click();

  await expect(page.getByRole('heading', { name: L('填写订单') })).toBeVisible();
  const add = page.getByRole('button', { name: L('+ 添加乘客') });
  if (await add.isVisible()) await add.click();
  const form = page.getByRole('form', { name: L('添加乘客') });
  await form.getByLabel(L('证件类型'), { exact: true }).selectOption({ label: L('护照') });
  await form.getByLabel('Name as on passport').fill('John Smith');
  await form.getByLabel('Passport number').fill(passportNo);
  await form.getByLabel(L('出生日期'), { exact: true }).fill('1985-04-12');
  await form.getByLabel(L('性别'), { exact: true }).selectOption({ label: 'Male' });
  await form.getByLabel('Passport expiry date').fill('2031-05-01');
  await form.getByLabel('Nationality').selectOption('GB');
  await form.getByRole('button', { name: L('保存乘客') }).click();
  await expect(page.getByText('John Smith', { exact: true })).toBeVisible();
  await axe(page, 'booking (English)');
  expect(await chineseOutsideStationNames(page)).toEqual([]);
  await submitBooking(page, '13800138000');

  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await payAndIssue(page);
  await axe(page, 'order (English)');
  await expect(page.getByTestId('seat-no')).toHaveCount(1);
  await expect(page.getByText(/^E[0-9A-F]+/).first()).toBeVisible();
  expect(await chineseOutsideStationNames(page)).toEqual([]);

  try {
    await passRefundLock(request, page.url());
    await page.reload();
    await page.getByRole('button', { name: L('退票', 'orders.refund.title'), exact: true }).click();
    const d = page.getByRole('dialog', { name: L('退票', 'orders.refund.title') });
    await expect(d.getByTestId('refund-fee')).toHaveText(/¥[\d.]+/);
    await expect(d.getByRole('checkbox', { name: /John Smith/ })).toBeChecked();
    await axe(page, 'refund dialog (English)');
    await d.getByRole('button', { name: /^Confirm refund/ }).click();
    await expect(d.getByRole('list', { name: L('退票结果') })).toContainText(L.server('已提交退票，等待 12306 处理。'));
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('ticket-status')).toHaveText(L.server('退票成功'), { timeout: 30_000 });
    expect(await chineseOutsideStationNames(page)).toEqual([]);
  } finally {
    await sandboxClock(request, { reset: true });
  }
});

test('the language follows the account: chosen in English, kept at the next sign-in; the switch changes it back', async ({
  page,
  browser,
}) => {
  const email = uniqueEmail('locale');
  const password = 'Locale-Choice-42';
  // Signed up and in on an English page: the account keeps English (it had no choice of its own).
  await signUpAndSignIn(page, email, password, 'Ann');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  const signInFresh = async () => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, locale: 'zh-CN' });
    const p = await context.newPage();
    await p.goto('/signin');
    // A browser without the cookie: the default, Chinese.
    await expect(p.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await p.getByLabel('邮箱').fill(email);
    await p.getByLabel('密码').fill(password);
    await p.getByRole('button', { name: '登录' }).click();
    return { context, p };
  };

  const first = await signInFresh();
  await expect(first.p.locator('html')).toHaveAttribute('lang', 'en');
  await expect(first.p.getByRole('button', { name: 'Sign out' })).toBeVisible();
  // The switch: Chinese now, and for the account.
  await first.p.getByTestId('locale-switch').click();
  await expect(first.p.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(first.p.getByRole('button', { name: '退出登录' })).toBeVisible();
  await first.context.close();

  const second = await signInFresh();
  await expect(second.p.getByRole('button', { name: '退出登录' })).toBeVisible();
  await expect(second.p.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await second.context.close();
});

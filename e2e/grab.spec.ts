import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEFAULT_PROVIDER_APP_KEY } from '../protocol/defaults';
import { shanghaiInstant, toDateTimeLocal } from '../lib/time';
import {
  addPassenger,
  axe,
  newTraveller,
  passRefundLock,
  person,
  portalUrl,
  sandboxUrl,
  sandboxClock,
  searchFromHome,
  travelDate,
} from './journeys';
import { fill, isEnglish, L } from './locale';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The sandbox clock and inventory are shared: these journeys run one after another, each resetting the clock.
test.describe.configure({ mode: 'serial' });
test.beforeEach(async ({ request }) => {
  await sandboxClock(request, { reset: true });
});
test.afterAll(async ({ request }) => {
  await sandboxClock(request, { reset: true });
});

const BUSINESS = 1;
const FIRST = 3;
/** The engine looks at 余票 every GRAB_SEARCH_INTERVAL_MS (20 s here); a grab needs a few looks. */
const ENGINE = { timeout: 90_000 };

async function control(request: APIRequestContext, path: string, data: object) {
  const res = await request.post(`${sandboxUrl()}/sandbox/${path}`, {
    headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY },
    data,
  });
  expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
}

const soldOut = (request: APIRequestContext, date: string, seatType: number) =>
  control(request, 'soldout', { trainCode: 'G1', date, seatType, leave: 0 });

const grabForm = (date: string, seat: number) =>
  `/grab/new?${new URLSearchParams({ train: 'G1', from: '北京南', to: '上海', date, seat: String(seat) }).toString()}`;

const yuan = (text: string | null) => Number(/¥([\d.]+)/.exec(text ?? '')?.[1] ?? Number.NaN);

/** Fills passengers and mobile, submits, and pays the prepayment on the sandbox cashier; back on the grab page. */
async function submitAndPay(page: Page, names: string[], deadline?: string) {
  for (const n of names) await addPassenger(page, person(n));
  if (deadline) await page.getByLabel(L('抢票截止时间（北京时间）')).fill(deadline);
  await page.getByLabel(L('联系人手机号')).fill('13700137002');
  await page.getByRole('button', { name: L('提交抢票单') }).click();
  await expect(page).toHaveURL(/\/trips\/grabs\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('grab-status')).toHaveText(L.server('抢票单已创建'));
  const url = page.url();
  await page.getByRole('button', { name: L('前往收银台支付') }).click();
  await expect(page).toHaveURL(new RegExp(`^${sandboxUrl()}/pay/cashier/`));
  await page.getByRole('button', { name: '确认支付' }).click();
  // Back from the cashier (the gateway adds its payment number to the return link).
  await expect(page).toHaveURL(new RegExp(`^${url.replace(/[.?]/g, '\\$&')}(\\?|$)`));
  return url;
}

test('a grab on a sold-out G train succeeds when a seat frees on the second alternate; the difference comes back; its ticket refunded, it is 已退票 (375 px, axe)', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const date = travelDate(10);
  await soldOut(request, date, BUSINESS);
  await soldOut(request, date, FIRST);
  await newTraveller(page);
  await searchFromHome(
    page,
    ['bjn', new RegExp(`^${esc(L.server('北京南'))}`)],
    ['上海', isEnglish() ? /^Shanghai \(all/ : /^上海（全部/],
    date,
  );
  await page
    .getByRole('link', { name: fill(L('抢票 {code} {seat}'), { code: 'G1', seat: L.server('商务座') }) })
    .click();
  await expect(page).toHaveURL(/\/grab\/new\?/);
  // Second choice: 一等座 of the same train. Chosen and added before the form has hydrated, the choice
  // is lost (the click has no handler yet): again until the list holds it (a repeat is refused as a duplicate).
  const chosen = page.getByRole('list', { name: L('已选备选') });
  await expect(async () => {
    await page.getByLabel(L('备选车次', 'grab.form.pickTrain'), { exact: true }).selectOption('G1');
    await page.getByLabel(L('备选席别'), { exact: true }).selectOption(String(FIRST));
    await page.getByRole('button', { name: L('添加备选') }).click();
    await expect(chosen.getByRole('listitem')).toHaveCount(2, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(chosen.getByRole('listitem').first()).toContainText(`G1 ${L.server('商务座')}`);
  await addPassenger(page, person('抢票甲'));
  // The dearest alternate (商务座) for one passenger.
  const business = yuan(await chosen.getByRole('listitem').first().textContent());
  const first = yuan(await chosen.getByRole('listitem').nth(1).textContent());
  expect(business).toBeGreaterThan(first);
  await expect(page.getByTestId('prepaid')).toHaveText(`¥${business}`);
  await page.setViewportSize({ width: 375, height: 800 });
  await axe(page, 'grab form');
  expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);

  await submitAndPay(page, []);
  await expect(page.getByTestId('grab-status')).toHaveText(L.server('抢票中'), { timeout: 30_000 });
  await expect(
    page.getByRole('list', { name: L('备选车次', 'grab.live.alternatesList') }).getByRole('listitem'),
  ).toHaveCount(2);
  await axe(page, 'grab page');
  expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);

  await control(request, 'release', { trainCode: 'G1', date, seatType: FIRST, count: 1 });
  await expect(page.getByTestId('grab-status')).toHaveText(L.server('抢票成功(出票成功)'), ENGINE);
  const attempts = page.getByRole('list', { name: L('抢票记录') });
  await expect(attempts).toContainText(`${date} G1 ${L.server('一等座')}`);
  await expect(attempts).toContainText(L('出票成功', 'grab.live.outcome.issued'));
  await expect(page.getByTestId('grab-paid')).toHaveText(`¥${business}`);
  // What was prepaid less what the ticket cost.
  await expect(page.getByTestId('grab-refunded')).toHaveText(`¥${Math.round((business - first) * 100) / 100}`, {
    timeout: 30_000,
  });
  const grabUrl = page.url().replace(/\?.*$/, '');
  await page.getByRole('link', { name: L('查看出票订单') }).click();
  await expect(page.getByTestId('order-status')).toHaveText(L.server('出票成功'));

  await page.goto('/trips');
  const grabs = page.getByRole('region', { name: L('抢票单', 'trips.list.grabs') });
  await expect(grabs).toContainText(L.server('抢票成功(出票成功)'));

  // After success the ticket is refunded like any other (past the 5 minutes after issue on the
  // sandbox clock): the grab becomes 已退票, on its page and in My trips.
  await page.goto(grabUrl);
  await page.getByRole('link', { name: L('查看出票订单') }).click();
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}/);
  await passRefundLock(request, page.url());
  await page.getByRole('button', { name: L('退票', 'orders.refund.title'), exact: true }).click();
  const refund = page.getByRole('dialog', { name: L('退票', 'orders.refund.title') });
  await refund.getByRole('button', { name: new RegExp(`^${esc(L('确认退票（{count} 张）').split('{')[0]!)}`) }).click();
  await expect(refund.getByRole('list', { name: L('退票结果') })).toContainText(
    L.server('已提交退票，等待 12306 处理。'),
  );
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('ticket-status')).toHaveText(L.server('退票成功'), { timeout: 30_000 });
  await page.goto(grabUrl);
  await expect(page.getByTestId('grab-status')).toHaveText(L.server('已退票'), { timeout: 30_000 });
  await expect(page.getByTestId('grab-after-sales')).toContainText(L('抢到的车票已全部退票，退款按退票规则原路退回。'));
  await page.goto('/trips');
  await expect(page.getByRole('region', { name: L('抢票单', 'trips.list.grabs') })).toContainText(L.server('已退票'));
});

test('a grab before the pre-sale opens waits in 未到开抢时间 and starts at the sale time', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  // One day past the 15-day pre-sale window: not searchable yet, so the form derives from the last day.
  const date = travelDate(15);
  await newTraveller(page);
  await page.goto(grabForm(date, 4));
  await expect(page.getByText(isEnglish() ? /Not on sale yet for this date/ : /该日期尚未开售/)).toBeVisible();
  await submitAndPay(page, ['预售甲']);
  await expect(page.getByTestId('grab-status')).toHaveText(L.server('未到开抢时间'), { timeout: 30_000 });
  await expect(page.getByTestId('grab-sale-opens')).toContainText(
    isEnglish() ? 'Tickets for the chosen date are not on sale yet' : '所选日期尚未开售',
  );

  // The sandbox's next day, five minutes before 北京南 sells (station.csv: 12:45): the date is the
  // window's last day, listed with the note "12:45起售" and no seats. The grab stays in B and shows
  // the station's sale time.
  const tomorrow = travelDate(1);
  await sandboxClock(request, { setTo: shanghaiInstant(tomorrow, '12:40').toISOString() });
  await expect(page.getByTestId('grab-sale-opens')).toContainText(
    isEnglish() ? `(on sale from ${tomorrow} 12:45)` : `${tomorrow} 12:45 起售`,
    ENGINE,
  );
  await expect(page.getByTestId('grab-status')).toHaveText(L.server('未到开抢时间'));

  // 12:45 on the sandbox clock: 北京南 sells the date and the grab starts.
  await sandboxClock(request, { setTo: shanghaiInstant(tomorrow, '12:45').toISOString() });
  // Grabbing, or already past it (抢票成功).
  const started = [L.server('抢票中'), L.server('抢票成功(出票成功)')].map(esc).join('|');
  await expect(page.getByTestId('grab-status')).toHaveText(new RegExp(`^(${started})$`), ENGINE);
  await expect(page.getByTestId('grab-status')).toHaveText(L.server('抢票成功(出票成功)'), ENGINE);
  await expect(page.getByRole('list', { name: L('抢票记录') })).toContainText(`${date} G1 ${L.server('二等座')}`);
});

test('a grab that gets nothing expires at its deadline and is refunded in full', async ({ page, request }) => {
  test.setTimeout(240_000);
  const date = travelDate(12);
  await soldOut(request, date, BUSINESS);
  await newTraveller(page);
  await page.goto(grabForm(date, BUSINESS));
  // Two minutes from now (Beijing wall clock, minute precision).
  const deadline = toDateTimeLocal(new Date(Date.now() + 2 * 60_000));
  await submitAndPay(page, ['过期甲'], deadline);
  await expect(page.getByTestId('grab-status')).toHaveText(L.server('抢票中'), { timeout: 30_000 });
  const prepaid = await page.getByTestId('grab-prepaid').textContent();
  await expect(page.getByTestId('grab-status')).toHaveText(L.server('已过期'), { timeout: 180_000 });
  await expect(page.getByTestId('grab-refunded')).toHaveText(prepaid!, { timeout: 30_000 });
  await expect(page.getByRole('button', { name: L('取消抢票') })).toHaveCount(0);
});

test('a cancelled grab is refunded and cannot be restarted; another traveller sees nothing of it', async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(120_000);
  const date = travelDate(12);
  await soldOut(request, date, BUSINESS);
  await newTraveller(page);
  await page.goto(grabForm(date, BUSINESS));
  await submitAndPay(page, ['取消甲']);
  await expect(page.getByTestId('grab-status')).toHaveText(L.server('抢票中'), { timeout: 30_000 });
  const prepaid = await page.getByTestId('grab-prepaid').textContent();
  await page.getByRole('button', { name: L('取消抢票') }).click();
  await expect(page.getByTestId('grab-status')).toHaveText(L.server('已取消'));
  await expect(page.getByTestId('grab-refunded')).toHaveText(prepaid!, { timeout: 30_000 });
  // Nothing starts it again: no pay, no cancel, and a reload still says 已取消.
  await page.reload();
  await expect(page.getByTestId('grab-status')).toHaveText(L.server('已取消'));
  await expect(page.getByRole('button', { name: L('前往收银台支付') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: L('取消抢票') })).toHaveCount(0);

  const grabUrl = page.url().replace(/\?.*$/, '');
  const other = await (await browser.newContext({ baseURL: portalUrl() })).newPage();
  await newTraveller(other);
  expect((await other.request.get(grabUrl.replace('/trips/grabs/', '/api/grabs/'))).status()).toBe(404);
  const res = await other.goto(grabUrl);
  expect(res?.status()).toBe(404);
  await other.context().close();
});

test('the form enforces 5 passengers, no student tickets and the 3-hour rule', async ({ page }) => {
  test.setTimeout(120_000);
  const date = travelDate(12);
  await newTraveller(page);
  await page.goto(grabForm(date, 4));
  const submit = page.getByRole('button', { name: L('提交抢票单') });
  for (const n of ['规则甲', '规则乙', '规则丙', '规则丁', '规则戊']) await addPassenger(page, person(n));
  // Five chosen: a sixth cannot be added (it would be chosen at once), and the form says why.
  const add = page.getByRole('button', { name: L('+ 添加乘客') });
  await expect(add).toBeDisabled();
  await expect(add).toHaveAccessibleDescription(fill(L.server('抢票单最多 {max} 位乘客。'), { max: 5 }));
  await expect(submit).toBeEnabled();
  await page.getByRole('checkbox', { name: /规则戊/ }).uncheck();
  await expect(add).toBeEnabled();
  await page.getByRole('checkbox', { name: /规则戊/ }).check();
  await page.getByLabel(fill(L('{name} 的票种'), { name: '规则甲' })).selectOption('3');
  await expect(page.getByRole('alert').filter({ hasText: L.server('抢票单暂不支持学生票和残军票。') })).toBeVisible();
  await expect(submit).toBeDisabled();

  // The 3-hour rule against the browser's clock: two hours before G1 leaves on that date.
  const departs = await page
    .getByLabel(L('备选车次', 'grab.form.pickTrain'), { exact: true })
    .locator('option[value="G1"]')
    .textContent();
  const hhmm = /\d{2}:\d{2}/.exec(departs!)![0];
  await page.clock.install({ time: shanghaiInstant(date, hhmm).getTime() - 2 * 3_600_000 });
  await page.reload();
  await addPassenger(page, person('规则庚'));
  const tooClose = fill(L.server('{train} 距离发车不足 {hours} 小时，不能抢票。'), { train: 'G1', hours: 3 });
  await expect(page.getByRole('alert').filter({ hasText: tooClose })).toBeVisible();
  await expect(submit).toBeDisabled();
});

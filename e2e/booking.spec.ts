import { expect, test } from '@playwright/test';
import { callbackSign } from '../protocol/panhe/sign';
import { DEFAULT_PAYMENT_MERCHANT_ID, DEFAULT_PAYMENT_SECRET_KEY } from '../lib/payments/config';
import { signFields } from '../protocol/payments/sign';
import { DEFAULT_PROVIDER_APP_KEY, DEFAULT_PROVIDER_SECRET_KEY } from '../protocol/defaults';
import { shanghaiInstant } from '../lib/time';
import {
  addPassenger,
  axe,
  newTraveller,
  openBooking,
  payAndIssue,
  placeOrder,
  person,
  portalUrl,
  sandboxUrl,
  searchFromHome,
  submitBooking,
  travelDate,
} from './journeys';
import { isEnglish, L } from './locale';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A text that starts with `text` (in the running project's language). */
const startsWith = (text: string) => new RegExp(`^${escape(text)}`);
/** A city's option in the station list: "上海（全部 3 个车站）", "Shanghai (all 3 stations)". */
const allOf = (city: string) => new RegExp(`^${escape(city)}${isEnglish() ? ' \\(all ' : '（全部'}`);
/** A train's card: "车次 G1", "Train G1". */
const trainCard = (code: string) => `${isEnglish() ? 'Train' : '车次'} ${code}`;
/** A class's book link: "预订 G1 二等座", "Book G1 Second Class". */
const bookLink = (code: string, seat: string) => `${isEnglish() ? 'Book' : '预订'} ${code} ${seat}`;
/** A seat of the seat map: "第1排 A 座", "Row 1 A seat". */
const seatButton = (row: number, letter: string) =>
  isEnglish() ? new RegExp(`Row ${row} ${letter} seat`) : new RegExp(`第${row}排 ${letter} 座`);

// The sandbox clock is shared: these journeys run one after another.
test.describe.configure({ mode: 'serial' });

test('G train: two passengers with seat-map picks end with issued e-tickets', async ({ page }) => {
  await newTraveller(page);
  await searchFromHome(page, ['bjn', startsWith(L('北京南'))], ['上海', allOf(L('上海'))], travelDate(3));
  await axe(page, 'results');
  const g1 = page.getByRole('listitem', { name: trainCard('G1'), exact: true });
  await expect(g1.getByTestId('depart-time')).toHaveText('07:00');
  await expect(g1.getByTestId('arrive-time')).toHaveText('11:29');
  // Issue 26 item 9 (FAQ §7): 无座 is information, never a class to book.
  await expect(g1.getByTestId('standing-info')).toContainText(isEnglish() ? 'Only sold with' : L('不单独出售'));
  await expect(g1.getByRole('link', { name: bookLink('G1', L('无座')) })).toHaveCount(0);
  await g1.getByRole('link', { name: bookLink('G1', L('二等座')) }).click();

  await expect(page.getByRole('heading', { name: L('填写订单') })).toBeVisible();
  // 二等座 is G1's lowest seated class: accepting 无座 is offered for it.
  await expect(
    page.getByLabel(isEnglish() ? `Accept No seat when ${L('二等座')} is sold out` : '二等座售完时接受无座'),
  ).toBeVisible();
  await addPassenger(page, person('张三'));
  await addPassenger(page, person('李四'));
  await page.getByRole('button', { name: seatButton(1, 'A') }).click();
  await page.getByRole('button', { name: seatButton(1, 'B') }).click();
  await expect(page.getByRole('button', { name: seatButton(2, 'C') })).toBeDisabled();
  await page.getByLabel(L('联系人手机号')).fill('13800138000');
  await expect(page.getByTestId('total')).toHaveText('¥1233');
  await axe(page, 'booking');
  await page.getByRole('button', { name: L('提交订单') }).click();

  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('order-status')).toHaveText(
    new RegExp(`${escape(L.server('占位中'))}|${escape(L.server('占位成功'))}`),
  );
  await payAndIssue(page);
  await axe(page, 'order');
  const seats = await page.getByTestId('seat-no').allTextContents();
  expect(seats).toHaveLength(2);
  const seatIn = (letter: string) =>
    isEnglish() ? new RegExp(`^Coach \\d+, seat \\d{2}${letter}$`) : new RegExp(`车厢,\\d{2}${letter}座$`);
  expect(seats.some((s) => seatIn('A').test(s))).toBe(true);
  expect(seats.some((s) => seatIn('B').test(s))).toBe(true);
  for (const t of await page.getByTestId('ticket-no').allTextContents()) expect(t).toMatch(/^E[0-9A-F]+/);
  await expect(
    page.getByText(isEnglish() ? /ID 1101\*{10}\d{3}[\dX]/ : /证件 1101\*{10}\d{3}[\dX]/).first(),
  ).toBeVisible();
  await expect(page.getByText(new RegExp(L('检票口'))).first()).toBeVisible();
});

test('K/T/Z train: a lower-berth pick is honoured', async ({ page }) => {
  await newTraveller(page);
  await searchFromHome(page, ['北京', allOf(L('北京'))], ['上海', allOf(L('上海'))], travelDate(4));
  const sleeperTrain = page.getByRole('listitem', { name: new RegExp(`^${trainCard('[KTZ]\\d+')}$`) }).first();
  const name = (await sleeperTrain.getAttribute('aria-label'))!.replace(trainCard(''), '');
  await sleeperTrain.getByRole('link', { name: bookLink(name, L('硬卧')) }).click();
  await addPassenger(page, person('王五'));
  // 硬卧 is not the lowest seated class: no 接受无座, and the form says why (FAQ §7-8).
  await expect(page.getByTestId('standing-unavailable')).toBeVisible();
  await expect(page.getByLabel(isEnglish() ? /^Accept No seat when .* is sold out$/ : /售完时接受无座/)).toHaveCount(0);
  await page.getByLabel(startsWith(L('下铺'))).fill('1');
  await submitBooking(page, '13900139000');
  await payAndIssue(page);
  await expect(page.getByTestId('seat-no')).toHaveText(
    isEnglish() ? new RegExp(`, no\\. \\d{3}, ${L('下铺')}$`) : /车厢,\d{3}号下铺$/,
  );
});

test('sold out: the hold fails with the reason in plain words, nothing charged', async ({ page, request }) => {
  await newTraveller(page);
  const date = travelDate(5);
  const res = await request.post(`${sandboxUrl()}/sandbox/soldout`, {
    headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY },
    data: { trainCode: 'G1', date, seatType: 1, leave: 1 },
  });
  expect(res.ok()).toBe(true);
  await placeOrder(page, { date, seat: 1, passengers: [person('赵六'), person('钱七')], mobile: '13700137000' });
  await expect(page.getByTestId('order-status')).toHaveText(L.server('占位失败'), { timeout: 30_000 });
  // Issue 29 item 5: the order names its seat class.
  await expect(page.getByTestId('order-seat-type')).toHaveText(L('商务座'));
  // Issue 26 item 3: the plain words (what happened, what to do), the provider's own text beside them.
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: isEnglish() ? 'The selected seat class is sold out' : '所选席别已经售完' }),
  ).toContainText(isEnglish() ? 'Please choose another seat class or train' : '请换一个席别或车次');
  await expect(page.getByTestId('failure-raw')).toContainText('余票不足');
  await expect(page.getByText(isEnglish() ? 'Nothing was charged' : '未产生任何扣款')).toBeVisible();
  await expect(page.getByRole('link', { name: L('去支付') })).toHaveCount(0);
});

test('cancel limit: the third cancel of a day is announced before it is made (juhe dictionary 206)', async ({
  page,
}) => {
  await newTraveller(page);
  const traveller = person('孙八');
  for (let i = 0; i < 3; i += 1) {
    await openBooking(page, travelDate(6 + i), 4);
    if (i === 0) await addPassenger(page, traveller);
    else await page.getByRole('checkbox', { name: new RegExp(traveller.name) }).check();
    await submitBooking(page, '13600136000');
    await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('order-status')).toHaveText(L.server('占位成功'), { timeout: 30_000 });
    if (i === 2) {
      // Two of this passenger's holds were cancelled today: the next cancel is the last one allowed.
      await expect(page.getByTestId('cancel-warning')).toContainText(
        isEnglish() ? "one more reaches 12306's daily limit of 3" : '再取消将达到 12306 每天 3 次的上限',
      );
      break;
    }
    await expect(page.getByTestId('cancel-warning')).toHaveCount(0);
    await page.getByRole('button', { name: L('取消订单') }).click();
    await expect(page.getByTestId('order-status')).toHaveText(new RegExp(L.server('已取消')), { timeout: 30_000 });
  }
});

test('a held, unpaid order offers 去支付 in My trips; once cancelled it does not', async ({ page }) => {
  await newTraveller(page);
  await placeOrder(page, { date: travelDate(9), seat: 4, passengers: [person('吴十一')], mobile: '13600136009' });
  await expect(page.getByTestId('order-status')).toHaveText(L.server('占位成功'), { timeout: 30_000 });
  const orderUrl = page.url();
  await page.goto('/trips');
  const trip = page.getByRole('region', { name: L('即将出行') }).getByRole('listitem');
  await expect(trip.getByTestId('trip-pay')).toContainText(isEnglish() ? 'Please pay by' : '前支付');
  await trip.getByRole('link', { name: isEnglish() ? /^Pay for / : /^去支付/ }).click();
  await expect(page).toHaveURL(`${orderUrl}/pay`);
  await expect(page.getByRole('button', { name: L('前往收银台支付') })).toBeVisible();
  await page.goto(orderUrl);
  await page.getByRole('button', { name: L('取消订单') }).click();
  await expect(page.getByTestId('order-status')).toHaveText(new RegExp(L.server('已取消')), { timeout: 30_000 });
  await page.goto('/trips');
  await expect(page.getByRole('region', { name: L('即将出行') }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByTestId('trip-pay')).toHaveCount(0);
});

test('double submit makes one order; a duplicate and a late callback change nothing', async ({ page, request }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await newTraveller(page);
  await openBooking(page, travelDate(6), 4);
  await addPassenger(page, person('孙八'));
  // The booking page, seat map included, fits a 375 px screen.
  await expect(page.getByRole('button', { name: seatButton(2, 'F') })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  await page.getByLabel(L('联系人手机号')).fill('13600136000');
  // Two clicks in the same task, before React can disable the button.
  await page.getByRole('button', { name: L('提交订单') }).evaluate((b: HTMLButtonElement) => {
    b.click();
    b.click();
  });
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await payAndIssue(page);
  const orderNo = (await page.getByTestId('provider-order-no').textContent())!;

  await page.goto('/trips');
  await expect(page.getByRole('region', { name: L('即将出行') }).getByRole('listitem')).toHaveCount(1);
  await page
    .getByRole('region', { name: L('即将出行') })
    .getByRole('link')
    .click();
  const historyBefore = await page.getByRole('region', { name: L('状态记录') }).textContent();

  const detail = await request.post(`${sandboxUrl()}/train/order/detail`, {
    data: { appKey: DEFAULT_PROVIDER_APP_KEY, orderNo },
  });
  const issued = ((await detail.json()) as { data: Record<string, unknown> }).data;
  const sign = callbackSign(DEFAULT_PROVIDER_SECRET_KEY, orderNo);
  const post = (body: unknown) => request.post(`${portalUrl()}/api/provider/callbacks/order`, { data: body });
  // Duplicate of the issue callback.
  const dup = await post({ ...issued, eventType: 'order.issue', sign });
  expect(await dup.text()).toBe('success');
  // A late hold callback (状态 2) arriving after the tickets were issued.
  const late = await post({ ...issued, orderStatus: 2, orderStatusName: '占位成功', eventType: 'order.hold', sign });
  expect(await late.text()).toBe('success');
  // A forged one is refused.
  const forged = await post({ ...issued, orderStatus: 5, eventType: 'order.cancel', sign: '0'.repeat(32) });
  expect(forged.status()).toBe(401);

  await page.reload();
  await expect(page.getByTestId('order-status')).toHaveText(L.server('出票成功'));
  expect(await page.getByRole('region', { name: L('状态记录') }).textContent()).toBe(historyBefore);
});

test('tampered-but-signed callbacks and forged, replayed or wrong-amount payment notifications change nothing', async ({
  page,
  request,
}) => {
  await newTraveller(page);
  await placeOrder(page, { date: travelDate(8), seat: 4, passengers: [person('冯十')], mobile: '13600136001' });
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await payAndIssue(page);
  const paymentNo = new URL(page.url()).searchParams.get('paymentNo')!;
  expect(paymentNo).toMatch(/^PAY/);
  const orderNo = (await page.getByTestId('provider-order-no').textContent())!;
  const paid = await page.getByTestId('paid-amount').textContent();
  const seats = await page.getByTestId('seat-no').allTextContents();
  const historyBefore = await page.getByRole('region', { name: L('状态记录') }).textContent();

  // Provider callback: the sign covers only the order number, so a body can be altered and still verify.
  const detail = await request.post(`${sandboxUrl()}/train/order/detail`, {
    data: { appKey: DEFAULT_PROVIDER_APP_KEY, orderNo },
  });
  const issued = ((await detail.json()) as { data: Record<string, unknown> & { trainTickets: object[] } }).data;
  const sign = callbackSign(DEFAULT_PROVIDER_SECRET_KEY, orderNo);
  const tampered = await request.post(`${portalUrl()}/api/provider/callbacks/refund`, {
    data: {
      ...issued,
      orderAmount: 716.5,
      trainTickets: issued.trainTickets.map((t) => ({ ...t, ticketStatus: 21, refundTicketAmount: 716.5 })),
      eventType: 'refund',
      sign,
    },
  });
  expect(await tampered.text()).toBe('success');

  // Payment gateway: a replay of the real notification, a forged one, and one signed for another amount.
  const gw = await request.get(`${sandboxUrl()}/sandbox/payments/${paymentNo}`, {
    headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY },
  });
  // The gateway's record of what it sent: the signed fields, sent form-encoded.
  const sent = ((await gw.json()) as { notifications: { body: Record<string, string | number> }[] }).notifications[0]!
    .body;
  const fields: Record<string, string> = Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, String(v)]));
  const real = new URLSearchParams(fields).toString();
  const notify = (body: string) =>
    request.post(`${portalUrl()}/api/payments/notify`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: body,
    });
  const replay = await notify(real);
  expect(await replay.text()).toBe('success');
  const forged = await notify(new URLSearchParams({ ...fields, amountFen: '1' }).toString());
  expect(forged.status()).toBe(401);
  const { sign: _ignored, ...unsigned } = fields;
  const other: Record<string, string> = {
    ...unsigned,
    amountFen: String(Number(fields.amountFen) * 2),
    notifyId: `${fields.notifyId}-x`,
  };
  expect(other.merchantId).toBe(DEFAULT_PAYMENT_MERCHANT_ID);
  const wrongAmount = await notify(
    new URLSearchParams({ ...other, sign: signFields(DEFAULT_PAYMENT_SECRET_KEY, other) }).toString(),
  );
  expect(wrongAmount.status()).toBeLessThan(500);

  await page.reload();
  await expect(page.getByTestId('order-status')).toHaveText(L.server('出票成功'));
  await expect(page.getByTestId('paid-amount')).toHaveText(paid!);
  await expect(page.getByTestId('refunded-amount')).toHaveCount(0);
  expect(await page.getByTestId('seat-no').allTextContents()).toEqual(seats);
  expect(await page.getByRole('region', { name: L('状态记录') }).textContent()).toBe(historyBefore);
});

test('countdown expiry (sandbox clock) leaves the order cancelled and unpayable; other travellers see nothing', async ({
  page,
  request,
  browser,
}) => {
  await newTraveller(page);
  await placeOrder(page, { date: travelDate(7), seat: 3, passengers: [person('周九')], mobile: '13500135000' });
  await expect(page.getByTestId('order-status')).toHaveText(L.server('占位成功'), { timeout: 30_000 });
  const orderUrl = page.url();

  // Another traveller: the page is a 404, the JSON endpoint too, and nothing leaks.
  const other = await browser.newContext({ baseURL: portalUrl() });
  const otherPage = await other.newPage();
  await newTraveller(otherPage);
  const seen = await otherPage.goto(orderUrl);
  expect(seen?.status()).toBe(404);
  const api = await otherPage.request.get(`${orderUrl.replace('/trips/', '/api/orders/')}`);
  expect(api.status()).toBe(404);
  expect(await api.text()).not.toContain('周九');
  await other.close();

  try {
    const moved = await request.post(`${sandboxUrl()}/sandbox/clock`, {
      headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY },
      data: { advanceMinutes: 11 },
    });
    expect(moved.ok()).toBe(true);
    await expect(page.getByTestId('order-status')).toHaveText(new RegExp(L.server('已取消')), { timeout: 30_000 });
    await expect(page.getByRole('link', { name: L('去支付') })).toHaveCount(0);
    await page.goto(`${orderUrl}/pay`);
    await expect(page.getByText(L('该订单当前不能支付。'))).toBeVisible();
  } finally {
    await request.post(`${sandboxUrl()}/sandbox/clock`, {
      headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY },
      data: { reset: true },
    });
  }
});

test('station input before the autocomplete has loaded: what was typed stays, focus and list move to it', async ({
  page,
  request,
}) => {
  // The scripts of the first load are the ones the HTML names; the autocomplete comes after hydration.
  const html = await (await request.get('/')).text();
  const firstLoad = new Set([...html.matchAll(/<script[^>]+src="([^"]+\.js)[^"]*"/g)].map((m) => m[1]!));
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let asked!: () => void;
  const autocompleteAsked = new Promise<void>((r) => (asked = r));
  await page.route('**/_next/static/chunks/*.js', async (route) => {
    if (!firstLoad.has(new URL(route.request().url()).pathname)) {
      asked();
      await held;
    }
    await route.continue();
  });
  await page.goto('/');
  await autocompleteAsked;
  await page.getByRole('textbox', { name: L('出发站') }).fill('VNP');
  await expect(page.getByRole('combobox', { name: L('出发站') })).toHaveCount(0);
  release();
  const from = page.getByRole('combobox', { name: L('出发站') });
  await expect(from).toBeFocused();
  await expect(from).toHaveValue('VNP');
  await expect(page.getByRole('option', { name: startsWith(L('北京南')) })).toBeVisible();
  await from.press('ArrowDown');
  await from.press('Enter');
  await expect(from).toHaveValue('北京南');
});

test('search page: autocomplete by keyboard, filters in the URL, stops on demand, 375 px', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/');
  await axe(page, 'search');
  const from = page.getByRole('combobox', { name: L('出发站') });
  await from.fill('VNP');
  await expect(page.getByRole('option', { name: startsWith(L('北京南')) })).toBeVisible();
  await from.press('ArrowDown');
  await from.press('Enter');
  await expect(from).toHaveValue('北京南');
  await page.getByRole('combobox', { name: L('到达站') }).fill('shanghaihongqiao');
  await page.getByRole('option', { name: startsWith(L('上海虹桥')) }).click();
  await page.getByRole('button', { name: L('交换出发站和到达站') }).click();
  await expect(from).toHaveValue('上海虹桥');
  await page.getByRole('button', { name: L('交换出发站和到达站') }).click();
  await page.getByLabel(L('出发日期')).fill(travelDate(30));
  await page.getByRole('button', { name: L('查询', 'search.form.submit'), exact: true }).click();
  await expect(
    page.getByText(isEnglish() ? /Tickets can only be bought for .* to .*/ : /只能购买 .* 的车票/),
  ).toBeVisible();
  await page.getByLabel(L('出发日期')).fill(travelDate(2));
  await page.getByRole('button', { name: L('查询', 'search.form.submit'), exact: true }).click();
  await expect(page.getByRole('list', { name: L('车次列表') })).toBeVisible();

  // Issue 29 item 3: on a phone the search folds into its summary and the filters behind a button, so
  // the first train is on the first screen, without scrolling.
  const summary = page.getByTestId('search-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText(`${L('北京南')} → ${L('上海虹桥')}`);
  await expect(summary).toContainText(travelDate(2));
  await expect(summary).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('form', { name: L('车票查询', 'search.form.ariaLabel') })).toBeHidden();
  await expect(page.getByRole('form', { name: L('筛选与排序') })).toBeHidden();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const firstCard = page
    .getByRole('list', { name: L('车次列表') })
    .getByRole('listitem')
    .first();
  await expect(firstCard).toBeVisible();
  const box = (await firstCard.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(812);
  // Tap to edit: the form opens with the search in it, and folds again.
  await summary.click();
  await expect(summary).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('form', { name: L('车票查询', 'search.form.ariaLabel') })).toBeVisible();
  await expect(from).toHaveValue('北京南');
  await expect(page.getByLabel(L('出发日期'))).toHaveValue(travelDate(2));
  await summary.click();
  await expect(summary).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('form', { name: L('车票查询', 'search.form.ariaLabel') })).toBeHidden();

  const filtersToggle = page.getByTestId('filters-toggle');
  await expect(filtersToggle).toHaveAttribute('aria-expanded', 'false');
  await filtersToggle.click();
  await expect(filtersToggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('form', { name: L('筛选与排序') })).toBeVisible();
  await page.getByRole('checkbox', { name: '06:00–12:00' }).check();
  await page.getByLabel(L('排序'), { exact: true }).selectOption('duration');
  await page.getByRole('button', { name: L('应用筛选') }).click();
  await expect(page).toHaveURL(/dep=06-12/);
  await expect(page).toHaveURL(/sort=duration/);
  // Folded again on the filtered page, saying how many filters apply.
  await expect(filtersToggle).toHaveAttribute('aria-expanded', 'false');
  await expect(filtersToggle).toContainText(isEnglish() ? '(2 selected)' : '已选 2 项');
  for (const t of await page.getByTestId('depart-time').allTextContents()) {
    expect(Number(t.slice(0, 2))).toBeGreaterThanOrEqual(6);
    expect(Number(t.slice(0, 2))).toBeLessThan(12);
  }
  const first = page
    .getByRole('list', { name: L('车次列表') })
    .getByRole('listitem')
    .first();
  await first.getByRole('button', { name: L('经停站') }).click();
  await expect(first.getByRole('table')).toContainText(L('北京南'));
  expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
});

test('booking form opened at 23:30 (browser clock) says 12306 processes the order after 06:00', async ({ page }) => {
  // FAQ §3 l.101 (lib/domain/night-closure.ts): read from the browser's clock, so the journey sets it.
  await newTraveller(page);
  await page.clock.install({ time: shanghaiInstant(travelDate(0), '23:30').getTime() });
  await openBooking(page, travelDate(5), 4);
  await expect(page.getByRole('heading', { name: L('填写订单') })).toBeVisible();
  const [, m, d] = travelDate(1).split('-');
  await expect(page.getByTestId('night-notice')).toHaveText(
    isEnglish()
      ? new RegExp(
          `^12306 does not process orders daily from 23:00 to 06:00 the next day \\(Beijing time\\)\\. Orders submitted now will be processed after 06:00 on ${Number(m)}/${Number(d)};`,
        )
      : new RegExp(
          `^12306 每天 23:00–次日 06:00（北京时间）不处理订单。现在提交的订单将在 ${Number(m)}月${Number(d)}日 06:00 后处理`,
        ),
  );
});

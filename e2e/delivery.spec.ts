/**
 * Issue 27 送票 (UNRUN by its author: helpers may not run Playwright; written from the other specs).
 * A traveller adds an address, requests delivery for an issued ticket, pays the fee at the sandbox
 * cashier, watches it move (the courier sandbox's control endpoint advances it), and cancels with the
 * charge shown before confirming; 退票 stays a separate button. Then an agency clerk does the same for
 * a customer, the fee from the agency's balance.
 */
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { makeIdCard } from '../lib/domain/idcard';
import { DEFAULT_PROVIDER_APP_KEY } from '../protocol/defaults';
import { DEMO, signIn, signUpAndSignIn, uniqueEmail } from './helpers';
import {
  addPassenger,
  newTraveller,
  openBooking,
  payAndIssue,
  person,
  portalUrl,
  sandboxUrl,
  submitBooking,
  travelDate,
} from './journeys';
import { fill, isEnglish, L } from './locale';

/** The order page the gateway's cashier returns to (with its `?paymentNo=` or without). */
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const backOn = (orderUrl: string) => new RegExp(`^${escape(orderUrl)}(\\?.*)?$`);

// The sandbox (and its courier) is shared: one journey after the other.
test.describe.configure({ mode: 'serial' });

/** The address's fields by their labels (a function: the labels are the running project's). */
const address = (): [label: string, value: string][] => [
  [L('收件人姓名'), '张送票'],
  [L('手机号', 'delivery.addressBook.fields.phone.label'), '13912345678'],
  [L('省份'), '上海市'],
  [L('城市'), '上海市'],
  [L('区县'), '浦东新区'],
  [L('详细地址'), '世纪大道 100 号 8 楼'],
];

async function fillAddress(page: Page) {
  const form = page.getByRole('form', { name: L('添加收件地址') });
  for (const [label, value] of address()) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole('button', { name: L('保存地址') }).click();
  const list = page.getByRole('list', { name: L('收件地址列表') });
  // Masked everywhere but the form: the name's first character, the phone's ends, no street.
  await expect(list).toContainText('张**');
  await expect(list).toContainText('139****5678');
  await expect(list).not.toContainText('世纪大道');
}

/** The courier sandbox's control endpoint: the parcel's next step now (pickup, then signature). */
async function advanceParcel(request: APIRequestContext, waybillNo: string) {
  const res = await request.post(`${sandboxUrl()}/sandbox/courier/${waybillNo}/advance`, {
    headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY },
    data: {},
  });
  expect(res.ok()).toBe(true);
}

const panel = (page: Page) => page.getByRole('region', { name: L.re('送票(纸质车票 / 报销凭证快递)') });

/** On an issued order's page: request delivery to the first address, standard speed. */
async function requestDelivery(page: Page) {
  const p = panel(page);
  await expect(p).toBeVisible();
  const form = p.getByRole('form', { name: L('申请送票') });
  await expect(form.getByLabel(L('收件地址', 'delivery.request.address'))).toContainText('张**');
  await form.getByRole('button', { name: L('申请送票') }).click();
  await expect(p.getByTestId('delivery-status')).toHaveText(L.server('待支付配送费'), { timeout: 15_000 });
}

/** Watches the parcel move: accepted (tracking number shown), advanced to 配送中 by the sandbox. */
async function watchItMove(page: Page, request: APIRequestContext) {
  const p = panel(page);
  await expect(p.getByTestId('delivery-status')).toHaveText(L.server('已接单未取件'), { timeout: 30_000 });
  const tracking = p.getByTestId('delivery-tracking-no');
  await expect(tracking).toHaveText(/^SF/);
  await advanceParcel(request, (await tracking.textContent())!.trim());
  // The panel polls while the delivery moves (the courier's webhook is applied after a re-read).
  await expect(p.getByTestId('delivery-status')).toHaveText(L.server('配送中'), { timeout: 30_000 });
  await expect(p.getByRole('list', { name: L('送票进度') })).toContainText(
    // the courier's pickup event (快递已揽收 / 快递已揽收,运输中)
    isEnglish() ? 'Picked up' : '揽收',
  );
}

/**
 * 取消送票: the charge is shown before confirming, and the confirm button names the same amount. With a
 * fare charge and `orderUrl` (a traveller), the charge is a gateway payment: the confirm opens the
 * cashier; coming back unpaid, the panel offers 支付取消费用 with the exact fare charge; paying it
 * cancels. An agency's charge comes from the balance with the confirm.
 */
async function cancelWithFee(page: Page, orderUrl?: string) {
  const p = panel(page);
  // Two different actions, named plainly: 退票 is not inside the delivery panel.
  await expect(page.getByRole('button', { name: L('退票'), exact: true })).toBeVisible();
  await expect(p.getByRole('button', { name: L('退票'), exact: true })).toHaveCount(0);
  await p.getByRole('button', { name: L('取消送票'), exact: true }).click();
  const dialog = page.getByRole('dialog', { name: L('取消送票') });
  await expect(dialog).toContainText(isEnglish() ? 'the ticket is not refunded' : '车票不会退');
  const charge = dialog.getByTestId('delivery-cancel-charge');
  await expect(charge).toHaveText(
    isEnglish() ? /^Cancelling the delivery costs ¥\d+\.\d{2}$/ : /^取消送票共需 ¥\d+\.\d{2}$/,
    { timeout: 15_000 },
  );
  const amount = /¥\d+\.\d{2}/.exec((await charge.textContent())!)![0];
  await expect(dialog).toContainText(L('票款比例费用'));
  const fareCharge = /¥\d+\.\d{2}/.exec((await dialog.getByTestId('delivery-cancel-fare-charge').textContent())!)![0];
  await dialog
    .getByRole('button', { name: fill(L('确认取消送票(费用 {amount})', 'delivery.cancel.confirm'), { amount }) })
    .click();
  if (orderUrl && fareCharge !== '¥0.00') {
    await expect(page).toHaveURL(new RegExp(`^${sandboxUrl()}/pay/cashier/`), { timeout: 15_000 });
    // back without paying: still 配送中, the panel asks for exactly the fare charge
    await page.goto(orderUrl);
    await expect(p.getByTestId('delivery-status')).toHaveText(L.server('配送中'), { timeout: 15_000 });
    const pay = p.getByTestId('delivery-pay-cancel-charge');
    await expect(pay).toHaveText(
      fill(L('支付取消费用 {amount}', 'delivery.card.payCancelCharge'), { amount: fareCharge }),
    );
    await pay.click();
    await expect(page).toHaveURL(new RegExp(`^${sandboxUrl()}/pay/cashier/`), { timeout: 15_000 });
    await page.getByRole('button', { name: '确认支付' }).click();
    await expect(page).toHaveURL(backOn(orderUrl));
  } else {
    // Said in a toast (the dialog may close by itself as the panel moves on to 已取消送票 at once).
    await expect(
      page
        .locator('[data-sonner-toast]')
        .filter({ hasText: isEnglish() ? /Delivery cancelled|Done:/ : /已取消送票|已处理/ }),
    ).toBeVisible({
      timeout: 15_000,
    });
    if (await dialog.isVisible()) await page.keyboard.press('Escape');
  }
  await expect(p.getByTestId('delivery-status')).toHaveText(L.server('已取消送票'), { timeout: 30_000 });
  // The ticket is untouched.
  await expect(page.getByTestId('order-status')).toHaveText(L.server('出票成功'));
}

test('a traveller adds an address, requests delivery for an issued ticket, watches it move and cancels with the fee shown', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  await newTraveller(page);
  await page.goto('/passengers/addresses');
  await fillAddress(page);

  await openBooking(page, travelDate(5), 4);
  await addPassenger(page, person('送票甲'));
  await submitBooking(page, '13700137027');
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}/);
  await payAndIssue(page);
  const orderUrl = page.url().replace(/\?.*$/, '');

  await requestDelivery(page);
  await panel(page)
    .getByRole('button', { name: isEnglish() ? /^Pay delivery fee ¥/ : /^支付配送费 ¥/ })
    .click();
  await expect(page).toHaveURL(new RegExp(`^${sandboxUrl()}/pay/cashier/`));
  await page.getByRole('button', { name: '确认支付' }).click();
  await expect(page).toHaveURL(backOn(orderUrl));
  await watchItMove(page, request);
  await cancelWithFee(page, orderUrl);
});

/** Another person's browser, in the project's language (its cookie and browser locale). */
async function newPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({
    baseURL: portalUrl(),
    locale: test.info().project.use.locale ?? 'zh-CN',
    storageState: test.info().project.use.storageState,
    timezoneId: 'Asia/Shanghai',
  });
  return ctx.newPage();
}

test('an agency clerk does the same for a customer, the fee from the balance', async ({ browser, request }) => {
  test.setTimeout(240_000);
  const PASSWORD = 'Delivery-Clerk-2027';
  const clerkEmail = uniqueEmail('dlclerk');
  const agencyName = `送票旅行社${Date.now() % 100_000}`;
  const clerk = await newPage(browser);
  await signUpAndSignIn(clerk, clerkEmail, PASSWORD, '送票员');
  await clerk.getByRole('button', { name: L('退出登录') }).click();

  const admin = await newPage(browser);
  await signIn(admin, DEMO.admin.email, DEMO.admin.password);
  await admin.goto('/admin/agencies');
  const create = admin.getByRole('form', { name: L('新建旅行社') });
  await create.getByLabel(L('旅行社名称')).fill(agencyName);
  await create.getByLabel(L('负责人邮箱（已注册的账号）')).fill(clerkEmail);
  await create.getByRole('button', { name: L('新建') }).click();
  await expect(create.getByRole('status')).toHaveText(L('已保存。'));
  const top = admin.getByRole('form', { name: L('预存款充值') });
  await top.getByLabel(L('旅行社', 'admin.agencies.agency')).selectOption({ label: agencyName });
  await top.getByLabel(L('金额（元）')).fill('10000');
  await top.getByLabel(L('银行流水号')).fill(`E2E-DL-${Date.now()}`);
  await top.getByRole('button', { name: L('充值', 'admin.agencies.topUpSubmit') }).click();
  await expect(top.getByRole('status')).toHaveText(L('已保存。'));

  await signIn(clerk, clerkEmail, PASSWORD);
  await clerk.goto('/agent/customers');
  const cust = clerk.getByRole('form', { name: L('新建客户') });
  await cust.getByLabel(L('客户姓名')).fill('赵客户');
  await cust.getByLabel(L('手机号', 'agency.customers.mobile')).fill('13912340027');
  await cust.getByRole('button', { name: L('新建') }).click();
  await clerk.getByRole('link', { name: '赵客户' }).click();
  await expect(clerk).toHaveURL(/\/agent\/customers\/[0-9a-f-]{36}$/);
  const add = clerk.getByRole('form', { name: L('添加常用乘客') });
  await add.getByLabel(L('姓名', 'passengers.form.name')).fill('赵大');
  await add
    .getByLabel(L('证件号码', 'passengers.form.idNo'))
    .fill(makeIdCard('110101', '1981-02-12', Date.now() % 997));
  await add.getByRole('button', { name: L('添加') }).click();
  await expect(clerk.getByRole('list', { name: L('常用乘客列表', 'agency.customer.passengerList') })).toContainText(
    '赵大',
  );
  // The customer's own address book, on the customer's page.
  await fillAddress(clerk);

  await clerk.goto('/agent');
  const quick = clerk.getByRole('region', { name: L('快速订票') });
  const customerBox = quick.getByRole('combobox', { name: L('客户', 'agency.combobox.label') });
  const customerOption = clerk.getByRole('option', { name: /^赵客户/ });
  await expect(async () => {
    await customerBox.fill('');
    await customerBox.fill('赵客');
    await expect(customerOption).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await customerOption.click();
  await quick.getByRole('combobox', { name: L('出发站'), exact: true }).fill('bjn');
  await clerk
    .getByRole('option', { name: new RegExp(`^${L('北京南')}`) })
    .first()
    .click();
  await quick.getByRole('combobox', { name: L('到达站'), exact: true }).fill(L('上海'));
  await clerk
    .getByRole('option', { name: isEnglish() ? /^Shanghai \(all/ : /^上海（全部/ })
    .first()
    .click();
  await quick.getByLabel(L('出发日期')).fill(travelDate(6));
  await quick.getByRole('button', { name: L('查询', 'search.form.submit'), exact: true }).click();
  await expect(clerk).toHaveURL(/\/agent\/book\?/);
  const g1 = clerk.getByRole('listitem', {
    name: fill(L('车次 {code}', 'search.trains.cardLabel'), { code: 'G1' }),
    exact: true,
  });
  await g1
    .getByRole('link', {
      name: fill(L('预订 {code} {seat}', 'search.trains.bookLabel'), { code: 'G1', seat: L.server('二等座') }),
    })
    .click();
  await clerk.getByRole('checkbox', { name: /赵大/ }).check();
  await clerk.getByRole('button', { name: L('提交订单') }).click();
  await expect(clerk).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await expect(clerk.getByTestId('order-status')).toHaveText(L.server('占位成功'), { timeout: 30_000 });
  await clerk.getByRole('button', { name: L('从预存款支付') }).click();
  await expect(clerk.getByTestId('order-status')).toHaveText(L.server('出票成功'), { timeout: 30_000 });

  await requestDelivery(clerk);
  await panel(clerk)
    .getByRole('button', { name: isEnglish() ? /^Pay delivery fee from prepaid balance ¥/ : /^从预存款支付配送费 ¥/ })
    .click();
  await watchItMove(clerk, request);
  await cancelWithFee(clerk);
});

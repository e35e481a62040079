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
  PORTAL,
  SANDBOX,
  submitBooking,
  travelDate,
} from './journeys';

/** The order page the gateway's cashier returns to (with its `?paymentNo=` or without). */
const backOn = (orderUrl: string) => new RegExp(`^${orderUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\?.*)?$`);

// The sandbox (and its courier) is shared: one journey after the other.
test.describe.configure({ mode: 'serial' });

const ADDRESS = {
  收件人姓名: '张送票',
  手机号: '13912345678',
  省份: '上海市',
  城市: '上海市',
  区县: '浦东新区',
  详细地址: '世纪大道 100 号 8 楼',
};

async function fillAddress(page: Page) {
  const form = page.getByRole('form', { name: '添加收件地址' });
  for (const [label, value] of Object.entries(ADDRESS)) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole('button', { name: '保存地址' }).click();
  const list = page.getByRole('list', { name: '收件地址列表' });
  // Masked everywhere but the form: the name's first character, the phone's ends, no street.
  await expect(list).toContainText('张**');
  await expect(list).toContainText('139****5678');
  await expect(list).not.toContainText('世纪大道');
}

/** The courier sandbox's control endpoint: the parcel's next step now (pickup, then signature). */
async function advanceParcel(request: APIRequestContext, waybillNo: string) {
  const res = await request.post(`${SANDBOX}/sandbox/courier/${waybillNo}/advance`, {
    headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY },
    data: {},
  });
  expect(res.ok()).toBe(true);
}

const panel = (page: Page) => page.getByRole('region', { name: /^送票/ });

/** On an issued order's page: request delivery to the first address, standard speed. */
async function requestDelivery(page: Page) {
  const p = panel(page);
  await expect(p).toBeVisible();
  const form = p.getByRole('form', { name: '申请送票' });
  await expect(form.getByLabel('收件地址')).toContainText('张**');
  await form.getByRole('button', { name: '申请送票' }).click();
  await expect(p.getByTestId('delivery-status')).toHaveText('待支付配送费', { timeout: 15_000 });
}

/** Watches the parcel move: accepted (tracking number shown), advanced to 配送中 by the sandbox. */
async function watchItMove(page: Page, request: APIRequestContext) {
  const p = panel(page);
  await expect(p.getByTestId('delivery-status')).toHaveText('已接单未取件', { timeout: 30_000 });
  const tracking = p.getByTestId('delivery-tracking-no');
  await expect(tracking).toHaveText(/^SF/);
  await advanceParcel(request, (await tracking.textContent())!.trim());
  // The panel polls while the delivery moves (the courier's webhook is applied after a re-read).
  await expect(p.getByTestId('delivery-status')).toHaveText('配送中', { timeout: 30_000 });
  await expect(p.getByRole('list', { name: '送票进度' })).toContainText('揽收');
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
  await expect(page.getByRole('button', { name: '退票', exact: true })).toBeVisible();
  await expect(p.getByRole('button', { name: '退票', exact: true })).toHaveCount(0);
  await p.getByRole('button', { name: '取消送票', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '取消送票' });
  await expect(dialog).toContainText('车票不会退');
  const charge = dialog.getByTestId('delivery-cancel-charge');
  await expect(charge).toHaveText(/^取消送票共需 ¥\d+\.\d{2}$/, { timeout: 15_000 });
  const amount = /¥\d+\.\d{2}/.exec((await charge.textContent())!)![0];
  await expect(dialog).toContainText('票款比例费用');
  const fareCharge = /¥\d+\.\d{2}/.exec((await dialog.getByTestId('delivery-cancel-fare-charge').textContent())!)![0];
  await dialog.getByRole('button', { name: `确认取消送票(费用 ${amount})` }).click();
  if (orderUrl && fareCharge !== '¥0.00') {
    await expect(page).toHaveURL(new RegExp(`^${SANDBOX}/pay/cashier/`), { timeout: 15_000 });
    // back without paying: still 配送中, the panel asks for exactly the fare charge
    await page.goto(orderUrl);
    await expect(p.getByTestId('delivery-status')).toHaveText('配送中', { timeout: 15_000 });
    const pay = p.getByTestId('delivery-pay-cancel-charge');
    await expect(pay).toHaveText(`支付取消费用 ${fareCharge}`);
    await pay.click();
    await expect(page).toHaveURL(new RegExp(`^${SANDBOX}/pay/cashier/`), { timeout: 15_000 });
    await page.getByRole('button', { name: '确认支付' }).click();
    await expect(page).toHaveURL(backOn(orderUrl));
  } else {
    // Said in a toast (the dialog may close by itself as the panel moves on to 已取消送票 at once).
    await expect(page.locator('[data-sonner-toast]').filter({ hasText: /已取消送票|已处理/ })).toBeVisible({
      timeout: 15_000,
    });
    if (await dialog.isVisible()) await page.keyboard.press('Escape');
  }
  await expect(p.getByTestId('delivery-status')).toHaveText('已取消送票', { timeout: 30_000 });
  // The ticket is untouched.
  await expect(page.getByTestId('order-status')).toHaveText('出票成功');
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
    .getByRole('button', { name: /^支付配送费 ¥/ })
    .click();
  await expect(page).toHaveURL(new RegExp(`^${SANDBOX}/pay/cashier/`));
  await page.getByRole('button', { name: '确认支付' }).click();
  await expect(page).toHaveURL(backOn(orderUrl));
  await watchItMove(page, request);
  await cancelWithFee(page, orderUrl);
});

async function newPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: PORTAL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  return ctx.newPage();
}

test('an agency clerk does the same for a customer, the fee from the balance', async ({ browser, request }) => {
  test.setTimeout(240_000);
  const PASSWORD = 'Delivery-Clerk-2027';
  const clerkEmail = uniqueEmail('dlclerk');
  const agencyName = `送票旅行社${Date.now() % 100_000}`;
  const clerk = await newPage(browser);
  await signUpAndSignIn(clerk, clerkEmail, PASSWORD, '送票员');
  await clerk.getByRole('button', { name: '退出登录' }).click();

  const admin = await newPage(browser);
  await signIn(admin, DEMO.admin.email, DEMO.admin.password);
  await admin.goto('/admin/agencies');
  const create = admin.getByRole('form', { name: '新建旅行社' });
  await create.getByLabel('旅行社名称').fill(agencyName);
  await create.getByLabel(/负责人邮箱/).fill(clerkEmail);
  await create.getByRole('button', { name: '新建' }).click();
  await expect(create.getByRole('status')).toHaveText('已保存。');
  const top = admin.getByRole('form', { name: '预存款充值' });
  await top.getByLabel('旅行社').selectOption({ label: agencyName });
  await top.getByLabel('金额（元）').fill('10000');
  await top.getByLabel('银行流水号').fill(`E2E-DL-${Date.now()}`);
  await top.getByRole('button', { name: '充值' }).click();
  await expect(top.getByRole('status')).toHaveText('已保存。');

  await signIn(clerk, clerkEmail, PASSWORD);
  await clerk.goto('/agent/customers');
  const cust = clerk.getByRole('form', { name: '新建客户' });
  await cust.getByLabel('客户姓名').fill('赵客户');
  await cust.getByLabel('手机号').fill('13912340027');
  await cust.getByRole('button', { name: '新建' }).click();
  await clerk.getByRole('link', { name: '赵客户' }).click();
  await expect(clerk).toHaveURL(/\/agent\/customers\/[0-9a-f-]{36}$/);
  const add = clerk.getByRole('form', { name: '添加常用乘客' });
  await add.getByLabel('姓名').fill('赵大');
  await add.getByLabel('证件号码').fill(makeIdCard('110101', '1981-02-12', Date.now() % 997));
  await add.getByRole('button', { name: '添加' }).click();
  await expect(clerk.getByRole('list', { name: '常用乘客列表' })).toContainText('赵大');
  // The customer's own address book, on the customer's page.
  await fillAddress(clerk);

  await clerk.goto('/agent');
  const quick = clerk.getByRole('region', { name: '快速订票' });
  const customerBox = quick.getByRole('combobox', { name: '客户' });
  const customerOption = clerk.getByRole('option', { name: /^赵客户/ });
  await expect(async () => {
    await customerBox.fill('');
    await customerBox.fill('赵客');
    await expect(customerOption).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await customerOption.click();
  await quick.getByRole('combobox', { name: '出发站' }).fill('bjn');
  await clerk
    .getByRole('option', { name: /^北京南/ })
    .first()
    .click();
  await quick.getByRole('combobox', { name: '到达站' }).fill('上海');
  await clerk
    .getByRole('option', { name: /^上海（全部/ })
    .first()
    .click();
  await quick.getByLabel('出发日期').fill(travelDate(6));
  await quick.getByRole('button', { name: '查询', exact: true }).click();
  await expect(clerk).toHaveURL(/\/agent\/book\?/);
  const g1 = clerk.getByRole('listitem', { name: '车次 G1', exact: true });
  await g1.getByRole('link', { name: '预订 G1 二等座' }).click();
  await clerk.getByRole('checkbox', { name: /赵大/ }).check();
  await clerk.getByRole('button', { name: '提交订单' }).click();
  await expect(clerk).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await expect(clerk.getByTestId('order-status')).toHaveText('占位成功', { timeout: 30_000 });
  await clerk.getByRole('button', { name: '从预存款支付' }).click();
  await expect(clerk.getByTestId('order-status')).toHaveText('出票成功', { timeout: 30_000 });

  await requestDelivery(clerk);
  await panel(clerk)
    .getByRole('button', { name: /^从预存款支付配送费 ¥/ })
    .click();
  await watchItMove(clerk, request);
  await cancelWithFee(clerk);
});

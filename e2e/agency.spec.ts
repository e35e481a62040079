import { expect, test, type Browser, type Page } from '@playwright/test';
import { makeIdCard } from '../lib/domain/idcard';
import { DEMO, signIn, signUpAndSignIn, uniqueEmail } from './helpers';
import { PORTAL, axe, axeAll, sandboxClock, travelDate } from './journeys';

// One journey across roles, with the shared sandbox clock.
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Agency-Staff-2026';

async function newPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: PORTAL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  return ctx.newPage();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('link', { name: '登录' }).first()).toBeVisible();
}

test('admin creates and tops up an agency; the owner invites staff; staff book two tickets for a customer from the balance, refund one and change the other; the statement adds up; others see nothing', async ({
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const ownerEmail = uniqueEmail('owner');
  const staffEmail = uniqueEmail('staff');
  const agencyName = `测试旅行社${Date.now() % 100_000}`;

  // The owner-to-be registers; the admin creates the agency with them as owner and tops it up.
  const owner = await newPage(browser);
  await signUpAndSignIn(owner, ownerEmail, PASSWORD, '社长');
  await signOut(owner);
  const admin = await newPage(browser);
  await signIn(admin, DEMO.admin.email, DEMO.admin.password);
  await admin.goto('/admin/agencies');
  const create = admin.getByRole('form', { name: '新建旅行社' });
  await create.getByLabel('旅行社名称').fill(agencyName);
  await create.getByLabel(/负责人邮箱/).fill(ownerEmail);
  await create.getByRole('button', { name: '新建' }).click();
  await expect(create.getByRole('status')).toHaveText('已保存。');
  await expect(admin.getByRole('list', { name: '旅行社列表' })).toContainText(agencyName);
  const top = admin.getByRole('form', { name: '预存款充值' });
  await top.getByLabel('旅行社').selectOption({ label: agencyName });
  await top.getByLabel('金额（元）').fill('10000');
  await top.getByLabel('银行流水号').fill(`E2E${Date.now()}`);
  await top.getByRole('button', { name: '充值' }).click();
  await expect(top.getByRole('status')).toHaveText('已保存。');
  await expect(admin.getByRole('list', { name: '旅行社列表' })).toContainText('余额 ¥10000');
  await axe(admin, 'admin agencies');

  // The owner invites a staff member, who registers, accepts and signs in again as an agent.
  await signIn(owner, ownerEmail, PASSWORD);
  await owner.goto('/agent/staff');
  const inv = owner.getByRole('form', { name: '邀请员工' });
  await inv.getByLabel('员工邮箱').fill(staffEmail);
  await inv.getByRole('button', { name: '生成邀请链接' }).click();
  const link = (await owner.getByTestId('invite-link').getAttribute('href'))!;
  await axeAll(owner, 'agency staff with an invitation link');
  const staff = await newPage(browser);
  await signUpAndSignIn(staff, staffEmail, PASSWORD, '员工甲');
  await staff.goto(link);
  await axeAll(staff, 'invitation (signed in)');
  await staff.getByRole('button', { name: '接受邀请' }).click();
  await expect(staff.getByRole('status')).toContainText('已加入旅行社');
  await signOut(staff);
  await signIn(staff, staffEmail, PASSWORD);
  await staff.goto('/agent');
  await expect(staff.getByRole('heading', { name: `代理工作台 · ${agencyName}` })).toBeVisible();
  await axeAll(staff, 'agency workspace');

  // A customer with two travellers.
  await staff.goto('/agent/customers');
  const cust = staff.getByRole('form', { name: '新建客户' });
  await cust.getByLabel('客户姓名').fill('王客户');
  await cust.getByLabel('手机号').fill('13912345678');
  await cust.getByRole('button', { name: '新建' }).click();
  await expect(staff.getByRole('link', { name: '王客户' })).toBeVisible();
  await axeAll(staff, 'agency customers');
  await staff.getByRole('link', { name: '王客户' }).click();
  await expect(staff).toHaveURL(/\/agent\/customers\/[0-9a-f-]{36}$/);
  const customerUrl = staff.url();
  for (const [name, n] of [
    ['王大', 11],
    ['王二', 22],
  ] as const) {
    const add = staff.getByRole('form', { name: '添加乘车人' });
    await add.getByLabel('姓名').fill(name);
    await add
      .getByLabel('证件号码')
      .fill(makeIdCard('110101', `1980-0${n % 9 || 1}-1${n % 9}`, (Date.now() + n) % 997));
    await add.getByRole('button', { name: '添加' }).click();
    await expect(staff.getByRole('list', { name: '乘车人列表' })).toContainText(name);
  }
  await axeAll(staff, 'agency customer');

  // Book G1 for both, paid from the balance.
  const search = staff.getByRole('form', { name: '为客户查询车次' });
  await search.getByLabel('出发站').fill('北京南');
  await search.getByLabel('到达站').fill('上海');
  await search.getByLabel('出发日期').fill(travelDate(4));
  await search.getByRole('button', { name: '查询车次' }).click();
  await expect(staff.getByRole('link', { name: /^G1 二等座/ }).first()).toBeVisible();
  await axeAll(staff, 'agency customer with trains');
  await staff
    .getByRole('link', { name: /^G1 二等座/ })
    .first()
    .click();
  await staff.getByRole('checkbox', { name: /王大/ }).check();
  await staff.getByRole('checkbox', { name: /王二/ }).check();
  await expect(staff.getByLabel('联系人手机号')).toHaveValue('13912345678');
  await axe(staff, 'booking for a customer');
  await staff.getByRole('button', { name: '提交订单' }).click();
  await expect(staff).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  const orderUrl = staff.url();
  await expect(staff.getByTestId('order-status')).toHaveText('占位成功', { timeout: 30_000 });
  await axe(staff, 'agency order held');
  await staff.getByRole('button', { name: '从预存款支付' }).click();
  await expect(staff.getByTestId('order-status')).toHaveText('出票成功', { timeout: 30_000 });

  try {
    await sandboxClock(request, { advanceMinutes: 6 });
    // Refund 王大.
    await staff.getByRole('button', { name: '退票', exact: true }).click();
    const refund = staff.getByRole('dialog', { name: '退票' });
    await refund.getByRole('checkbox', { name: /王二/ }).uncheck();
    await refund.getByRole('button', { name: /确认退票（1 张）/ }).click();
    await expect(refund.getByRole('list', { name: '退票结果' })).toContainText('已提交退票');
    await staff.keyboard.press('Escape');
    await expect(staff.getByTestId('refunded-amount')).toBeVisible({ timeout: 30_000 });
    // Change 王二 to the next day, the difference paid from the balance.
    await staff.getByRole('button', { name: '改签', exact: true }).click();
    const change = staff.getByRole('dialog', { name: '改签' });
    await change.getByLabel('新的乘车日期').fill(travelDate(5));
    await change.getByRole('button', { name: '查询车次' }).click();
    await change.getByRole('radio', { name: /^G1 .*二等座/ }).check();
    await expect(change.getByTestId('change-quote')).toBeVisible();
    await change.getByRole('button', { name: '申请改签' }).click();
    const card = staff.getByRole('listitem', { name: /^改签单/ }).first();
    await expect(card.getByTestId('change-status')).toHaveText('改签占位成功', { timeout: 30_000 });
    await card.getByRole('button', { name: /确认改签/ }).click();
    await expect(card.getByTestId('change-status')).toHaveText('改签确认出票成功', { timeout: 30_000 });
  } finally {
    await sandboxClock(request, { reset: true });
  }

  // The owner's statement: every movement, the balance equals the sum of the lines.
  await owner.goto('/agent/statement');
  const lines = owner.getByTestId('statement-line');
  await expect(lines.filter({ hasText: '充值' })).toHaveCount(1);
  await expect(lines.filter({ hasText: '订单占款' })).toHaveCount(1);
  await expect(lines.filter({ hasText: '退票退款' })).toHaveCount(1);
  await expect(lines.filter({ hasText: '改签补差' })).toHaveCount(1);
  const amounts = await lines.locator('td:nth-child(4)').allTextContents();
  const fen = (t: string) => Math.round(Number(t.replace(/[^\d.-]/g, '')) * 100);
  const sum = amounts.reduce((a, t) => a + fen(t), 0);
  expect(fen((await owner.getByTestId('statement-balance').textContent())!)).toBe(sum);
  await expect(owner.getByRole('link', { name: '下载 CSV' })).toBeVisible();
  await axeAll(owner, 'agency statement');
  await owner.goto('/agent/orders');
  await expect(owner.getByRole('region', { name: '旅行社订单' })).toContainText('王客户');
  await axeAll(owner, 'agency orders');
  const csv = await owner.request.get('/api/agent/statement-csv');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('充值');

  // Another agency's staff and a traveller: the first agency's pages, routes and CSVs are closed.
  const other = await newPage(browser);
  const otherOwner = uniqueEmail('other');
  await signUpAndSignIn(other, otherOwner, PASSWORD, '别家');
  await signOut(other);
  await admin.goto('/admin/agencies');
  const second = admin.getByRole('form', { name: '新建旅行社' });
  await second.getByLabel('旅行社名称').fill(`${agencyName}乙`);
  await second.getByLabel(/负责人邮箱/).fill(otherOwner);
  await second.getByRole('button', { name: '新建' }).click();
  await expect(admin.getByRole('list', { name: '旅行社列表' })).toContainText(`${agencyName}乙`);
  await signIn(other, otherOwner, PASSWORD);
  const traveller = await newPage(browser);
  await signUpAndSignIn(traveller, uniqueEmail('trav'), PASSWORD, '旅客');
  for (const p of [other, traveller]) {
    expect((await p.goto(orderUrl))?.status()).toBe(404);
    expect((await p.request.get(orderUrl.replace('/trips/', '/api/orders/'))).status()).toBe(404);
  }
  expect((await other.goto(customerUrl))?.status()).toBe(404);
  const otherCsv = await other.request.get('/api/agent/orders-csv');
  expect(otherCsv.status()).toBe(200);
  expect(await otherCsv.text()).not.toContain('王客户');
  for (const path of [customerUrl, '/agent', '/agent/orders', '/agent/statement'])
    expect((await traveller.goto(path))?.status()).toBe(403);
  await expect(traveller.getByRole('heading', { level: 1 })).toBeVisible();
  await axeAll(traveller, 'agency workspace refused (403)');
  expect((await traveller.request.get('/api/agent/orders-csv')).status()).toBe(403);
  expect((await traveller.request.get('/api/agent/statement-csv')).status()).toBe(403);
});

import { expect, test, type Browser, type Page } from '@playwright/test';
import { makeIdCard } from '../lib/domain/idcard';
import { DEMO, signIn, signUpAndSignIn, uniqueEmail } from './helpers';
import { axe, mailCatcherUrl, passRefundLock, portalUrl, sandboxClock, travelDate } from './journeys';
import { fill, isEnglish, L } from './locale';
import { expectProductWording } from './wording';

// One journey across roles, with the shared sandbox clock.
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Agency-Staff-2026';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A text that starts with `text`. */
const startsWith = (text: string) => new RegExp(`^${escape(text)}`);
/** A text that starts as the message does, up to its first placeholder. */
const startsAs = (text: string) => startsWith(text.slice(0, text.indexOf('{')));

async function newPage(browser: Browser): Promise<Page> {
  // The running project's language: its browser locale and its language cookie (the English project's).
  const { locale, storageState } = test.info().project.use;
  const ctx = await browser.newContext({ baseURL: portalUrl(), locale, storageState, timezoneId: 'Asia/Shanghai' });
  return ctx.newPage();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: L('退出登录') }).click();
  await expect(page.getByRole('link', { name: L('登录') }).first()).toBeVisible();
}

/** The subjects and texts of the emails the local mail catcher holds for `to`. */
async function mailsTo(page: Page, to: string): Promise<{ subject: string; text: string }[]> {
  const res = await page.request.get(`${mailCatcherUrl()}/api/messages?to=${encodeURIComponent(to)}`);
  expect(res.ok()).toBe(true);
  return (await res.json()) as { subject: string; text: string }[];
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
  const create = admin.getByRole('form', { name: L('新建旅行社') });
  await create.getByLabel(L('旅行社名称')).fill(agencyName);
  await create.getByLabel(L('负责人邮箱（已注册的账号）')).fill(ownerEmail);
  await create.getByRole('button', { name: L('新建', 'admin.agencies.create') }).click();
  await expect(create.getByRole('status')).toHaveText(L('已保存。'));
  await expect(admin.getByRole('list', { name: L('旅行社列表') })).toContainText(agencyName);
  const top = admin.getByRole('form', { name: L('预存款充值') });
  await top.getByLabel(L('旅行社', 'admin.agencies.agency')).selectOption({ label: agencyName });
  await top.getByLabel(L('金额（元）')).fill('10000');
  await top.getByLabel(L('银行流水号')).fill(`E2E${Date.now()}`);
  await top.getByRole('button', { name: L('充值', 'admin.agencies.topUpSubmit') }).click();
  await expect(top.getByRole('status')).toHaveText(L('已保存。'));
  await expect(admin.getByRole('list', { name: L('旅行社列表') })).toContainText(
    isEnglish() ? 'balance ¥10000' : '余额 ¥10000',
  );
  await axe(admin, 'admin agencies');

  // The owner invites a staff member, who registers, accepts and signs in again as an agent.
  await signIn(owner, ownerEmail, PASSWORD);
  await owner.goto('/agent/staff');
  const inv = owner.getByRole('form', { name: L('邀请员工') });
  await inv.getByLabel(L('员工邮箱')).fill(staffEmail);
  await inv.getByRole('button', { name: L('生成邀请链接') }).click();
  const link = (await owner.getByTestId('invite-link').getAttribute('href'))!;
  await axe(owner, 'agency staff with an invitation link');
  // The invitation goes to the invited address by email too, with the same link.
  await expect
    .poll(async () => (await mailsTo(owner, staffEmail)).filter((m) => m.subject.includes(agencyName)).length, {
      timeout: 30_000,
    })
    .toBe(1);
  expect((await mailsTo(owner, staffEmail)).find((m) => m.subject.includes(agencyName))!.text).toContain(link);
  // The owner's low-balance threshold: the first debit from the ¥10000 crosses it (one email, below).
  await owner.goto('/agent');
  const low = owner.getByRole('form', { name: L('余额提醒') });
  await low.getByLabel(L('余额低于（元）时提醒我')).fill('9999');
  await low.getByRole('button', { name: L('保存提醒额度') }).click();
  await expect(low.getByRole('status')).toContainText(fill(L('余额低于 {amount} 时将通知您。'), { amount: '¥9999' }));
  const staff = await newPage(browser);
  await signUpAndSignIn(staff, staffEmail, PASSWORD, '员工甲');
  await staff.goto(link);
  await axe(staff, 'invitation (signed in)');
  await staff.getByRole('button', { name: L('接受邀请') }).click();
  // Joined: the button's answer, or, once the page has refreshed after the action, the page's own.
  await expect(
    staff.getByRole('status').filter({ hasText: isEnglish() ? 'You have joined the agency' : '已加入旅行社' }),
  ).toBeVisible();
  await signOut(staff);
  await signIn(staff, staffEmail, PASSWORD);
  await staff.goto('/agent');
  await expect(
    staff.getByRole('heading', { name: fill(L('代理工作台 · {name}'), { name: agencyName }) }),
  ).toBeVisible();
  await axe(staff, 'agency workspace');

  // A customer with two travellers.
  await staff.goto('/agent/customers');
  const cust = staff.getByRole('form', { name: L('新建客户') });
  await cust.getByLabel(L('客户姓名')).fill('王客户');
  await cust.getByLabel(L('手机号', 'agency.customers.mobile')).fill('13912345678');
  await cust.getByRole('button', { name: L('新建', 'agency.customers.newSubmit') }).click();
  await expect(staff.getByRole('link', { name: '王客户' })).toBeVisible();
  await axe(staff, 'agency customers');
  await staff.getByRole('link', { name: '王客户' }).click();
  await expect(staff).toHaveURL(/\/agent\/customers\/[0-9a-f-]{36}$/);
  const customerUrl = staff.url();
  for (const [name, n] of [
    ['王大', 11],
    ['王二', 22],
  ] as const) {
    const add = staff.getByRole('form', { name: L('添加常用乘客') });
    await add.getByLabel(L('姓名', 'passengers.form.name')).fill(name);
    await add
      .getByLabel(L('证件号码', 'passengers.form.idNo'))
      .fill(makeIdCard('110101', `1980-0${n % 9 || 1}-1${n % 9}`, (Date.now() + n) % 997));
    await add.getByRole('button', { name: L('添加') }).click();
    await expect(staff.getByRole('list', { name: L('常用乘客列表', 'agency.customer.passengerList') })).toContainText(
      name,
    );
  }
  await axe(staff, 'agency customer');

  // Book G1 for both from the clerk's workspace, as a traveller books: the customer first (the
  // agency's customers in a combobox), the same station autocomplete, train cards and booking form.
  await staff.goto('/agent');
  const nav = staff.getByRole('navigation', { name: L('主导航') });
  await expect(nav.getByRole('link', { name: L('为客户订票') })).toBeVisible();
  await expect(nav.getByRole('link', { name: L('我的行程') })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: L('常用乘客') })).toHaveCount(0);
  const waitingRegion = staff.getByRole('region', { name: startsAs(L('待支付（{count}）')) });
  await expect(waitingRegion).toContainText(L('没有待支付的订单。'));
  const quick = staff.getByRole('region', { name: L('快速订票') });
  const customerBox = quick.getByRole('combobox', { name: L('客户', 'agency.combobox.label') });
  const customerOption = staff.getByRole('option', { name: /^王客户/ });
  // Typed before the page has hydrated, the text would not open the list: type again until it does.
  await expect(async () => {
    await customerBox.fill('');
    await customerBox.fill('王客');
    await expect(customerOption).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await customerOption.click();
  await expect(quick.getByTestId('quick-booking-customer')).toContainText('王客户');
  await expect(
    quick.getByRole('link', { name: fill(L('查看 {name} 的常用乘客'), { name: '王客户' }) }),
  ).toHaveAttribute('href', new URL(customerUrl).pathname);
  await quick.getByRole('combobox', { name: L('出发站'), exact: true }).fill('bjn');
  await staff
    .getByRole('option', { name: startsWith(L('北京南')) })
    .first()
    .click();
  await quick.getByRole('combobox', { name: L('到达站'), exact: true }).fill('上海');
  await staff
    .getByRole('option', { name: startsAs(fill(L('{city}（全部 {count} 个车站）'), { city: L('上海') })) })
    .first()
    .click();
  await quick.getByLabel(L('出发日期')).fill(travelDate(4));
  await quick.getByRole('button', { name: L('查询', 'search.form.submit'), exact: true }).click();
  await expect(staff).toHaveURL(/\/agent\/book\?/);
  const g1 = staff.getByRole('listitem', { name: fill(L('车次 {code}'), { code: 'G1' }), exact: true });
  await g1.getByRole('link', { name: fill(L('预订 {code} {seat}'), { code: 'G1', seat: L('二等座') }) }).click();
  await expect(staff.getByRole('heading', { name: L('填写订单') })).toBeVisible();
  await staff.getByRole('checkbox', { name: /王大/ }).check();
  await staff.getByRole('checkbox', { name: /王二/ }).check();
  // The traveller's seat map, for the customer's passengers.
  await expect(staff.getByRole('group', { name: fill(L('第{row}排'), { row: '1' }), exact: true })).toBeVisible();
  await expect(staff.getByLabel(L('联系人手机号'))).toHaveValue('13912345678');
  await axe(staff, 'booking for a customer');
  await staff.getByRole('button', { name: L('提交订单') }).click();
  await expect(staff).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  const orderUrl = staff.url();
  await expect(staff.getByTestId('order-status')).toHaveText(L.server('占位成功'), { timeout: 30_000 });
  await axe(staff, 'agency order held');
  // The workspace lists it as waiting for payment, with its countdown; its link leads back to it.
  await staff.goto('/agent');
  const waiting = staff.getByRole('list', { name: L('待支付订单') });
  await expect(waiting.getByRole('listitem')).toHaveCount(1);
  await expect(waiting.getByTestId('countdown')).toHaveText(/^\d{2}:\d{2}$/);
  await waiting.getByRole('link', { name: new RegExp(`^G1 ${L('北京南')}→${L('上海')}.* · 王客户$`) }).click();
  await expect(staff).toHaveURL(orderUrl);
  await staff.getByRole('button', { name: L('从预存款支付') }).click();
  await expect(staff.getByTestId('order-status')).toHaveText(L.server('出票成功'), { timeout: 30_000 });
  await staff.goto('/agent');
  await expect(staff.getByRole('list', { name: L('今日出票的订单') })).toContainText('王客户');
  await expect(waitingRegion).toContainText(L('没有待支付的订单。'));
  await staff.goto(orderUrl);
  await expect(staff.getByTestId('order-status')).toHaveText(L.server('出票成功'));

  try {
    await passRefundLock(request, orderUrl);
    // Refund 王大.
    await staff.getByRole('button', { name: L('退票'), exact: true }).click();
    const refund = staff.getByRole('dialog', { name: L('退票') });
    await refund.getByRole('checkbox', { name: /王二/ }).uncheck();
    await refund
      .getByRole('button', { name: isEnglish() ? /Confirm refund \(1 ticket\)/ : /确认退票（1 张）/ })
      .click();
    await expect(refund.getByRole('list', { name: L('退票结果') })).toContainText(
      L.server('已提交退票，等待 12306 处理。'),
    );
    await staff.keyboard.press('Escape');
    await expect(staff.getByTestId('refunded-amount')).toBeVisible({ timeout: 30_000 });
    // Change 王二 to the next day, the difference paid from the balance.
    await staff.getByRole('button', { name: L('改签'), exact: true }).click();
    const change = staff.getByRole('dialog', { name: L('改签') });
    await change.getByLabel(L('新的乘车日期')).fill(travelDate(5));
    await change.getByRole('button', { name: L('查询车次') }).click();
    await change.getByRole('radio', { name: new RegExp(`^G1 .*${L('二等座')}`) }).check();
    await expect(change.getByTestId('change-quote')).toBeVisible();
    await change.getByRole('button', { name: L('申请改签') }).click();
    const card = staff.getByRole('listitem', { name: startsAs(L('改签单 {no}')) }).first();
    await expect(card.getByTestId('change-status')).toHaveText(L.server('改签占位成功'), { timeout: 30_000 });
    // 确认改签, or 支付并确认改签 when there is a difference to pay.
    await card.getByRole('button', { name: isEnglish() ? /[Cc]onfirm change/ : /确认改签/ }).click();
    await expect(card.getByTestId('change-status')).toHaveText(L.server('改签确认出票成功'), { timeout: 30_000 });
  } finally {
    await sandboxClock(request, { reset: true });
  }

  // The balance crossed the owner's threshold once: one low-balance email.
  await expect
    .poll(async () => (await mailsTo(owner, ownerEmail)).filter((m) => m.subject === L('预存款余额不足')).length, {
      timeout: 30_000,
    })
    .toBe(1);

  // The owner's statement: every movement, the balance equals the sum of the lines.
  await owner.goto('/agent/statement');
  const lines = owner.getByTestId('statement-line');
  // Each kind by its name in the 类型 column (an English memo may name another kind: "Top-up (…)").
  const ofKind = (kind: string) => lines.filter({ has: owner.locator('td:nth-child(2)', { hasText: kind }) });
  await expect(ofKind(L('充值', 'agency.statement.kind.topup'))).toHaveCount(1);
  await expect(ofKind(L('订单占款'))).toHaveCount(1);
  await expect(ofKind(L('退票退款'))).toHaveCount(1);
  await expect(ofKind(L('改签补差'))).toHaveCount(1);
  const amounts = await lines.locator('td:nth-child(4)').allTextContents();
  const fen = (t: string) => Math.round(Number(t.replace(/[^\d.-]/g, '')) * 100);
  const sum = amounts.reduce((a, t) => a + fen(t), 0);
  expect(fen((await owner.getByTestId('statement-balance').textContent())!)).toBe(sum);
  await expect(owner.getByRole('link', { name: L('下载 CSV') })).toBeVisible();
  await axe(owner, 'agency statement');
  await owner.goto('/agent/orders');
  await expect(owner.getByRole('region', { name: L('旅行社订单') })).toContainText('王客户');
  await axe(owner, 'agency orders');
  const csv = await owner.request.get('/api/agent/statement-csv');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain(L('充值', 'agency.statement.kind.topup'));

  // The owner's activity log in words, no code (order.book, order.pay, customer.create …) on any page.
  await expectProductWording(owner, '/agent');
  const actor = '员工甲';
  await expect(owner.getByText(fill(L.server('{actor} 新建客户 {name}'), { actor, name: '王客户' }))).toBeVisible();
  await expect(
    owner.getByText(
      fill(L.server('{actor} 为客户 {customer} 添加常用乘客 {name}'), { actor, customer: '王客户', name: '王大' }),
    ),
  ).toBeVisible();
  await expect(
    owner.getByText(
      fill(L.server('{actor} 为客户 {customer} 预订 {train}'), { actor, customer: '王客户', train: 'G1' }),
    ),
  ).toBeVisible();
  const paid = fill(L.server('{actor} 用预存款支付 {train} 订单 {amount}'), { actor, train: 'G1', amount: '¥' });
  await expect(owner.getByText(new RegExp(`${escape(paid)}\\d`))).toBeVisible();
  await expect(
    owner.getByText(fill(L.server('{actor} 邀请 {subject} 加入本代理'), { actor: '社长', subject: staffEmail })),
  ).toBeVisible();
  for (const path of ['/agent/orders', '/agent/customers', '/agent/staff', '/agent/statement', customerUrl, orderUrl])
    await expectProductWording(owner, path);
  await expectProductWording(staff, orderUrl);

  // Another agency's staff and a traveller: the first agency's pages, routes and CSVs are closed.
  const other = await newPage(browser);
  const otherOwner = uniqueEmail('other');
  await signUpAndSignIn(other, otherOwner, PASSWORD, '别家');
  await signOut(other);
  await admin.goto('/admin/agencies');
  const second = admin.getByRole('form', { name: L('新建旅行社') });
  await second.getByLabel(L('旅行社名称')).fill(`${agencyName}乙`);
  await second.getByLabel(L('负责人邮箱（已注册的账号）')).fill(otherOwner);
  await second.getByRole('button', { name: L('新建', 'admin.agencies.create') }).click();
  await expect(admin.getByRole('list', { name: L('旅行社列表') })).toContainText(`${agencyName}乙`);
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
  await axe(traveller, 'agency workspace refused (403)');
  expect((await traveller.request.get('/api/agent/orders-csv')).status()).toBe(403);
  expect((await traveller.request.get('/api/agent/statement-csv')).status()).toBe(403);
});

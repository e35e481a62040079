/**
 * Joining an agency from an invitation without an account (created and linked in one step), the
 * link's used / expired / unknown states, and a customer's passengers entered with the passenger
 * manager's form and rules.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { makeIdCard } from '../lib/domain/idcard';
import { e2eSql } from './db';
import { DEMO, signIn, uniqueEmail } from './helpers';
import { portalUrl, axe } from './journeys';
import { isEnglish, L } from './locale';

const PASSWORD = 'Joining-Staff-2026';

/** A page of its own (another person), in the running project's language (its locale and cookie). */
async function newPage(browser: Browser): Promise<Page> {
  const { locale = 'zh-CN', storageState } = test.info().project.use;
  const ctx = await browser.newContext({ baseURL: portalUrl(), locale, storageState, timezoneId: 'Asia/Shanghai' });
  return ctx.newPage();
}

async function inviteLink(owner: Page, email: string): Promise<string> {
  await owner.goto('/agent/staff');
  const inv = owner.getByRole('form', { name: L('邀请员工') });
  await inv.getByLabel(L('员工邮箱')).fill(email);
  await inv.getByRole('button', { name: L('生成邀请链接') }).click();
  const link = owner.getByTestId('invite-link');
  await expect(link).toBeVisible();
  return (await link.getAttribute('href'))!;
}

/** The demo agency's owner, signed in on a new page, and an invitation for a new email (`prefix`). */
async function ownerInvites(browser: Browser, prefix: string) {
  const owner = await newPage(browser);
  await signIn(owner, DEMO.agent.email, DEMO.agent.password);
  const email = uniqueEmail(prefix);
  return { owner, email, link: await inviteLink(owner, email) };
}

test('a visitor without an account registers on the invitation and is in the workspace; the link then says it was used', async ({
  browser,
}) => {
  const { owner, email, link } = await ownerInvites(browser, 'joiner');

  const visitor = await newPage(browser);
  await visitor.goto(link);
  await expect(
    visitor.getByText(isEnglish() ? `invites you (${email}) to join as staff` : `邀请您（${email}）成为员工`),
  ).toBeVisible();
  const form = visitor.getByRole('form', { name: L('注册并加入') });
  await expect(form.getByLabel(L('邮箱'))).toHaveValue(email);
  await axe(visitor, 'invitation (no account)');
  // Refused: the sign-up rules (password) and another email than the invited one. What was typed stays.
  await form.getByLabel(L('邮箱')).fill(uniqueEmail('someone-else'));
  await form.getByLabel(L('称呼', 'agency.join.displayName')).fill('新来的');
  await form.getByLabel(L('密码'), { exact: true }).fill('short');
  await form.getByLabel(L('确认密码')).fill('different');
  await form.getByRole('button', { name: L('注册并加入旅行社') }).click();
  await expect(form.getByText(L('密码至少 10 位。'))).toBeVisible();
  await expect(form.getByText(L('两次输入的密码不一致。'))).toBeVisible();
  await expect(form.getByLabel(L('称呼', 'agency.join.displayName'))).toHaveValue('新来的');
  await axe(visitor, 'invitation with field errors');
  await form.getByLabel(L('密码'), { exact: true }).fill(PASSWORD);
  await form.getByLabel(L('确认密码')).fill(PASSWORD);
  await form.getByRole('button', { name: L('注册并加入旅行社') }).click();
  await expect(
    form.getByText(isEnglish() ? `Please enter the invited email ${email}.` : `请填写收到邀请的邮箱 ${email}。`),
  ).toBeVisible();
  await expect(form.getByLabel(L('称呼', 'agency.join.displayName'))).toHaveValue('新来的');
  // The invited email: the account is created, linked and signed in, in one step.
  await form.getByLabel(L('邮箱')).fill(email);
  await form.getByRole('button', { name: L('注册并加入旅行社') }).click();
  await expect(visitor).toHaveURL(/\/agent$/);
  await expect(
    visitor.getByRole('heading', { name: new RegExp(`^${L('代理工作台', 'agency.home.title')} · `) }),
  ).toBeVisible();
  await owner.goto('/agent/staff');
  await expect(owner.getByRole('list', { name: L('员工列表') })).toContainText(email);

  // The same link again: the one who joined is told so; anyone else that it was used.
  await visitor.goto(link);
  await expect(visitor.locator('p[role=status]')).toContainText(
    isEnglish() ? 'You have joined the agency' : '已加入旅行社',
  );
  await expect(visitor.getByRole('form', { name: L('注册并加入') })).toHaveCount(0);
  const stranger = await newPage(browser);
  await stranger.goto(link);
  await expect(stranger.locator('p[role=alert]')).toHaveText(
    L('该邀请已被接受，不能再次使用。已加入的员工请直接登录。'),
  );
  await expect(stranger.getByRole('form', { name: L('注册并加入') })).toHaveCount(0);
  await axe(stranger, 'invitation already used');
  // The new account signs in with the password it chose, straight into the workspace.
  await signIn(stranger, email, PASSWORD);
  await stranger.goto('/agent');
  await expect(
    stranger.getByRole('heading', { name: new RegExp(`^${L('代理工作台', 'agency.home.title')} · `) }),
  ).toBeVisible();
});

test('an expired invitation and an unknown link say so; a member of another agency cannot join a second', async ({
  browser,
}) => {
  const { owner, email, link } = await ownerInvites(browser, 'late');
  const sql = e2eSql();
  try {
    await sql`update agency_invitations set expires_at = now() - interval '1 minute' where email = ${email}`;
  } finally {
    await sql.end();
  }
  const visitor = await newPage(browser);
  await visitor.goto(link);
  await expect(visitor.locator('p[role=alert]')).toContainText(
    isEnglish()
      ? "(Beijing time): ask the agency's manager to invite you again."
      : '过期，请联系旅行社负责人重新邀请。',
  );
  await expect(visitor.getByRole('form', { name: L('注册并加入') })).toHaveCount(0);
  await axe(visitor, 'invitation expired');
  await visitor.goto('/invite/ThisTokenWasNeverIssued123');
  await expect(visitor.locator('p[role=alert]')).toHaveText(L('邀请链接无效，请核对链接或联系旅行社负责人。'));
  await axe(visitor, 'invitation unknown');

  // The demo agency's owner, invited by their own agency: already a member of one agency.
  const self = await inviteLink(owner, DEMO.agent.email);
  await owner.goto(self);
  await owner.getByRole('button', { name: L('接受邀请') }).click();
  await expect(owner.getByRole('status')).toHaveText(L.server('该用户已属于一家旅行社。'));
});

test("a customer's passengers use the passenger manager's form: each card type's fields, refusals keep what was typed, the list is masked", async ({
  browser,
}) => {
  const staff = await newPage(browser);
  await signIn(staff, DEMO.agent.email, DEMO.agent.password);
  await staff.goto('/agent/customers');
  const name = `护照客户${Date.now() % 100_000}`;
  const cust = staff.getByRole('form', { name: L('新建客户') });
  await cust.getByLabel(L('客户姓名')).fill(name);
  await cust.getByLabel(L('手机号', 'agency.customers.mobile')).fill(`138${String(Date.now()).slice(-8)}`);
  await cust.getByRole('button', { name: L('新建'), exact: true }).click();
  await staff.getByRole('link', { name }).click();
  await expect(staff).toHaveURL(/\/agent\/customers\/[0-9a-f-]{36}$/);

  const add = staff.getByRole('form', { name: L('添加常用乘客') });
  await add.getByLabel(L('姓名', 'passengers.form.name')).fill('John Smith');
  await add.getByLabel(L('证件类型')).selectOption({ label: L.server('护照') });
  await add.getByLabel(L('证件号码', 'passengers.form.idNoPassport')).fill('E98765432');
  await add.getByRole('button', { name: L('添加', 'agency.passengerForm.submit'), exact: true }).click();
  // The passport's own fields are asked for, beside their fields; what was typed stays.
  await expect(add.getByText(L('此证件类型需要填写出生日期。'))).toBeVisible();
  await expect(add.getByText(L('此证件类型需要选择性别。'))).toBeVisible();
  await expect(add.getByText(L('此证件类型需要填写证件有效期截止日期。'))).toBeVisible();
  await expect(add.getByText(L('请填写国家或地区代码（如 US、GB）。'))).toBeVisible();
  await axe(staff, 'agency customer passenger form with errors');
  await expect(add.getByLabel(L('姓名', 'passengers.form.namePassport'))).toHaveValue('John Smith');
  await expect(add.getByLabel(L('证件号码', 'passengers.form.idNoPassport'))).toHaveValue('E98765432');
  await add.getByLabel(L('出生日期')).fill('1979-02-03');
  await add.getByLabel(L('性别')).selectOption({ label: L('男') });
  await add.getByLabel(L('证件有效期至', 'passengers.form.cardValidUntilPassport')).fill('2031-05-06');
  if (isEnglish()) await add.getByLabel(L('国籍')).selectOption('GB');
  else await add.getByLabel('国籍（国家或地区代码）').fill('GB');
  await add.getByLabel(L('手机号', 'passengers.form.mobile')).fill('13712345678');
  await add.getByRole('button', { name: L('添加', 'agency.passengerForm.submit'), exact: true }).click();
  const list = staff.getByRole('list', { name: L('常用乘客列表', 'agency.customer.passengerList') });
  await expect(list).toContainText(`John Smith · ${L.server('护照')} *******32 · ${L.server('成人票')}`);
  await expect(list).not.toContainText('E98765432');
  await expect(list).not.toContainText('13712345678');
  await expect(list).toContainText('137****5678');
  // The form is empty again for the next passenger; a student ticket asks for the school.
  await expect(add.getByLabel(L('姓名', 'passengers.form.name'))).toHaveValue('');
  await add.getByLabel(L('姓名', 'passengers.form.name')).fill('李同学');
  await add.getByLabel(L('旅客类型')).selectOption({ label: L.server('学生票') });
  await add.getByLabel(L('证件号码', 'passengers.form.idNo')).fill(makeIdCard('110101', '2005-03-04', 7));
  await add.getByRole('button', { name: L('添加', 'agency.passengerForm.submit'), exact: true }).click();
  await expect(add.getByText(L('学生票需要填写学校名称。'))).toBeVisible();
  await expect(add.getByLabel(L('姓名', 'passengers.form.name'))).toHaveValue('李同学');
});

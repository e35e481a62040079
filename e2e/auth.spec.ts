import { expect, test } from '@playwright/test';
import { e2eSql } from './db';
import { clearCookiesKeepLocale, DEMO, signIn, signUpAndSignIn, uniqueEmail } from './helpers';
import { axe } from './journeys';
import { isEnglish, L } from './locale';

/** The sign-in refusal (lib/auth/messages.ts), as the page shows it. */
const SIGN_IN_FAILED = () => L.server('邮箱或密码不正确。连续多次失败后账号将被暂时锁定，请稍后再试。');

test('sign up, sign out and sign in again', async ({ page }) => {
  const email = uniqueEmail('signup');
  const password = 'Trip-Planner-2026';
  await signUpAndSignIn(page, email, password, '小王');
  await expect(page).toHaveURL('/');
  await expect(page.getByTestId('current-user')).toContainText('小王');

  await page.getByRole('button', { name: L('退出登录') }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: L('登录') })).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveCount(0);

  await signIn(page, email, password);
  await expect(page.getByTestId('current-user')).toContainText(L('旅客', 'nav.role.traveller'));
});

test('sign-up gives the same answer for an email that is already registered', async ({ page }) => {
  async function submit(email: string) {
    await page.goto('/signup');
    await page.getByLabel(L('邮箱')).fill(email);
    await page.getByLabel(L('称呼', 'auth.signUp.displayName')).fill('试探者');
    await page.getByLabel(L('密码'), { exact: true }).fill('Probe-Account-77');
    await page.getByLabel(L('确认密码')).fill('Probe-Account-77');
    await page.getByRole('button', { name: L('注册', 'auth.signUp.submit') }).click();
    await expect(page).toHaveURL(/\/signin\?registered=1$/);
    return page.getByRole('status').textContent();
  }
  const fresh = await submit(uniqueEmail('fresh'));
  const existing = await submit(DEMO.traveller.email);
  expect(existing).toBe(fresh);
  expect(existing).not.toMatch(isEnglish() ? /already registered/i : /已注册，请直接登录/);
  // The demo traveller's password is untouched.
  await signIn(page, DEMO.traveller.email, DEMO.traveller.password);
});

test('sign-up shows every field error inline and keeps the input', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel(L('邮箱')).fill('not-an-email');
  await page.getByLabel(L('密码'), { exact: true }).fill('short');
  await page.getByLabel(L('确认密码')).fill('different');
  await page.getByRole('button', { name: L('注册', 'auth.signUp.submit') }).click();
  await expect(page.getByText(L.server('邮箱格式不正确。'))).toBeVisible();
  await expect(page.getByText(L.server('请输入称呼。'))).toBeVisible();
  await expect(page.getByText(L.server('密码至少 10 位。'))).toBeVisible();
  await expect(page.getByText(L.server('两次输入的密码不一致。'))).toBeVisible();
  await expect(page.getByLabel(L('邮箱'))).toHaveAttribute('aria-invalid', 'true');
});

test('a wrong password gives a clear message that does not reveal the account', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel(L('邮箱')).fill(DEMO.traveller.email);
  await page.getByLabel(L('密码')).fill('definitely-wrong-1');
  await page.getByRole('button', { name: L('登录') }).click();
  const message = page.getByRole('status');
  await expect(message).toContainText(SIGN_IN_FAILED());
  const known = await message.textContent();

  await page.getByLabel(L('邮箱')).fill(uniqueEmail('nobody'));
  await page.getByLabel(L('密码')).fill('definitely-wrong-1');
  await page.getByRole('button', { name: L('登录') }).click();
  await expect(page.getByLabel(L('邮箱'))).toHaveValue(/^nobody-/);
  await expect(message).toHaveText(known ?? '');
  await expect(page.getByRole('button', { name: L('退出登录') })).toHaveCount(0);
});

test('the right password is refused while locked and accepted once the lock runs out', async ({ page }) => {
  const email = uniqueEmail('lock');
  const password = 'Lock-Me-Out-2026';
  await signUpAndSignIn(page, email, password, '锁定测试');
  await page.getByRole('button', { name: L('退出登录') }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: L('登录') })).toBeVisible();

  async function attempt(pw: string) {
    await page.goto('/signin');
    await page.getByLabel(L('邮箱')).fill(email);
    await page.getByLabel(L('密码')).fill(pw);
    await page.getByRole('button', { name: L('登录') }).click();
  }
  async function refused() {
    await expect(page.getByRole('status')).toContainText(SIGN_IN_FAILED());
    await expect(page.getByRole('button', { name: L('退出登录') })).toHaveCount(0);
  }
  for (let i = 0; i < 5; i++) {
    await attempt(`wrong-${i}-password`);
    await refused();
  }
  await attempt(password);
  await refused();

  // The lock runs out: moved into the past in the database instead of waiting 15 minutes.
  const sql = e2eSql();
  try {
    // Locks are per (account, address): this browser's address holds the only one.
    const locked = await sql<{ locked_until: Date | null }[]>`select f.locked_until from sign_in_failures f
      join users u on u.id = f.user_id where u.email = ${email}`;
    expect(locked).toHaveLength(1);
    expect(locked[0]?.locked_until?.getTime()).toBeGreaterThan(Date.now());
    await sql`update sign_in_failures set locked_until = now() - interval '1 second'
      where user_id = (select id from users where email = ${email})`;
  } finally {
    await sql.end();
  }
  // One wrong guess after the lock must not lock the account again.
  await attempt('wrong-after-lock');
  await refused();
  await attempt(password);
  await expect(page.getByRole('button', { name: L('退出登录') })).toBeVisible();
});

test('sign-in never leaves the site, whatever callbackUrl says', async ({ page }) => {
  const attempts = [
    '/\\evil.example',
    '/%09/evil.example',
    encodeURIComponent('/%09/evil.example'),
    '//evil.example',
    encodeURIComponent('//evil.example'),
    'https://evil.example',
    encodeURIComponent('https://evil.example/trips'),
  ];
  for (const raw of attempts) {
    await clearCookiesKeepLocale(page.context());
    await page.goto(`/signin?callbackUrl=${raw}`);
    await page.getByLabel(L('邮箱')).fill(DEMO.traveller.email);
    await page.getByLabel(L('密码')).fill(DEMO.traveller.password);
    await page.getByRole('button', { name: L('登录') }).click();
    await expect(page.getByRole('button', { name: L('退出登录') })).toBeVisible();
    expect(page.url(), raw).toMatch(/^http:\/\/localhost:\d+\/$/);
  }
});

test('without JavaScript the sign-in form posts, and the password never appears in a URL', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  await page.goto('/signin?callbackUrl=/trips');
  await expect(page.locator('main form').first()).toHaveAttribute('method', /^post$/i);
  await page.getByLabel(L('邮箱')).fill(DEMO.traveller.email);
  await page.getByLabel(L('密码')).fill(DEMO.traveller.password);
  await page.getByRole('button', { name: L('登录') }).click();
  await expect(page).toHaveURL(/\/trips$/);
  await expect(page.getByTestId('current-user')).toBeVisible();

  // A wrong password without JavaScript: refused on a server-rendered page, still no password in a URL.
  await clearCookiesKeepLocale(context);
  await page.goto('/signin');
  await page.getByLabel(L('邮箱')).fill(DEMO.traveller.email);
  await page.getByLabel(L('密码')).fill('No-Script-Guess-1');
  await page.getByRole('button', { name: L('登录') }).click();
  await expect(page.getByRole('status')).toContainText(SIGN_IN_FAILED());
  expect(urls.length).toBeGreaterThan(2);
  for (const u of urls) {
    expect(u).not.toContain(DEMO.traveller.password);
    expect(u).not.toContain('No-Script-Guess-1');
    expect(u).not.toContain('password=');
  }
  await context.close();
});

test('a traveller is refused the admin area, its route handler and the agent area', async ({ page }) => {
  await signIn(page, DEMO.traveller.email, DEMO.traveller.password);
  const adminPage = await page.goto('/admin');
  expect(adminPage?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: L.re('无权访问 (403)') })).toBeVisible();
  const agentPage = await page.goto('/agent');
  expect(agentPage?.status()).toBe(403);

  const api = await page.request.get('/api/admin/users');
  expect(api.status()).toBe(403);
  const body = await api.text();
  expect(body).not.toContain('@');
  expect(body).not.toMatch(/\$2[aby]\$/);
});

test('signed-out visitors are sent to sign-in and back', async ({ page }) => {
  await page.goto('/trips');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  const api = await page.request.get('/api/admin/users');
  expect(api.status()).toBe(401);
  await page.getByLabel(L('邮箱')).fill(DEMO.traveller.email);
  await page.getByLabel(L('密码')).fill(DEMO.traveller.password);
  await page.getByRole('button', { name: L('登录') }).click();
  await expect(page).toHaveURL(/\/trips$/);
  await expect(page.getByRole('heading', { name: L('我的行程') })).toBeVisible();
});

test('admin sees the user list without password hashes; role-aware navigation', async ({ page }) => {
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await expect(
    page.getByRole('navigation', { name: L('主导航') }).getByRole('link', { name: L('管理后台') }),
  ).toBeVisible();
  await page.goto('/admin');
  await expect(page.getByRole('cell', { name: DEMO.traveller.email })).toBeVisible();
  const api = await page.request.get('/api/admin/users');
  expect(api.status()).toBe(200);
  const json = (await api.json()) as { users: Record<string, unknown>[] };
  expect(json.users.length).toBeGreaterThanOrEqual(3);
  for (const u of json.users) expect(u).not.toHaveProperty('passwordHash');
});

test('375 px: navigation folds into a menu button and works by keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signIn(page, DEMO.agent.email, DEMO.agent.password);
  const menu = page.getByRole('button', { name: L('菜单') });
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await page
    .getByRole('navigation', { name: L('移动端导航') })
    .getByRole('link', { name: L('代理工作台') })
    .click();
  await expect(page.getByRole('heading', { name: L('代理工作台') })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});

test('sign-in and sign-up pages have no accessibility violations of any impact', async ({ page }) => {
  for (const path of ['/', '/signin', '/signup']) {
    await page.goto(path);
    await axe(page, path);
  }
});

test('security headers and cookie flags', async ({ page }) => {
  const res = await page.request.get('/');
  const h = res.headers();
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
  await signIn(page, DEMO.traveller.email, DEMO.traveller.password);
  const session = (await page.context().cookies()).find((c) => c.name.includes('session-token'));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');
});

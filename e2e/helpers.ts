import { e2eSql } from './db';
import { isEnglish, L } from './locale';
import { expect, type BrowserContext, type Page } from '@playwright/test';

export const DEMO = {
  traveller: { email: 'traveller@demo.test', password: 'Traveller2026', name: '演示旅客' },
  agent: { email: 'agent@demo.test', password: 'Agent2026demo', name: '演示代理' },
  admin: { email: 'admin@demo.test', password: 'Admin2026demo', name: '演示管理员' },
} as const;

export function uniqueEmail(prefix = 'e2e'): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
}

/**
 * The account's language set to the project's before signing in: the language an account chose wins
 * at sign-in (lib/i18n/locale.ts signInLocale), and the demo accounts are shared by the specs of both
 * projects (an English sign-in remembers English on an account that never chose), so without this a
 * sign-in would come out in whichever language the account last had.
 */
async function accountTakesProjectLanguage(email: string): Promise<void> {
  const sql = e2eSql();
  try {
    await sql`update users set locale = ${isEnglish() ? 'en' : 'zh'} where email = ${email}`;
  } finally {
    await sql.end();
  }
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await accountTakesProjectLanguage(email);
  await page.goto('/signin');
  await page.getByLabel(L('邮箱')).fill(email);
  await page.getByLabel(L('密码')).fill(password);
  await page.getByRole('button', { name: L('登录') }).click();
  await expect(page.getByRole('button', { name: L('退出登录') })).toBeVisible();
}

/**
 * Signs a new traveller up through the form, then in: sign-up answers the same whether or not the
 * email existed, so it always ends on the sign-in page rather than signed in.
 */
export async function signUpAndSignIn(page: Page, email: string, password: string, name = '旅客'): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel(L('邮箱')).fill(email);
  await page.getByLabel(L('称呼', 'auth.signUp.displayName')).fill(name);
  await page.getByLabel(L('密码'), { exact: true }).fill(password);
  await page.getByLabel(L('确认密码')).fill(password);
  await page.getByRole('button', { name: L('注册', 'auth.signUp.submit') }).click();
  await expect(page).toHaveURL(/\/signin\?registered=1$/);
  await page.getByLabel(L('邮箱')).fill(email);
  await page.getByLabel(L('密码')).fill(password);
  await page.getByRole('button', { name: L('登录') }).click();
  await expect(page.getByRole('button', { name: L('退出登录') })).toBeVisible();
}

/**
 * Clears a context's cookies as a new visitor's browser has none, but keeps the language the project
 * runs in: the portal keeps the locale only in its cookie (lib/i18n/config.ts), so the English project's
 * visitor without it would get the Chinese default.
 */
export async function clearCookiesKeepLocale(context: BrowserContext): Promise<void> {
  const locale = (await context.cookies()).filter((c) => c.name === 'NEXT_LOCALE');
  await context.clearCookies();
  if (locale.length > 0) await context.addCookies(locale);
}

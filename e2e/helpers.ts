import { L } from './locale';
import { expect, type Page } from '@playwright/test';

export const DEMO = {
  traveller: { email: 'traveller@demo.test', password: 'Traveller2026', name: '演示旅客' },
  agent: { email: 'agent@demo.test', password: 'Agent2026demo', name: '演示代理' },
  admin: { email: 'admin@demo.test', password: 'Admin2026demo', name: '演示管理员' },
} as const;

export function uniqueEmail(prefix = 'e2e'): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
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

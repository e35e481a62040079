/**
 * The README's screenshots, taken from a running portal so they stay current: `npm start` in one
 * terminal, then `npm run screenshots` in another. Signs in as the demo users (db/seed.ts), walks to
 * each page and writes docs/screenshots/*.png at 1280×800, and the search results at 375×812 too.
 *
 * It books one real order for the demo traveller on each run (G1 北京南 → 上海 three days ahead, one
 * saved passenger), pays it through the sandbox cashier and opens the refund dialog; the admin's
 * reconciliation is run once. Against another address: SCREENSHOTS_URL=http://host:port. Chromium:
 * CHROMIUM_PATH, else /usr/bin/chromium (as playwright.config.ts).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../db/seed';
import { makeIdCard } from '../lib/domain/idcard';
import { addDays, shanghaiDate } from '../lib/time';

const BASE = process.env.SCREENSHOTS_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
const OUT = path.join(process.cwd(), 'docs', 'screenshots');
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 375, height: 812 };
/** Waits for the portal's answers (a hold, the sandbox's issue, a reconciliation run). */
const SLOW = 60_000;

const PASSENGER = { name: '演示乘客', id: makeIdCard('110101', '1985-06-15', 123) };

function demo(role: 'traveller' | 'agent' | 'admin') {
  const a = DEMO_ACCOUNTS.find((x) => x.role === role);
  if (!a) throw new Error(`no demo ${role} in db/seed.ts`);
  return a;
}

async function newPage(browser: Browser, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({
    baseURL: BASE,
    viewport,
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

async function signIn(page: Page, role: 'traveller' | 'agent' | 'admin') {
  const a = demo(role);
  await page.goto('/signin');
  await page.getByLabel('邮箱').fill(a.email);
  await page.getByLabel('密码').fill(a.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
}

async function shot(page: Page, name: string) {
  // Nothing still loading (a skeleton or a pending part says aria-busy), no caret, no running
  // animation, no hover: the same page gives the same picture.
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: SLOW });
  await page.mouse.move(0, 0);
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

/** Search results from the home page's form (station autocomplete, date). */
async function search(page: Page, date: string): Promise<string> {
  await page.goto('/');
  await page.getByRole('combobox', { name: '出发站' }).fill('bjn');
  await page
    .getByRole('option', { name: /^北京南/ })
    .first()
    .click();
  await page.getByRole('combobox', { name: '到达站' }).fill('上海');
  await page
    .getByRole('option', { name: /^上海（全部/ })
    .first()
    .click();
  await page.getByLabel('出发日期').fill(date);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.waitForURL(/\/search\?/);
  await page.getByRole('listitem', { name: '车次 G1', exact: true }).waitFor({ timeout: SLOW });
  return page.url();
}

/** On the booking form: the demo passenger chosen (saved on the first run, ticked on the next ones). */
async function choosePassenger(page: Page) {
  const saved = page.getByRole('checkbox', { name: new RegExp(PASSENGER.name) });
  if ((await saved.count()) > 0) {
    if (!(await saved.first().isChecked())) await saved.first().check();
    return;
  }
  const add = page.getByRole('button', { name: '+ 添加乘客' });
  if (await add.isVisible()) await add.click();
  const form = page.getByRole('form', { name: '添加乘客' });
  await form.getByLabel('姓名').fill(PASSENGER.name);
  await form.getByLabel('证件号码').fill(PASSENGER.id);
  await form.getByRole('button', { name: '保存乘客' }).click();
  await page.getByText(PASSENGER.name, { exact: true }).first().waitFor();
}

async function traveller(browser: Browser, date: string) {
  const page = await newPage(browser);
  await signIn(page, 'traveller');

  const results = await search(page, date);
  await shot(page, 'search');
  const mobile = await newPage(browser, MOBILE);
  await mobile.goto(results);
  await mobile.getByRole('listitem', { name: '车次 G1', exact: true }).waitFor({ timeout: SLOW });
  await shot(mobile, 'search-mobile');
  await mobile.context().close();

  // The booking form with the seat map, one free seat picked.
  await page
    .getByRole('listitem', { name: '车次 G1', exact: true })
    .getByRole('link', { name: '预订 G1 二等座' })
    .click();
  await page.getByRole('heading', { name: '填写订单' }).waitFor();
  await choosePassenger(page);
  const seat = page.getByRole('button', { name: /第\d+排 [A-F] 座/, disabled: false }).first();
  await seat.waitFor();
  await seat.click();
  await page.getByLabel('联系人手机号').fill('13800138000');
  await seat.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, 'seat-map');

  // The held order with its pay-by countdown.
  await page.getByRole('button', { name: '提交订单' }).click();
  await page.waitForURL(/\/trips\/[0-9a-f-]{36}/);
  await page.getByTestId('order-status').filter({ hasText: '占位成功' }).waitFor({ timeout: SLOW });
  await page.getByTestId('countdown').waitFor();
  await shot(page, 'order-countdown');

  // Paid at the sandbox cashier, issued, and the refund dialog with its fee.
  await page.getByRole('link', { name: '去支付' }).click();
  await page.getByRole('button', { name: '前往收银台支付' }).click();
  await page.waitForURL(/\/pay\/cashier\//);
  await page.getByRole('button', { name: '确认支付' }).click();
  await page.waitForURL(/\/trips\/[0-9a-f-]{36}/);
  await page.getByTestId('order-status').filter({ hasText: '出票成功' }).waitFor({ timeout: SLOW });
  await page.getByRole('button', { name: '退票', exact: true }).click();
  const refund = page.getByRole('dialog', { name: '退票' });
  await refund.getByTestId('refund-fee').waitFor({ timeout: SLOW });
  await shot(page, 'refund-dialog');
  await page.context().close();
}

async function clerk(browser: Browser) {
  const page = await newPage(browser);
  await signIn(page, 'agent');
  await page.goto('/agent');
  await page.getByRole('heading', { name: /^代理工作台/, level: 1 }).waitFor();
  await shot(page, 'clerk-workspace');
  await page.context().close();
}

async function reconciliation(browser: Browser) {
  const page = await newPage(browser);
  await signIn(page, 'admin');
  await page.goto('/admin/reconciliation');
  await page.getByRole('heading', { name: '退款对账', level: 1 }).waitFor();
  await page.getByRole('button', { name: '立即对账' }).click();
  await page.getByRole('status').filter({ hasText: '对账完成' }).waitFor({ timeout: SLOW });
  await page.getByTestId('last-run').filter({ hasText: '已完成' }).waitFor();
  await shot(page, 'reconciliation');
  await page.context().close();
}

/** Chinese text needs a CJK font, or every label is drawn as boxes (Debian: fonts-noto-cjk). */
function warnWithoutCjkFont() {
  let fonts = '';
  try {
    fonts = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  } catch {
    return; // no fontconfig to ask (not Linux): trust the system's fonts
  }
  if (!fonts.trim())
    console.warn(
      'No Chinese font found: the screenshots will show boxes. Install one: apt-get install -y fonts-noto-cjk',
    );
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  warnWithoutCjkFont();
  const res = await fetch(BASE).catch(() => null);
  if (!res) throw new Error(`No portal at ${BASE}: start it with \`npm start\` (or set SCREENSHOTS_URL).`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars'],
  });
  try {
    await traveller(browser, addDays(shanghaiDate(), 3));
    await clerk(browser);
    await reconciliation(browser);
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/**
 * Shared steps of the traveller journeys (booking, after-sales): a new traveller, passengers, search,
 * paying through the sandbox cashier, and the axe checks.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { makeIdCard } from '../lib/domain/idcard';
import { DEFAULT_PROVIDER_APP_KEY } from '../protocol/defaults';
import { addDays, shanghaiDate } from '../lib/time';
import { e2eSql } from './db';
import { L } from './locale';
import { signUpAndSignIn, uniqueEmail } from './helpers';

import { sandboxUrl } from './stack';

/** The running project's stack (e2e/stack.ts), as the specs have always imported it from here. */
export { mailCatcherUrl, portalUrl, sandboxUrl } from './stack';

export function travelDate(daysAhead: number): string {
  return addDays(shanghaiDate(), daysAhead);
}

// A random start among 270,000 distinct ID numbers (30 years × 9 months × 1,000 sequence numbers), so a
// worker started again after a failure does not hand out the numbers its predecessor booked (the
// sandbox refuses a second booking of one ID on an overlapping train: 行程冲突).
let seq = Math.floor(Math.random() * 270_000);
export function person(name: string) {
  seq = (seq + 1) % 270_000;
  const n = seq % 1000;
  const day = Math.floor(seq / 1000);
  return { name, id: makeIdCard('110101', `19${60 + (day % 30)}-0${1 + (Math.floor(day / 30) % 9)}-1${n % 9}`, n) };
}

export async function newTraveller(page: Page) {
  const email = uniqueEmail('trip');
  const password = 'Journey-Planner-9';
  await signUpAndSignIn(page, email, password, '出行人');
  return { email, password };
}

async function axeViolations(page: Page, where: string, counts: (impact: string | null | undefined) => boolean) {
  // Colours are judged as they end, not halfway through a fade (a toast sliding in on a busy machine
  // was read at part opacity): wait for running finite animations and transitions (bounded; the
  // skeletons' endless pulse is left alone).
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => counts(v.impact))
    .map((v) => `${where}: ${v.id} (${v.impact ?? '?'}, ${v.nodes.length}×) ${v.nodes[0]?.target.join(' ')}`);
}

/**
 * axe on the page as it stands: fails on a violation of any impact (issue 29: moderate and minor
 * included: heading order, landmarks, content outside landmarks, names of regions).
 */
export async function axe(page: Page, where: string) {
  expect(await axeViolations(page, where, () => true)).toEqual([]);
}

export async function searchFromHome(page: Page, from: [string, RegExp], to: [string, RegExp], date: string) {
  await page.goto('/');
  await page.getByRole('combobox', { name: L('出发站') }).fill(from[0]);
  await page.getByRole('option', { name: from[1] }).first().click();
  await page.getByRole('combobox', { name: L('到达站') }).fill(to[0]);
  await page.getByRole('option', { name: to[1] }).first().click();
  await page.getByLabel(L('出发日期')).fill(date);
  await page.getByRole('button', { name: L('查询', 'search.form.submit'), exact: true }).click();
  await expect(page).toHaveURL(/\/search\?/);
}

/** Opens the booking form for G1 北京南 → 上海 on `date` in seat type `seat`. */
export async function openBooking(page: Page, date: string, seat: number) {
  await page.goto(
    `/book?${new URLSearchParams({ train: 'G1', from: '北京南', to: '上海', date, seat: String(seat) }).toString()}`,
  );
}

/** Fills the contact mobile on the booking form and submits it. */
export async function submitBooking(page: Page, mobile: string) {
  await page.getByLabel(L('联系人手机号')).fill(mobile);
  await page.getByRole('button', { name: L('提交订单') }).click();
}

/** Places a G1 order: the booking form on `date` in seat type `seat`, each of `passengers` added, submitted. */
export async function placeOrder(
  page: Page,
  o: { date: string; seat: number; passengers: { name: string; id: string }[]; mobile: string },
) {
  await openBooking(page, o.date, o.seat);
  for (const p of o.passengers) await addPassenger(page, p);
  await submitBooking(page, o.mobile);
}

export async function addPassenger(page: Page, p: { name: string; id: string }) {
  const add = page.getByRole('button', { name: L('+ 添加乘客') });
  if (await add.isVisible()) await add.click();
  const form = page.getByRole('form', { name: L('添加乘客') });
  await form.getByLabel(L('姓名', 'passengers.form.name')).fill(p.name);
  await form.getByLabel(L('证件号码', 'passengers.form.idNo')).fill(p.id);
  await form.getByRole('button', { name: L('保存乘客') }).click();
  await expect(page.getByText(p.name, { exact: true })).toBeVisible();
}

export async function payAndIssue(page: Page) {
  await expect(page.getByTestId('order-status')).toHaveText(L.server('占位成功'), { timeout: 30_000 });
  await expect(page.getByTestId('countdown')).toHaveText(/^(09|10):\d{2}$/);
  await page.getByRole('link', { name: L('去支付') }).click();
  await page.getByRole('button', { name: L('前往收银台支付') }).click();
  // The sandbox gateway's cashier (another origin): paying there is what the notification reports.
  await expect(page).toHaveURL(new RegExp(`^${sandboxUrl()}/pay/cashier/`));
  await page.getByRole('button', { name: '确认支付' }).click();
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}/);
  await expect(page.getByTestId('order-status')).toHaveText(L.server('出票成功'), { timeout: 30_000 });
}

/** Moves (or resets) the sandbox's clock, shared by every journey. */
export async function sandboxClock(request: APIRequestContext, body: object) {
  const res = await request.post(`${sandboxUrl()}/sandbox/clock`, {
    headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY },
    data: body,
  });
  expect(res.ok()).toBe(true);
}

/**
 * Past the 5 minutes after issue in which 12306 takes no refund (309), for both clocks that decide:
 * the sandbox's moves 6 minutes on, and the portal's record of the order's events (whose ticket
 * issue gives the refund dialog's `availableAt`) 6 minutes back. The caller resets the sandbox clock.
 */
export async function passRefundLock(request: APIRequestContext, orderUrlOrId: string) {
  const orderId = /([0-9a-f-]{36})/.exec(orderUrlOrId)![1]!;
  await sandboxClock(request, { advanceMinutes: 6 });
  const sql = e2eSql();
  try {
    const moved = await sql`update order_events set at = at - interval '6 minutes' where order_id = ${orderId}`;
    expect(moved.count).toBeGreaterThan(0);
  } finally {
    await sql.end();
  }
}

/**
 * Issue 30, round trips (UNRUN by the helper who wrote it: the lead runs e2e). 往返 on the search
 * form: outbound and return trains together, one of each chosen, both legs booked with two passengers
 * on one form, held together and paid ONCE at the sandbox cashier; the trip page shows both legs issued.
 */
import { expect, test } from '@playwright/test';
import { e2eSql } from './db';
import { addPassenger, axe, newTraveller, person, sandboxUrl, travelDate } from './journeys';
import { isEnglish, L } from './locale';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The round-trip words with a value: "去程 G1", "Outbound G1"; "选为返程 G2", "Choose as return G2". */
const outbound = (v: string) => `${isEnglish() ? 'Outbound' : '去程'} ${v}`;
const inbound = (v: string) => `${isEnglish() ? 'Return' : '返程'} ${v}`;
const chooseOut = (train: string) => `${L('选为去程')} ${train}`;
const chooseBack = (train: string) => `${L('选为返程')} ${train}`;

// The sandbox clock is shared: these journeys run one after another.
test.describe.configure({ mode: 'serial' });

test('a round trip booked with two passengers and paid once', async ({ page }) => {
  await newTraveller(page);
  const out = travelDate(5);
  const back = travelDate(6);

  // 往返 on the search form: a return date, then outbound and return trains together.
  await page.goto('/');
  await page.getByRole('combobox', { name: L('出发站') }).fill('bjn');
  await page
    .getByRole('option', { name: new RegExp(`^${escape(L('北京南'))}`) })
    .first()
    .click();
  await page.getByRole('combobox', { name: L('到达站') }).fill('上海');
  await page
    .getByRole('option', { name: new RegExp(`^${escape(L('上海'))}${isEnglish() ? ' \\(all ' : '（全部'}`) })
    .first()
    .click();
  await page.getByLabel(L('出发日期')).fill(out);
  await page.getByRole('checkbox', { name: L('往返') }).check();
  await page.getByLabel(L('返程日期')).fill(back);
  await page.getByRole('button', { name: L('查询', 'search.form.submit'), exact: true }).click();
  await expect(page).toHaveURL(/\/search\/round\?/);
  await expect(page.getByRole('heading', { name: new RegExp(`^${outbound(out)}`) })).toBeVisible();
  await expect(page.getByRole('heading', { name: new RegExp(`^${inbound(back)}`) })).toBeVisible();
  await axe(page, 'round-trip results');

  await page.getByRole('button', { name: chooseOut('G1'), exact: true }).click();
  await expect(page.getByRole('button', { name: chooseOut('G1'), exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.getByRole('button', { name: chooseBack('G2'), exact: true }).click();
  await expect(page.getByTestId('round-choice')).toHaveText(`${outbound('G1')} · ${inbound('G2')}`);
  await page.getByRole('link', { name: L('预订往返') }).click();
  await expect(page).toHaveURL(/\/trips\/new\?kind=round&/);

  // One form for both legs: passengers once, a seat class per leg, the total of both.
  await expect(page.getByTestId('trip-form-leg-1')).toContainText('G1');
  await expect(page.getByTestId('trip-form-leg-2')).toContainText('G2');
  for (const p of [person('往返一'), person('往返二')]) await addPassenger(page, p);
  await expect(page.getByTestId('trip-form-total')).not.toHaveText('¥0');
  await axe(page, 'trip booking form');
  await page.getByLabel(L('联系人手机号')).fill('13800138000');
  await page.getByRole('button', { name: L('提交订单') }).click();

  // Both legs held together, then ONE payment for both.
  await expect(page).toHaveURL(/\/trips\/t\/[0-9a-f-]{36}$/);
  const tripId = /\/trips\/t\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await expect(page.getByTestId('trip-status')).toHaveText(L.server('待支付'), { timeout: 30_000 });
  await expect(page.getByTestId('trip-leg-1')).toContainText('G1');
  await expect(page.getByTestId('trip-leg-2')).toContainText('G2');
  await axe(page, 'trip page (held)');
  await page.getByRole('button', { name: L('去支付') }).click();
  await expect(page).toHaveURL(new RegExp(`^${sandboxUrl()}/pay/cashier/`));
  // The sandbox gateway's cashier page is Chinese in either project.
  await page.getByRole('button', { name: '确认支付' }).click();
  await expect(page).toHaveURL(new RegExp(`/trips/t/${tripId}`));
  await expect(page.getByTestId('trip-status')).toHaveText(L.server('已出票'), { timeout: 30_000 });
  await expect(page.getByTestId('trip-leg-1-status')).toHaveText(L.server('出票成功'));
  await expect(page.getByTestId('trip-leg-2-status')).toHaveText(L.server('出票成功'));
  await axe(page, 'trip page (issued)');

  // Paid once: one gateway payment for the trip, each leg paid with its share of it.
  const sql = e2eSql();
  try {
    const whole =
      await sql`select amount_fen from payments where trip_id = ${tripId} and order_id is null and status = 'paid'`;
    expect(whole).toHaveLength(1);
    const legs = await sql`select paid_fen, total_fen from orders where trip_id = ${tripId}`;
    expect(legs).toHaveLength(2);
    expect(legs.reduce((a, o) => a + Number(o.paid_fen), 0)).toBe(Number(whole[0]!.amount_fen));
  } finally {
    await sql.end();
  }

  // Each leg links to its order page, which says it is part of the trip and warns in its dialogs.
  await page
    .getByRole('link', {
      name: isEnglish() ? 'View the order of leg 1 (refund, change ticket)' : '查看第1程订单（退票、改签）',
    })
    .click();
  await expect(page.getByTestId('order-trip-note')).toContainText(
    isEnglish() ? `leg 1 of a trip (${L.server('往返')})` : '往返行程的第1程',
  );
  await page.getByRole('button', { name: L('退票', 'orders.refund.title'), exact: true }).click();
  await expect(page.getByTestId('trip-leg-warning')).toContainText(isEnglish() ? 'Leg 2 G2' : '第2程 G2');
});

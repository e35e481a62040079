import { expect, test, type APIRequestContext } from '@playwright/test';
import { callbackSign } from '../protocol/panhe/sign';
import { DEFAULT_PROVIDER_SECRET_KEY } from '../protocol/defaults';
import { DEMO, signIn } from './helpers';
import { axe } from './journeys';
import { L } from './locale';
import { expectProductWording } from './wording';

/** A signed panhe callback (event order.hold) for an order nobody has: accepted as signed, changes nothing. */
async function strayCallback(request: APIRequestContext, orderNo: string) {
  const res = await request.post('/api/provider/callbacks/order', {
    data: {
      orderNo,
      trainCode: 'G1',
      fromStation: '北京南',
      toStation: '上海',
      fromDateTime: '2026-12-01 07:00:00',
      toDateTime: '2026-12-01 11:29:00',
      orderStatus: 2,
      contactMobile: '13812345678',
      trainTickets: [
        { name: '测试', cardType: 1, cardNo: '11010519491231002X', ticketType: 1, seatType: 4, ticketStatus: 2 },
      ],
      eventType: 'order.hold',
      sign: callbackSign(DEFAULT_PROVIDER_SECRET_KEY, orderNo),
    },
  });
  expect(res.status()).not.toBe(401);
}

/**
 * The forged callback's order number, this run's own: a stack the suite runs on again (E2E_REUSE=1, or
 * both projects on one stack) keeps the earlier runs' rows in its log.
 */
const FORGED = `T-FORGED-${Date.now()}`;

test('admin callback log shows each callback with its verdict, masked', async ({ page, request }) => {
  // A forged callback: refused with 401 and logged as such.
  const forged = await request.post('/api/provider/callbacks/order', {
    data: {
      orderNo: FORGED,
      trainCode: 'G1',
      fromStation: '北京南',
      toStation: '上海',
      fromDateTime: '2026-12-01 07:00:00',
      toDateTime: '2026-12-01 11:29:00',
      orderStatus: 5,
      contactMobile: '13812345678',
      trainTickets: [
        { name: '测试', cardType: 1, cardNo: '11010519491231002X', ticketType: 1, seatType: 4, ticketStatus: 5 },
      ],
      eventType: 'order.cancel',
      sign: '0'.repeat(32),
    },
  });
  expect(forged.status()).toBe(401);
  const junk = await request.post('/api/provider/callbacks/refund', {
    data: 'not json at all',
    headers: { 'content-type': 'text/plain' },
  });
  expect(junk.status()).toBe(400);

  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await page.goto('/admin');
  await page.getByRole('link', { name: L('供应商回调日志', 'admin.home.links.callbacks') }).click();
  await expect(page.getByRole('heading', { name: L('供应商回调日志', 'admin.callbacks.title') })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: FORGED });
  await expect(row.getByTestId('verdict')).toContainText(L('签名错误（拒绝）'));
  await row.getByText(L('查看')).click();
  await expect(row.locator('pre')).toContainText('1101**********002X');
  await expect(row.locator('pre')).not.toContainText('11010519491231002X');
  await expect(row.locator('pre')).toContainText('138****5678');
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: L('格式错误（拒绝）') })
      .first(),
  ).toBeVisible();
  await axe(page, 'admin callback log');
});

test('admin pages speak product words: callback events, queues and every page without internal codes', async ({
  page,
  request,
}) => {
  // A signed callback with the provider's event code order.hold for an order nobody has: logged
  // (a signed callback is never sampled away), it changes nothing; the log says 占座结果.
  const orderNo = `T-WORDS-${Date.now()}`;
  await strayCallback(request, orderNo);
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await expectProductWording(page, '/admin/callbacks');
  const row = page.getByRole('row').filter({ hasText: orderNo });
  await expect(row).toContainText(L('占座结果'));
  await expect(row).toContainText(L('订单推送'));

  // Every queue by its Chinese label; the pg-boss name only as a tooltip.
  await expectProductWording(page, '/admin/jobs');
  await expect(page.getByTestId('queue-grab-tick')).toContainText(L('抢票查询'));
  await expect(page.getByTestId('queue-grab-tick').getByTitle('grab-tick')).toBeVisible();

  for (const path of [
    '/admin',
    '/admin/agencies',
    '/admin/providers',
    '/admin/window-refunds',
    '/admin/reconciliation',
    '/admin/reconciliation/discrepancies',
  ])
    await expectProductWording(page, path);
});

test('a traveller cannot open the callback log', async ({ page }) => {
  await signIn(page, DEMO.traveller.email, DEMO.traveller.password);
  const res = await page.goto('/admin/callbacks');
  expect(res?.status()).toBe(403);
  await expect(page.getByText(FORGED)).toHaveCount(0);
});

test('admin system page reads the metrics: callbacks, queues; /api/metrics answers the loopback in the Prometheus format', async ({
  page,
  request,
}) => {
  // A signed callback for an order nobody has: counted with its verdict.
  const orderNo = `T-SYSTEM-${Date.now()}`;
  await strayCallback(request, orderNo);

  const metrics = await request.get('/api/metrics');
  expect(metrics.status()).toBe(200);
  const text = await metrics.text();
  expect(text).toMatch(/^rail_callback_verdicts_total\{provider="panhe",kind="order",verdict="[a-z_]+"\} [1-9]/m);
  expect(text).toMatch(/^rail_job_queue_depth\{queue="[a-z-]+"\} \d+/m);

  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await page.goto('/admin');
  await page.getByRole('link', { name: L('系统状态', 'admin.home.links.system') }).click();
  await expect(page.getByRole('heading', { level: 1, name: L('系统状态', 'admin.system.title') })).toBeVisible();
  await expect(
    page
      .getByRole('table', { name: L('供应商回调（按结果）') })
      .getByRole('row')
      .nth(1),
  ).toContainText('panhe');
  await expect(page.getByTestId('system-queue-order-sync')).toBeVisible();
  await axe(page, 'admin system page');
});

test('a traveller cannot open the system page', async ({ page }) => {
  await signIn(page, DEMO.traveller.email, DEMO.traveller.password);
  const res = await page.goto('/admin/system');
  expect(res?.status()).toBe(403);
});

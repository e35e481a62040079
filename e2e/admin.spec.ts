import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DEMO, signIn } from './helpers';

test('admin callback log shows each callback with its verdict, masked', async ({ page, request }) => {
  // A forged callback: refused with 401 and logged as such.
  const forged = await request.post('/api/provider/callbacks/order', {
    data: {
      orderNo: 'T-FORGED-1',
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
  await page.getByRole('link', { name: '供应商回调日志' }).click();
  await expect(page.getByRole('heading', { name: '供应商回调日志' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'T-FORGED-1' });
  await expect(row.getByTestId('verdict')).toContainText('签名错误');
  await row.getByText('查看').click();
  await expect(row.locator('pre')).toContainText('1101**********002X');
  await expect(row.locator('pre')).not.toContainText('11010519491231002X');
  await expect(row.locator('pre')).toContainText('138****5678');
  await expect(page.getByRole('row').filter({ hasText: '格式错误' }).first()).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
    [],
  );
});

test('a traveller cannot open the callback log', async ({ page }) => {
  await signIn(page, DEMO.traveller.email, DEMO.traveller.password);
  const res = await page.goto('/admin/callbacks');
  expect(res?.status()).toBe(403);
  await expect(page.getByText('T-FORGED-1')).toHaveCount(0);
});

/**
 * Notifications (issue 28) in Chromium: the hold email read from the local mail catcher's API (pay-by
 * time, a link that opens the order), the inbox's unread count in the header and marking read, and web
 * push: the subscription from the settings page and a push handled by the page's service worker.
 */
import { expect, test, type Page } from '@playwright/test';
import { mailCatcherUrl, addPassenger, newTraveller, openBooking, person, submitBooking, travelDate } from './journeys';
import { isEnglish, L } from './locale';

interface CaughtMail {
  subject: string;
  text: string;
  html: string;
  to: string[];
}

/**
 * The hold email's subject starts with this, in the recipient's language: the account's language is the
 * one it signed up with (the project's cookie), messages/{zh,en}/emails.json holdSucceeded.title.
 */
const holdSubject = () => (isEnglish() ? 'Seat hold confirmed' : '占座成功');

async function mailFor(page: Page, email: string): Promise<CaughtMail[]> {
  const res = await page.request.get(`${mailCatcherUrl()}/api/messages?to=${encodeURIComponent(email)}`);
  expect(res.ok()).toBe(true);
  return (await res.json()) as CaughtMail[];
}

test('a hold: the email with the pay-by time and a working link; the inbox counts it and marks it read', async ({
  page,
}) => {
  const { email } = await newTraveller(page);
  await openBooking(page, travelDate(5), 4);
  await addPassenger(page, person('通知旅客'));
  await submitBooking(page, '13700137005');
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}/);
  const orderUrl = page.url().replace(/\?.*$/, '');
  await expect(page.getByTestId('order-status')).toHaveText(L.server('占位成功'), { timeout: 30_000 });

  // The email arrives at the catcher: subject with the pay-by time (Beijing), a link to this order.
  await expect
    .poll(async () => (await mailFor(page, email)).filter((m) => m.subject.startsWith(holdSubject())).length, {
      timeout: 30_000,
    })
    .toBe(1);
  const [hold] = (await mailFor(page, email)).filter((m) => m.subject.startsWith(holdSubject()));
  expect(hold!.subject).toMatch(
    isEnglish() ? /please pay by \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/ : /请在 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前支付/,
  );
  expect(hold!.text).toMatch(isEnglish() ? /pay by \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Beijing time\)/ : /支付截止/);
  expect(hold!.text).toContain('137****7005');
  const link = (isEnglish() ? /View details: (\S+)/ : /查看详情：(\S+)/).exec(hold!.text)![1]!;
  expect(link).toBe(orderUrl);
  await page.goto(link);
  await expect(page.getByTestId('order-status')).toHaveText(L.server('占位成功'));

  // The header's bell counts the unread inbox notification; the inbox marks it read.
  await page.reload();
  await expect(page.getByTestId('unread-count')).toHaveText(/^[1-9]\d*$/);
  await page.getByTestId('notification-bell').click();
  await expect(page).toHaveURL(/\/notifications$/);
  const item = page.getByTestId('inbox-item').filter({ hasText: holdSubject() });
  await expect(item).toHaveAttribute('data-read', 'no');
  await item.getByRole('button', { name: L('标为已读') }).click();
  await expect(item).toHaveAttribute('data-read', 'yes');
  await expect(page.getByTestId('inbox-unread')).toHaveText(L('全部已读'));
  await expect(page.getByTestId('unread-count')).toHaveCount(0);
});

test('web push: subscribing on the settings page, and a push handled by the service worker', async ({
  page,
  context,
}) => {
  // The browser's push service (Google's, for Chromium) is out of reach here and headless Chromium
  // refuses to register with it ("Registration failed - permission denied"): the page's PushManager
  // answers a subscription of a push service of our own instead (an endpoint with a real P-256 key and
  // auth secret, as the server's schema and web-push require). Everything of ours runs as in a browser.
  // The subscription outlives the page, as a browser's does: the init script runs again in every new
  // document, so the fake keeps its endpoint in the origin's localStorage.
  await context.addInitScript(() => {
    const KEY = 'e2e-fake-push-endpoint';
    const fakeOf = (endpoint: string) => {
      const sub = {
        endpoint,
        toJSON: () => ({
          endpoint,
          keys: {
            p256dh: 'BAJ2NEHa5UTyUX9Sg4XbX2wVX7I2UJwkCbVNoyZY7WAagl7pz0vc0JlpsS5XchSexISu0NbfN4StTeGjKEN2U8k',
            auth: 'qL-mUfbkbrGy68fo9b5bIw',
          },
        }),
        unsubscribe: () => {
          localStorage.removeItem(KEY);
          return Promise.resolve(true);
        },
      };
      return sub as unknown as PushSubscription;
    };
    PushManager.prototype.subscribe = () => {
      const endpoint =
        localStorage.getItem(KEY) ?? `https://push.example.test/send/${Math.random().toString(36).slice(2)}`;
      localStorage.setItem(KEY, endpoint);
      return Promise.resolve(fakeOf(endpoint));
    };
    PushManager.prototype.getSubscription = () => {
      const endpoint = localStorage.getItem(KEY);
      return Promise.resolve(endpoint ? fakeOf(endpoint) : null);
    };
  });
  await newTraveller(page);
  await context.grantPermissions(['notifications'], { origin: new URL(page.url()).origin });
  await page.goto('/notifications/settings');
  await expect(page.getByTestId('push-state')).toHaveText(L('浏览器推送未开启。'));
  await page.getByRole('button', { name: L('开启浏览器推送') }).click();
  await expect(page.getByTestId('push-state')).toHaveText(L('浏览器推送已开启。'));

  // A push delivered to the page's service worker (through the DevTools protocol: this machine has no
  // route to a browser push service): the worker shows it and posts it to the page.
  const received = page.evaluate(
    () =>
      new Promise<{ type: string; title: string }>((resolve) =>
        navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data as { type: string; title: string })),
      ),
  );
  const cdp = await context.newCDPSession(page);
  const registrations: { registrationId: string; scopeURL: string }[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
  await cdp.send('ServiceWorker.enable');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  await expect.poll(() => registrations.some((r) => r.scopeURL === scope)).toBe(true);
  const reg = registrations.find((r) => r.scopeURL === scope)!;
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: new URL(page.url()).origin,
    registrationId: reg.registrationId,
    data: JSON.stringify({ title: '占座成功，请支付', body: 'G1 北京南 → 上海', url: '/notifications', tag: 't' }),
  });
  await expect(received).resolves.toEqual(expect.objectContaining({ type: 'push', title: '占座成功，请支付' }));

  // The account page shows the same switch, in the same state; turned off there.
  await page.goto('/passengers/account');
  await expect(page.getByTestId('push-state')).toHaveText(L('浏览器推送已开启。'));
  await page.getByRole('button', { name: L('关闭浏览器推送') }).click();
  await expect(page.getByTestId('push-state')).toHaveText(L('浏览器推送未开启。'));
  await page.goto('/notifications/settings');
  await expect(page.getByTestId('push-state')).toHaveText(L('浏览器推送未开启。'));
});

/**
 * Two providers, routing and rotation (issue 25), in Chromium: the results say which provider answered
 * and the booking links carry it; an admin takes 盘河 out of rotation with a note at /admin/providers
 * (the last one in rotation cannot be taken out); a traveller then searches, books, pays, is issued and
 * refunds on 聚合数据, whose order page says in plain words why there is no 改签; the admin puts 盘河
 * back (in afterAll too, whatever failed). Only admins may open the page or run its action.
 */
import { expect, test, type Browser, type Page, type Request } from '@playwright/test';
import { e2eSql } from './db';
import { DEMO, signIn } from './helpers';
import { fill, isEnglish, L } from './locale';
import {
  addPassenger,
  axe,
  newTraveller,
  person,
  portalUrl,
  sandboxUrl,
  passRefundLock,
  sandboxClock,
  searchFromHome,
  travelDate,
} from './journeys';

// Rotation and the sandbox clock are shared: these run one after another, in order.
test.describe.configure({ mode: 'serial' });

// Dates no other spec searches, so no cached answer from before the rotation change is served (the
// search cache keeps an answer, with its provider, for SEARCH_CACHE_TTL_MS).
const DEFAULT_DAYS = 13;
const JUHE_DAYS = 11;
const BACK_DAYS = 14;

const searchUrl = (days: number) =>
  `/search?${new URLSearchParams({ from: '北京南', to: '上海', date: travelDate(days), sort: 'price' }).toString()}`;

const row = (page: Page, id: 'panhe' | 'juhe') => page.getByTestId(`provider-row-${id}`);

/** "余票来自 盘河" in the project's language (the provider's label is a lib text). */
const answeredBy = (provider: '盘河' | '聚合数据') =>
  fill(L('余票来自 {label}', 'search.results.providerFrom'), { label: L.server(provider) });
/** The booking link of a train's class on the results, e.g. "预订 G1 二等座". */
const bookLink = (code: string) =>
  fill(L('预订 {code} {seat}', 'search.trains.bookLabel'), { code, seat: L.server('二等座') });

/** The admin's POST of the rotation action (taking 盘河 out), replayed by the other roles below. */
let takeOutCall: { url: string; id: string; body: string; contentType: string } | null = null;
/** Set once 盘河 is out: afterAll puts it back. */
let panheOut = false;

async function adminPage(browser: Browser): Promise<Page> {
  // The project's language, browser locale and time zone (its `use`), like the test's own page.
  const context = await browser.newContext({ baseURL: portalUrl() });
  const page = await context.newPage();
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  return page;
}

/** Puts 盘河 back into rotation through the admin page, with a note, and waits until the page says so. */
async function putPanheBack(page: Page, note: string) {
  await page.goto('/admin/providers');
  const panhe = row(page, 'panhe');
  const restore = panhe.getByRole('button', { name: L('恢复轮换') });
  if (await restore.isVisible()) {
    await panhe.getByLabel(L('说明（可选）')).fill(note);
    await restore.click();
  }
  await expect(panhe.getByTestId('provider-rotation')).toContainText(L('轮换中'));
  await expect(panhe.getByRole('button', { name: L('移出轮换') })).toBeVisible();
}

async function panheInRotation(): Promise<boolean> {
  const sql = e2eSql();
  try {
    const rows = await sql<{ in_rotation: boolean }[]>`
      select in_rotation from provider_settings where provider = 'panhe'`;
    return rows[0]?.in_rotation ?? true;
  } finally {
    await sql.end();
  }
}

test.afterAll(async ({ browser }) => {
  // Whatever failed above, 盘河 goes back into rotation so the other specs book on it.
  if (!panheOut && (await panheInRotation())) return;
  const page = await adminPage(browser);
  try {
    await putPanheBack(page, 'e2e：恢复（afterAll）');
  } finally {
    await page.context().close();
  }
  await expect.poll(panheInRotation, { timeout: 15_000 }).toBe(true);
  panheOut = false;
});

test('by default the results come from 盘河 and the booking links carry it', async ({ page }) => {
  await page.goto(searchUrl(DEFAULT_DAYS));
  await expect(page.getByTestId('search-provider')).toHaveText(answeredBy('盘河'));
  await expect(page.getByTestId('search-provider')).toHaveAttribute('data-provider', 'panhe');
  const link = page.getByRole('link', { name: bookLink('G1') });
  await expect(link).toHaveAttribute('href', /[?&]provider=panhe(&|$)/);
});

test('admin: both providers listed; 盘河 taken out of rotation with a note; the last one in rotation stays in', async ({
  page,
}) => {
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  page.on('request', (r: Request) => {
    const id = r.headers()['next-action'];
    if (r.method() === 'POST' && id && new URL(r.url()).pathname === '/admin/providers' && !takeOutCall)
      takeOutCall = {
        url: '/admin/providers',
        id,
        body: r.postData() ?? '',
        contentType: r.headers()['content-type'] ?? 'text/plain;charset=UTF-8',
      };
  });
  await page.goto('/admin');
  await page.getByRole('link', { name: L('供应商与轮换', 'admin.home.links.providers') }).click();
  await expect(page).toHaveURL(/\/admin\/providers$/);
  await expect(page.getByRole('heading', { name: L('供应商与轮换', 'admin.providers.title') })).toBeVisible();
  // Issue 26 item 11: the providers' station lists, synced by the worker at start, with the last sync.
  await expect(page.getByRole('heading', { name: L('车站列表同步') })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('station-sync-panhe').getByTestId('station-sync-last')).toContainText(
      L('成功', 'admin.stationSyncs.ok'),
      {
        timeout: 1000,
      },
    );
  }).toPass({ timeout: 30_000 });

  const panhe = row(page, 'panhe');
  const juhe = row(page, 'juhe');
  await expect(panhe).toContainText(L.server('盘河'));
  await expect(juhe).toContainText(L.server('聚合数据'));
  await expect(panhe.getByTestId('provider-rotation')).toContainText(L('轮换中'));
  await expect(juhe.getByTestId('provider-rotation')).toContainText(L('轮换中'));
  // Panhe has no balance call; Juhe's prepaid balance is read.
  await expect(panhe.getByTestId('provider-balance')).toContainText('—');
  await expect(juhe.getByTestId('provider-balance')).toContainText('¥');

  // A reason is required to take one out.
  await panhe.getByRole('button', { name: L('移出轮换') }).click();
  await expect(panhe).toContainText(L.server('请说明移出轮换的原因。'));
  await expect(panhe.getByTestId('provider-rotation')).toContainText(L('轮换中'));

  await panhe.getByLabel(L('移出原因')).fill('e2e：盘河维护');
  await panhe.getByRole('button', { name: L('移出轮换') }).click();
  panheOut = true;
  await expect(panhe.getByTestId('provider-rotation')).toContainText(L('已移出'));
  await expect(panhe.getByTestId('provider-rotation')).toContainText(
    fill(L('说明：{note}', 'admin.providers.note'), { note: 'e2e：盘河维护' }),
  );
  await expect(panhe.getByRole('button', { name: L('恢复轮换') })).toBeVisible();
  expect(await panheInRotation()).toBe(false);

  // The last one in rotation: refused, with the reason, and it stays in.
  await juhe.getByLabel(L('移出原因')).fill('e2e：也移出');
  await juhe.getByRole('button', { name: L('移出轮换') }).click();
  await expect(juhe.getByRole('status')).toContainText(
    L.server('至少要保留一个供应商在轮换中：请先恢复另一个供应商，再移出这一个。'),
  );
  await expect(juhe.getByTestId('provider-rotation')).toContainText(L('轮换中'));
  await page.reload();
  await expect(juhe.getByTestId('provider-rotation')).toContainText(L('轮换中'));
  await expect(panhe.getByTestId('provider-rotation')).toContainText(L('已移出'));
  await axe(page, 'admin providers');
  expect(takeOutCall).not.toBeNull();
});

test('with 盘河 out: a traveller searches, books, pays and is issued on 聚合数据, sees why there is no 改签, and refunds', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  expect(panheOut).toBe(true);
  await newTraveller(page);
  const date = travelDate(JUHE_DAYS);
  await searchFromHome(
    page,
    isEnglish() ? ['Beijing South', /^Beijing South/] : ['bjn', /^北京南/],
    isEnglish() ? ['Shanghai', /^Shanghai \(all/] : ['上海', /^上海（全部/],
    date,
  );
  // The rotation is read through a short per-process cache: wait for the answer from 聚合数据.
  const source = page.getByTestId('search-provider');
  await expect
    .poll(
      async () => {
        const text = await source.textContent({ timeout: 15_000 });
        if (text?.includes(L.server('聚合数据'))) return text;
        await page.reload();
        return text;
      },
      { timeout: 30_000 },
    )
    .toContain(answeredBy('聚合数据'));
  await expect(source).toHaveAttribute('data-provider', 'juhe');
  // No switch away from another provider ("… 暂时不可用，已切换到 …").
  await expect(source).not.toContainText(isEnglish() ? 'is unavailable right now' : '暂时不可用');
  const g1 = page.getByRole('listitem', {
    name: fill(L('车次 {code}', 'search.trains.cardLabel'), { code: 'G1' }),
    exact: true,
  });
  const book = g1.getByRole('link', { name: bookLink('G1') });
  await expect(book).toHaveAttribute('href', /[?&]provider=juhe(&|$)/);
  await book.click();

  await expect(page.getByRole('heading', { name: L('填写订单') })).toBeVisible();
  await expect(page.getByTestId('booking-provider')).toHaveText(L.server('聚合数据'));
  await addPassenger(page, person('聚合甲'));
  await page.getByLabel(L('联系人手机号')).fill('13800138025');
  const total = (await page.getByTestId('total').textContent())!;
  expect(total).toMatch(/^¥[\d.]+$/);
  await page.getByRole('button', { name: L('提交订单') }).click();

  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('order-provider')).toHaveText(L.server('聚合数据'));
  await expect(page.getByTestId('order-status')).toHaveText(L.server('占位成功'), { timeout: 30_000 });
  await expect(page.getByTestId('countdown')).toHaveText(/^\d{2}:\d{2}$/);
  await page.getByRole('link', { name: L('去支付') }).click();
  await page.getByRole('button', { name: L('前往收银台支付') }).click();
  // The sandbox gateway's cashier (another origin).
  await expect(page).toHaveURL(new RegExp(`^${sandboxUrl()}/pay/cashier/`));
  await page.getByRole('button', { name: '确认支付' }).click();
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}/);
  await expect(page.getByTestId('order-status')).toHaveText(L.server('出票成功'), { timeout: 30_000 });
  await expect(page.getByTestId('paid-amount')).toHaveText(total);
  await expect(page.getByTestId('ticket-no')).toHaveText(/\S/);
  await expect(page.getByTestId('ticket-status')).toHaveText(L.server('出票成功'));

  // No online 改签 on 聚合数据: no button, the provider's plain words where it would be.
  await expect(page.getByRole('button', { name: L('退票'), exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: L('改签'), exact: true })).toHaveCount(0);
  const why = page.getByTestId('change-unavailable');
  await expect(why).toContainText(isEnglish() ? 'does not support online ticket changes' : '不支持在线改签');
  await expect(why).toContainText(isEnglish() ? 'station ticket window' : '火车站售票窗口');
  await axe(page, 'juhe order');

  // Refund through the dialog, after the sandbox clock has passed the 5-minute no-refund rule.
  const dialog = page.getByRole('dialog', { name: L('退票') });
  try {
    await passRefundLock(request, page.url());
    await page.getByRole('button', { name: L('退票'), exact: true }).click();
    await expect(dialog.getByTestId('refund-fee')).toHaveText(isEnglish() ? /¥[\d.]+ \(\d+%\)/ : /¥[\d.]+（\d+%）/);
    const fee = Number(/¥([\d.]+)/.exec((await dialog.getByTestId('refund-fee').textContent())!)![1]).toFixed(2);
    const back = (await dialog.getByTestId('refund-amount').textContent())!;
    await dialog.getByRole('button', { name: isEnglish() ? 'Confirm refund (1 ticket)' : '确认退票（1 张）' }).click();
    await expect(dialog.getByRole('list', { name: L('退票结果') })).toContainText('聚合甲');
    await expect(dialog.getByRole('list', { name: L('退票结果') })).toContainText(
      L.server('已提交退票，等待 12306 处理。'),
    );
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    await expect(page.getByTestId('ticket-status')).toHaveText(L.server('退票成功'), { timeout: 60_000 });
    await expect(page.getByTestId('refunded-amount')).toHaveText(back, { timeout: 30_000 });
    const timeline = page.getByRole('list', {
      name: fill(L('{name} 的退票记录', 'orders.detail.refundLog'), { name: '聚合甲' }),
    });
    await expect(timeline).toContainText(isEnglish() ? `fee ¥${fee}` : `手续费 ${fee} 元`);
  } finally {
    await sandboxClock(request, { reset: true });
  }
});

test('admin puts 盘河 back into rotation; searches go to 盘河 again', async ({ page }) => {
  expect(panheOut).toBe(true);
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await putPanheBack(page, 'e2e：维护结束');
  await expect(row(page, 'panhe').getByTestId('provider-rotation')).toContainText(
    fill(L('说明：{note}', 'admin.providers.note'), { note: 'e2e：维护结束' }),
  );
  expect(await panheInRotation()).toBe(true);
  panheOut = false;

  await page.goto(searchUrl(BACK_DAYS));
  const source = page.getByTestId('search-provider');
  await expect
    .poll(
      async () => {
        const text = await source.textContent({ timeout: 15_000 });
        if (text?.includes(L.server('盘河'))) return text;
        await page.reload();
        return text;
      },
      { timeout: 30_000 },
    )
    .toContain(answeredBy('盘河'));
});

test('only admins: signed-out visitors, travellers and agency staff get neither the page nor its action', async ({
  browser,
}) => {
  expect(takeOutCall).not.toBeNull();
  const call = takeOutCall!;
  const newPage = async () => (await browser.newContext({ baseURL: portalUrl() })).newPage();
  const signedOut = await newPage();
  const traveller = await newPage();
  await signIn(traveller, DEMO.traveller.email, DEMO.traveller.password);
  const agent = await newPage();
  await signIn(agent, DEMO.agent.email, DEMO.agent.password);
  try {
    const anon = await signedOut.request.get('/admin/providers', { maxRedirects: 0 });
    expect([307, 308]).toContain(anon.status());
    expect(anon.headers().location).toMatch(/\/signin\?callbackUrl=/);
    for (const who of [traveller, agent]) {
      const res = await who.goto('/admin/providers');
      expect(res?.status()).toBe(403);
      await expect(who.getByRole('heading', { name: L('无权访问 (403)', 'pages.forbidden.title') })).toBeVisible();
      await expect(who.getByTestId('provider-row-panhe')).toHaveCount(0);
    }

    // The admin's "take 盘河 out" replayed: refused where the admin posted it, and a no-op anywhere else.
    const post = (who: Page, url: string) =>
      who.request.post(url, {
        headers: { 'next-action': call.id, 'content-type': call.contentType, accept: 'text/x-component' },
        data: call.body,
        maxRedirects: 0,
      });
    expect([307, 308]).toContain((await post(signedOut, call.url)).status());
    for (const who of [traveller, agent]) expect((await post(who, call.url)).status()).toBe(403);
    for (const who of [signedOut, traveller, agent]) {
      const res = await post(who, '/');
      expect(res.status()).toBeLessThan(500);
      expect(await res.text()).not.toMatch(/"ok":true/);
    }
    expect(await panheInRotation()).toBe(true);
  } finally {
    for (const p of [signedOut, traveller, agent]) await p.context().close();
  }
});

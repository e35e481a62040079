/**
 * Refund reconciliation, admin side: a refund the sandbox never completes (a money fault injected
 * through its control endpoint) shows on the dashboard after a run, the admin opens it and marks it
 * explained, and it leaves the open list. Then every reconciliation page (found on disk under
 * app/admin/reconciliation), route handler (app/api/admin/reconciliation) and server action is closed
 * to signed-out visitors, travellers and agency staff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page, type Request } from '@playwright/test';
import { DEFAULT_PROVIDER_APP_KEY } from '../protocol/defaults';
import { e2eSql } from './db';
import { DEMO, signIn } from './helpers';
import { fill, isEnglish, L } from './locale';
import {
  axe,
  newTraveller,
  passRefundLock,
  payAndIssue,
  person,
  placeOrder,
  sandboxUrl,
  sandboxClock,
  travelDate,
} from './journeys';

test.describe.configure({ mode: 'serial' });

/** Page routes under a folder of app/, as URL paths with each [param] given by `params`. */
function routesUnder(dir: string, file: 'page.tsx' | 'route.ts', params: Record<string, string>): string[] {
  const root = path.join(process.cwd(), 'app');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === file) {
        const rel = `/${path.relative(root, d).split(path.sep).join('/')}`;
        out.push(
          rel.replace(/\[(\w+)\]/g, (_, k: string) => {
            if (!params[k]) throw new Error(`no value for [${k}] in ${rel}`);
            return params[k];
          }),
        );
      }
    }
  };
  walk(path.join(root, dir));
  return out.sort();
}

async function newPage(browser: Browser): Promise<Page> {
  // The project's language, browser locale and time zone (its `use`), like the test's own page.
  const context = await browser.newContext();
  return context.newPage();
}

/** A message with numbers in it as a RegExp: each `{value}` any whole number. */
const withNumbers = (text: string) =>
  new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\w+\\\}/g, '\\d+'));

/**
 * No sideways scrolling of the page at this width (a wide table scrolls inside its own region). Polled:
 * after a viewport change the charts re-measure their container on the next resize observation.
 */
async function noSideScroll(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(() =>
        document.documentElement.scrollWidth > window.innerWidth
          ? [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
              // Not what scrolls inside its own region (a wide table), unless it escapes it.
              .filter(
                (e) =>
                  !e.closest('[role="region"]') ||
                  (getComputedStyle(e).position === 'absolute' &&
                    !(e as HTMLElement).offsetParent?.closest('[role="region"]')),
              )
              .slice(0, 3)
              .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
              .concat('page wider than the window')
          : [],
      ),
    )
    .toEqual([]);
}

/** Server action calls the admin made: the page they were posted to, the action id and the body. */
interface ActionCall {
  url: string;
  id: string;
  body: string;
  contentType: string;
}
const actionCalls = new Map<string, ActionCall>();
function recordActions(page: Page, label: () => string) {
  page.on('request', (r: Request) => {
    const id = r.headers()['next-action'];
    // Only the reconciliation steps (signing in posts an action of its own).
    if (r.method() === 'POST' && id && label() !== 'start')
      actionCalls.set(label(), {
        url: new URL(r.url()).pathname,
        id,
        body: r.postData() ?? '',
        contentType: r.headers()['content-type'] ?? 'text/plain;charset=UTF-8',
      });
  });
}

let discrepancyId = '';
let providerOrderNo = '';

test('an admin sees an injected missing refund on the dashboard, opens it, explains it, and it leaves the open list', async ({
  page,
  browser,
  request,
}) => {
  // A whole journey (book, pay, issue, refund) before the admin's part: several pages, each with axe.
  test.setTimeout(240_000);
  // A traveller's issued ticket whose refund the provider will never complete.
  await newTraveller(page);
  const traveller = person('对账甲');
  await placeOrder(page, { date: travelDate(6), seat: 4, passengers: [traveller], mobile: '13700137002' });
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}/);
  await payAndIssue(page);
  const orderId = /\/trips\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const sql = e2eSql();
  try {
    const [o] = await sql<{ no: string }[]>`select provider_order_no as no from orders where id = ${orderId}`;
    providerOrderNo = o!.no;
    const fault = await request.post(`${sandboxUrl()}/sandbox/money-faults`, {
      headers: { 'x-app-key': DEFAULT_PROVIDER_APP_KEY },
      data: { kind: 'refund_never_arrives', orderNo: providerOrderNo },
    });
    expect(fault.ok()).toBe(true);

    // Refunds open 5 minutes after issue (309).
    try {
      await passRefundLock(request, orderId);
      await page.getByRole('button', { name: L('退票'), exact: true }).click();
      const d = page.getByRole('dialog', { name: L('退票') });
      await d.getByRole('button', { name: isEnglish() ? /^Confirm refund/ : /^确认退票/ }).click();
      await expect(d.getByRole('list', { name: L('退票结果') })).toContainText(
        L.server('已提交退票，等待 12306 处理。'),
      );
      await page.keyboard.press('Escape');
    } finally {
      await sandboxClock(request, { reset: true });
    }
    await expect
      .poll(async () => (await sql`select 1 from ticket_refunds where order_id = ${orderId} and status = 20`).length)
      .toBe(1);
    // "Missing after N hours" (24 by default): the day that has to pass is moved into the past, as no
    // page can make a day go by.
    await sql`update ticket_refunds set created_at = created_at - interval '25 hours' where order_id = ${orderId}`;
  } finally {
    await sql.end();
  }

  // The admin: dashboard → run → the missing refund counted by reason.
  const admin = await newPage(browser);
  let step = 'start';
  recordActions(admin, () => step);
  await signIn(admin, DEMO.admin.email, DEMO.admin.password);
  await admin.goto('/admin');
  await admin.getByRole('link', { name: L('退款对账', 'admin.home.links.reconciliation') }).click();
  await expect(admin.getByRole('heading', { name: L('退款对账', 'admin.recon.title'), level: 1 })).toBeVisible();
  step = 'startReconciliation';
  await admin.getByRole('button', { name: L('立即对账') }).click();
  await expect(
    admin.getByRole('status').filter({
      hasText: withNumbers(
        L('对账完成：发现差异 {found} 条，新增 {opened} 条，自动解决 {autoResolved} 条。', 'admin.runRecon.done'),
      ),
    }),
  ).toBeVisible({ timeout: 60_000 });
  await expect(admin.getByTestId('reason-refund_missing')).toContainText(
    isEnglish() ? /: [1-9]\d* open,/ : /待处理 [1-9]\d*/,
  );
  await expect(admin.getByTestId('last-run')).toContainText(L('已完成', 'admin.runRecon.status.done'));
  await expect(admin.getByTestId('last-run')).not.toContainText(L('尚未运行过对账。', 'admin.runRecon.never').trim());
  // The charts are drawn by the library (SVG), with the figures also in a table. This journey's refund
  // never arrives, so the daily chart may have nothing to draw: then it says so instead of bare axes.
  await expect(
    admin
      .getByTestId('chart-daily')
      .getByRole('application', { name: L('每日退款额与手续费（元）', 'admin.reconCharts.dailyTitle') })
      .or(admin.getByTestId('chart-daily-empty')),
  ).toBeVisible();
  await expect(
    admin
      .getByTestId('chart-reasons')
      .getByRole('application', { name: L('未解决差异笔数（按原因）', 'admin.reconCharts.reasonsTitle') }),
  ).toBeVisible();
  await axe(admin, 'reconciliation dashboard');
  await admin.setViewportSize({ width: 375, height: 800 });
  await noSideScroll(admin);
  await admin.setViewportSize({ width: 1280, height: 800 });

  // A bad date range keeps what was typed and says why; the page still renders.
  await admin.goto('/admin/reconciliation?from=2026-02-30&to=2026-01-01');
  await expect(admin.getByLabel(L('开始日期'))).toHaveValue('');
  await expect(admin.getByText(L.server('请输入有效日期（年-月-日）。'))).toBeVisible();

  // The open list, found by its order number → the discrepancy.
  const openList = `/admin/reconciliation/discrepancies?state=open&q=${providerOrderNo}`;
  await admin.goto('/admin/reconciliation');
  await admin.getByTestId('reason-refund_missing').getByRole('link').click();
  await expect(admin.getByRole('heading', { name: L('对账差异') })).toBeVisible();
  await admin.getByLabel(L('订单号', 'admin.discrepancies.q')).fill(providerOrderNo);
  await admin.getByLabel(L('状态', 'admin.discrepancies.state'), { exact: true }).selectOption('open');
  await admin.getByRole('button', { name: L('筛选', 'admin.discrepancies.filter') }).click();
  await expect(admin).toHaveURL(new RegExp(`q=${providerOrderNo}`));
  const row = admin.getByTestId('discrepancy-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('对账甲');
  await axe(admin, 'discrepancy list');
  await admin.setViewportSize({ width: 375, height: 800 });
  await noSideScroll(admin);
  await admin.setViewportSize({ width: 1280, height: 800 });
  await row.getByRole('link', { name: L.server('退款超时未到账') }).click();
  await expect(
    admin.getByRole('heading', {
      name: fill(L('差异详情：{reason}', 'admin.discrepancy.title'), { reason: L.server('退款超时未到账') }),
    }),
  ).toBeVisible();
  discrepancyId = /discrepancies\/([0-9a-f-]{36})/.exec(admin.url())![1]!;
  await expect(admin.getByTestId('discrepancy-state')).toContainText(L.server('待处理'));
  await expect(admin.getByTestId('side-expected')).toContainText('¥');
  // The timeline puts the provider's callbacks, the order's events and the payment side by side.
  const timeline = admin.getByRole('region', { name: L('时间线表格') });
  for (const kind of [
    L('供应商回调', 'admin.discrepancy.kinds.callback'),
    L('订单事件/同步', 'admin.discrepancy.kinds.order_event'),
    L('退票', 'admin.discrepancy.kinds.ticket_refund'),
    L('支付', 'admin.discrepancy.kinds.payment'),
  ])
    await expect(timeline).toContainText(kind);
  // Times in Beijing: the first-seen time the list showed is the one the page shows.
  await expect(
    admin.getByText(isEnglish() ? /first \d{4}-\d{2}-\d{2} \d{2}:\d{2}/ : /首次 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/),
  ).toBeVisible();
  await axe(admin, 'discrepancy page');
  await admin.setViewportSize({ width: 375, height: 800 });
  await noSideScroll(admin);

  // Explain it, with a reason: who/when/why are shown, and it leaves the open list.
  const form = admin.getByRole('form', { name: L('更改差异状态') });
  await form.getByLabel(L('改为', 'admin.discrepancy.changeTo')).selectOption('explained');
  await form.getByLabel(L('原因', 'admin.discrepancy.note')).fill('供应商客服确认退款排队中，预计明日到账');
  step = 'changeDiscrepancyState';
  await form.getByRole('button', { name: L('保存', 'admin.discrepancy.save') }).click();
  await expect(admin.getByTestId('discrepancy-state')).toContainText(L.server('已说明'));
  await expect(admin.getByTestId('discrepancy-state')).toContainText(DEMO.admin.name);
  await expect(admin.getByRole('list', { name: L('处理记录') })).toContainText(
    `${L.server('待处理')} → ${L.server('已说明')}`,
  );
  await expect(admin.getByRole('list', { name: L('处理记录') })).toContainText('供应商客服确认退款排队中');
  await admin.setViewportSize({ width: 1280, height: 800 });
  await admin.goto(openList);
  await expect(admin.getByTestId('discrepancy-row')).toHaveCount(0);
  await expect(admin.getByText(L('没有符合条件的差异。'))).toBeVisible();
  await admin.goto(`/admin/reconciliation/discrepancies?q=${providerOrderNo}`);
  await expect(admin.getByTestId('discrepancy-row')).toContainText(L.server('已说明'));

  // The refund callback log: the order's callback can be replayed; the replay is logged with the admin.
  await admin.goto('/admin/callbacks');
  const cb = admin.getByRole('row').filter({ hasText: providerOrderNo }).first();
  step = 'replayCallbackAction';
  await cb.getByRole('button', { name: isEnglish() ? /^Replay\s*callback #\d+/ : /^重放\s*回调 #\d+/ }).click();
  await expect(
    admin.getByRole('row').filter({ hasText: providerOrderNo }).getByTestId('replay-mark').first(),
  ).toContainText(DEMO.admin.name);

  // CSV exports: the discrepancy and the refund, no ID numbers; a bad range is a 4xx, not a 500.
  const csv = await admin.request.get('/api/admin/reconciliation/discrepancies-csv');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const text = await csv.text();
  expect(text).toContain(providerOrderNo);
  expect(text).toContain(L.server('退款超时未到账'));
  expect(text).toContain('供应商客服确认退款排队中');
  expect(text).not.toContain(traveller.id);
  const ledger = await admin.request.get('/api/admin/reconciliation/refund-ledger-csv');
  expect(ledger.status()).toBe(200);
  expect(await ledger.text()).toContain(L.server('我方订单号'));
  expect((await admin.request.get('/api/admin/reconciliation/refund-ledger-csv?from=2026-13-01')).status()).toBe(422);
  expect(
    (await admin.request.get('/api/admin/reconciliation/discrepancies-csv?from=2026-03-01&to=2026-02-01')).status(),
  ).toBe(422);
  await admin.context().close();
});

test('signed-out visitors, travellers and agency staff get nothing from any reconciliation page, route or action', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  expect(discrepancyId).not.toBe('');
  const pages = routesUnder('admin/reconciliation', 'page.tsx', { id: discrepancyId });
  const routes = routesUnder('api/admin/reconciliation', 'route.ts', {});
  expect(pages).toEqual([
    '/admin/reconciliation',
    '/admin/reconciliation/discrepancies',
    `/admin/reconciliation/discrepancies/${discrepancyId}`,
  ]);
  expect(routes.length).toBeGreaterThanOrEqual(2);
  expect([...actionCalls.keys()].sort()).toEqual([
    'changeDiscrepancyState',
    'replayCallbackAction',
    'startReconciliation',
  ]);

  const signedOut = await newPage(browser);
  const traveller = await newPage(browser);
  await signIn(traveller, DEMO.traveller.email, DEMO.traveller.password);
  const agent = await newPage(browser);
  await signIn(agent, DEMO.agent.email, DEMO.agent.password);

  for (const p of pages) {
    // Signed out: sent to sign-in (nothing of the page is served).
    const res = await signedOut.request.get(p, { maxRedirects: 0 });
    expect([307, 308], p).toContain(res.status());
    expect(res.headers().location, p).toMatch(/\/signin\?callbackUrl=/);
    for (const who of [traveller, agent]) {
      const r = await who.goto(p);
      expect(r?.status(), p).toBe(403);
      await expect(who.getByRole('heading', { name: L('无权访问 (403)', 'pages.forbidden.title') })).toBeVisible();
      await expect(who.getByText(providerOrderNo)).toHaveCount(0);
    }
  }
  for (const r of routes) {
    const anon = await signedOut.request.get(`${r}?from=2026-01-01&to=2026-12-31`);
    expect(anon.status(), r).toBe(401);
    for (const who of [traveller, agent]) {
      const res = await who.request.get(`${r}?from=2026-01-01&to=2026-12-31`);
      expect(res.status(), r).toBe(403);
      expect(await res.text()).not.toContain(providerOrderNo);
    }
  }
  const sql = e2eSql();
  try {
    const state = async () =>
      (await sql<{ state: string }[]>`select state from recon_discrepancies where id = ${discrepancyId}`)[0]!.state;
    const runs = async () => Number((await sql<{ n: string }[]>`select count(*) as n from recon_runs`)[0]!.n);
    const runsBefore = await runs();
    for (const [name, call] of actionCalls) {
      const post = (who: Page, url: string) =>
        who.request.post(url, {
          headers: { 'next-action': call.id, 'content-type': call.contentType, accept: 'text/x-component' },
          data: call.body,
          maxRedirects: 0,
        });
      // Posted where the admin posted it: refused before it runs.
      const anon = await post(signedOut, call.url);
      expect([307, 308], name).toContain(anon.status());
      for (const who of [traveller, agent]) expect((await post(who, call.url)).status(), name).toBe(403);
      // Posted to a public page to get past the area check: whatever Next answers there (the guard's
      // refusal, or no such action for that page), the action does nothing (checked below).
      for (const who of [signedOut, traveller, agent]) {
        const res = await post(who, '/');
        const body = await res.text();
        expect(body, `${name} posted to / answered ${res.status()}: ${body.slice(0, 200)}`).not.toMatch(/"ok":true/);
      }
    }
    expect(await state()).toBe('explained');
    expect(await runs()).toBe(runsBefore);
  } finally {
    await sql.end();
  }
  for (const p of [signedOut, traveller, agent]) await p.context().close();
});

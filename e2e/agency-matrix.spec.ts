/**
 * Agency isolation, the whole matrix: every page and route handler that reaches the agency
 * authorization module (lib/agency/access.ts) — every app/agent page, every app/api/agent handler and
 * the others found through the import graph — and every server action of the 'use server' modules that
 * reach it, as signed-out, traveller, staff and owner of a second agency, with the first agency's ids
 * in every dynamic segment and argument. Non-members get 401/403/404 or a refusal (never the first
 * agency's data, never a 5xx, and the first agency's rows are unchanged afterwards); the first
 * agency's staff and owner are the positive control. The lists come from the file system and the
 * build's action manifest, and their sizes are asserted, so a new page or action joins the matrix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Browser, type BrowserContext } from '@playwright/test';
import { makeIdCard } from '../lib/domain/idcard';
import { e2eSql } from './db';
import { DEMO, signIn, signUpAndSignIn, uniqueEmail } from './helpers';
import { portalUrl, axe, travelDate } from './journeys';
import { L } from './locale';
import { agencyActionCases, letters, type AgencyFixture } from '../tests/support/agency-action-cases';
import { appFiles, isUseServer, reaches, routeOf } from '../tests/support/import-graph';

test.describe.configure({ mode: 'serial' });

const ACCESS = 'lib/agency/access.ts';
const PASSWORD = 'Matrix-Agency-2026';
const TAG = `${Date.now() % 1_000_000}`;

// ---- what the matrix walks, from the source tree ---------------------------------------------------

const PAGE_FILES = [
  ...new Set([
    ...appFiles(/^app\/agent\/.*page\.tsx$/),
    ...appFiles(/^app\/.*page\.tsx$/).filter((f) => reaches(f, ACCESS)),
  ]),
];
const ROUTE_FILES = [
  ...new Set([
    ...appFiles(/^app\/api\/agent\/.*route\.ts$/),
    ...appFiles(/^app\/api\/.*route\.ts$/).filter((f) => reaches(f, ACCESS)),
  ]),
];
const ACTION_MODULES = appFiles(/^(app|lib)\/.*\.ts$/).filter((f) => isUseServer(f) && reaches(f, ACCESS));

/** Pages only admins open: everyone in the matrix is refused, the first agency included. */
const ADMIN_ONLY = (route: string) => route.startsWith('/admin');
/** The owner's pages and handlers: the first agency's staff are refused too. */
/** Pages of records an agency never has (a trip is a traveller's): refused to its staff as well. */
const TRAVELLER_ONLY = new Set(['/trips/t/[id]']);
const OWNER_ONLY = new Set(['/agent/staff', '/agent/statement', '/api/agent/statement-csv']);
/**
 * The invitation page is public by design: its token is the credential (it names the agency and the
 * invited email to whoever holds the link). The matrix still walks it for 5xx and customer data.
 */
const BEARER_PAGES = new Set(['/invite/[token]']);

// ---- the first agency's records and the roles ------------------------------------------------------

let fx: AgencyFixture;

type Role = 'signed-out' | 'traveller' | 'other staff' | 'other owner' | 'staff' | 'owner';
const NON_MEMBERS: Role[] = ['signed-out', 'traveller', 'other staff', 'other owner'];
const contexts = new Map<Role, BrowserContext>();
const req = (role: Role): APIRequestContext => contexts.get(role)!.request;

async function newContext(browser: Browser): Promise<BrowserContext> {
  // The running project's language: its browser locale and its language cookie (the English project's).
  const { locale, storageState } = test.info().project.use;
  return browser.newContext({ baseURL: portalUrl(), locale, storageState, timezoneId: 'Asia/Shanghai' });
}

/** The workspace's heading, 代理工作台 · {name}, in the running project's language. */
const workspaceHeading = (name: string) => L('代理工作台 · {name}').replace('{name}', name);

/**
 * A new browser context that registers on the invitation at `link` (the invited `email` filled in,
 * `name` and the password typed) and lands on its agency's workspace, headed `workspace`.
 */
async function joinByInvitation(
  browser: Browser,
  link: string,
  email: string,
  name: string,
  workspace: string | RegExp,
): Promise<BrowserContext> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(link);
  const join = page.getByRole('form', { name: L('注册并加入') });
  await expect(join.getByLabel(L('邮箱'))).toHaveValue(email);
  await join.getByLabel(L('称呼', 'agency.join.displayName')).fill(name);
  await join.getByLabel(L('密码'), { exact: true }).fill(PASSWORD);
  await join.getByLabel(L('确认密码')).fill(PASSWORD);
  await join.getByRole('button', { name: L('注册并加入旅行社') }).click();
  await expect(page.getByRole('heading', { name: workspace })).toBeVisible();
  return context;
}

/** The first agency's markers: none may appear in what a non-member is shown. */
const markers = () => [fx.agencyName, fx.customerName, fx.passengerName, fx.bankRef];

/** Fills each dynamic segment with the first agency's record of that kind. */
function fill(route: string): string {
  return route.replace(/\/([^/]+)\/\[([^\]]+)\]/g, (_m, parent: string, param: string) => {
    const id =
      parent === 'customers'
        ? fx.customerId
        : // A trip is a traveller's (an agency books no trips): its page is given the agency's order id,
          // which it must not open as anything either.
          parent === 'trips' || parent === 'orders' || parent === 't'
          ? fx.orderId
          : parent === 'invite'
            ? fx.spareToken
            : null;
    if (!id) throw new Error(`no agency record for ${route} (${param}): add it to the matrix's fill()`);
    return `/${parent}/${id}`;
  });
}
/** Query strings that make a page reach its agency check (booking for the first agency's customer). */
const QUERY: Record<string, () => string> = {
  '/book': () =>
    `?${new URLSearchParams({ train: 'G1', from: '北京南', to: '上海', date: travelDate(6), seat: '4', customer: fx.customerId })}`,
  '/agent/orders': () => `?customerId=${fx.customerId}`,
  '/agent/book': () =>
    `?${new URLSearchParams({ customer: fx.customerId, from: '北京南', to: '上海', date: travelDate(6) })}`,
};

// ---- server actions as the browser calls them ------------------------------------------------------

interface ManifestAction {
  workers: Record<string, unknown>;
  filename?: string;
  exportedName?: string;
}
function manifestActions(): { id: string; name: string; file: string; worker: string }[] {
  const file = path.join(process.cwd(), '.next', 'server', 'server-reference-manifest.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { node: Record<string, ManifestAction> };
  return Object.entries(m.node).map(([id, a]) => ({
    id,
    name: a.exportedName ?? id,
    file: a.filename ?? '',
    // Posted to the page most callers may enter, so the action's own checks answer, not the proxy's
    // (which refuses an area the caller may not enter with 403 before any action runs).
    worker: Object.keys(a.workers).sort((x, y) => areaRank(x) - areaRank(y))[0]!,
  }));
}

const AREA_ORDER = ['app/trips', 'app/passengers', 'app/agent', 'app/admin'];
const areaRank = (worker: string) => AREA_ORDER.findIndex((a) => worker.startsWith(`${a}/`)) + 1;

interface ActionOutcome {
  status: number;
  result: { ok: boolean; code?: string; message?: string; data?: unknown } | null;
  text: string;
}
/**
 * The arguments as React's client sends them: a JSON array, or for a form's action (previous state,
 * form data) multipart whose field "0" holds the array and "$K1" stands for the fields named "1_…".
 */
/** Actions made by formAction (called as a form posts them), read from the action modules themselves. */
const FORM_ACTIONS = new Set(
  appFiles(/^lib\/.*actions\.ts$/).flatMap((f) =>
    [...fs.readFileSync(f, 'utf8').matchAll(/export const (\w+) = formAction\(/g)].map((m) => m[1]!),
  ),
);

function actionBody(
  name: string,
  input: unknown,
): { headers: Record<string, string>; data?: string; multipart?: FormData } {
  if (!(ACTIONS[name]?.form || FORM_ACTIONS.has(name)))
    return { headers: { 'content-type': 'text/plain;charset=UTF-8' }, data: JSON.stringify([input]) };
  // As React 19.3 encodes (previous state, form data): the form's fields as _1_<name>, then the
  // arguments last (a streaming decoder resolves $K1 from the fields already read).
  const multipart = new FormData();
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) multipart.append(`_1_${k}`, String(v));
  multipart.append('0', JSON.stringify([null, '$K1']));
  return { headers: {}, multipart };
}

async function callAction(
  request: APIRequestContext,
  action: { id: string; name: string; worker: string },
  input: unknown,
): Promise<ActionOutcome> {
  // The page the action belongs to, as walk.spec posts it (its own dynamic segments do not matter).
  const url = routeOf(`${action.worker}.tsx`).replace(/\[[^\]]+\]/g, '00000000-0000-0000-0000-000000000000');
  const { headers, ...body } = actionBody(action.name, input);
  const res = await request.post(url, {
    headers: { Origin: portalUrl(), 'Next-Action': action.id, Accept: 'text/x-component', ...headers },
    ...body,
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  const text = await res.text();
  let result: ActionOutcome['result'] = null;
  for (const line of text.split('\n')) {
    const json = line.slice(line.indexOf(':') + 1);
    try {
      const v = JSON.parse(json) as unknown;
      if (v && typeof v === 'object' && 'ok' in v) result = v as ActionOutcome['result'];
    } catch {
      // not a JSON row
    }
  }
  return { status: res.status(), result, text };
}

const ACTIONS = agencyActionCases(() => fx);

const REFUSED_CODES = new Set(['unauthenticated', 'forbidden', 'not_found']);
/** The refusals that say the caller did not pass the agency/ownership check (in the caller's language). */
const ownershipRefusals = () => new Set([L.server('订单不存在。'), L.server('客户不存在。'), L.server('员工不存在。')]);

function isRefusal(o: ActionOutcome): boolean {
  if ([401, 403, 404].includes(o.status)) return true;
  // A signed-out caller of a protected area is sent to sign in before any action runs.
  if (o.status >= 300 && o.status < 400) return true;
  return !!o.result && !o.result.ok && REFUSED_CODES.has(o.result.code ?? '');
}

/** Everything of the first agency a non-member could have changed. */
async function agencySnapshot(): Promise<unknown> {
  const sql = e2eSql();
  try {
    const id = fx.agencyId;
    return {
      customers: await sql`select id, name, mobile_masked from customers where agency_id = ${id} order by id`,
      passengers: await sql`select id, name from customer_passengers where agency_id = ${id} order by id`,
      members:
        await sql`select user_id, member_role, suspended_at from agency_members where agency_id = ${id} order by user_id`,
      invitations: await sql`select id, accepted_at from agency_invitations where agency_id = ${id} order by id`,
      // Not the status: the sandbox moves a fresh order on by itself (占位, then its hold running out).
      orders:
        await sql`select id, payment_status, paid_fen, refunded_fen from orders where agency_id = ${id} order by id`,
      afterSales: await sql`select
          (select count(*) from change_orders c join orders o on o.id = c.order_id where o.agency_id = ${id})::int as changes,
          (select count(*) from ticket_refunds r join orders o on o.id = r.order_id where o.agency_id = ${id})::int as refunds,
          (select count(*) from payments p join orders o on o.id = p.order_id where o.agency_id = ${id})::int as payments,
          (select count(*) from window_refund_claims w join orders o on o.id = w.order_id where o.agency_id = ${id})::int as claims`,
      ledger: await sql`select count(*)::int as n from ledger_transactions where agency_id = ${id}`,
      audit: await sql`select count(*)::int as n from agency_audit where agency_id = ${id}`,
    };
  } finally {
    await sql.end();
  }
}

// ---- setup: two agencies, a customer with a passenger and an order, six roles ----------------------

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = await newContext(browser);
  const adminPage = await admin.newPage();
  await signIn(adminPage, DEMO.admin.email, DEMO.admin.password);
  const actions = manifestActions();
  const action = (name: string) => {
    const a = actions.find((x) => x.name === name);
    if (!a) throw new Error(`${name} is not in the build's action manifest`);
    return a;
  };
  const ok = async (request: APIRequestContext, name: string, input: unknown) => {
    const o = await callAction(request, action(name), input);
    if (!o.result?.ok) throw new Error(`${name} refused: ${o.status} ${o.text.slice(0, 400)}`);
    return (o.result as { data: Record<string, string> }).data;
  };

  // The first agency: an owner who registered, created and topped up by the admin.
  const ownerEmail = uniqueEmail('mx-owner');
  const signup = await newContext(browser);
  await signUpAndSignIn(await signup.newPage(), ownerEmail, PASSWORD, '矩阵社长');
  await signup.close();
  const agencyName = `矩阵甲社${TAG}`;
  const { agencyId } = await ok(admin.request, 'createAgencyAction', { name: agencyName, ownerEmail });
  const bankRef = `MATRIX${TAG}`;
  await ok(admin.request, 'topUpAction', { agencyId, amountYuan: 5000, bankRef });
  // Signed in once an owner, so the session carries the role.
  const owner = await newContext(browser);
  await signIn(await owner.newPage(), ownerEmail, PASSWORD);

  // Its staff member joins through an invitation, creating the account on the invitation page.
  const staffEmail = uniqueEmail('mx-staff');
  const { link } = await ok(owner.request, 'inviteAction', { email: staffEmail });
  const staff = await joinByInvitation(browser, link!, staffEmail, '矩阵员工', workspaceHeading(agencyName));
  const { link: spare } = await ok(owner.request, 'inviteAction', { email: uniqueEmail('mx-spare') });

  // A customer with a passenger, and an order for them.
  const customerName = `矩阵客户${TAG}`;
  const { id: customerId } = await ok(staff.request, 'createCustomerAction', {
    name: customerName,
    mobile: `135${String(Date.now()).slice(-8)}`,
  });
  const passengerName = `矩阵乘客${letters(Number(TAG))}`;
  const { id: passengerId } = await ok(staff.request, 'addCustomerPassengerAction', {
    customerId,
    name: passengerName,
    idType: '1',
    idNo: makeIdCard('110101', '1982-04-05', Number(TAG) % 997),
  });
  const { orderId } = await ok(staff.request, 'createBookingAction', {
    customerOrderNo: `MX${TAG}${Date.now()}`,
    trainCode: 'G1',
    fromStation: '北京南',
    toStation: '上海',
    date: travelDate(6),
    seatType: 4,
    passengers: [{ passengerId, ticketType: 1 }],
    contactMobile: '13900139000',
    customerId,
  });

  const sql = e2eSql();
  const [s] = await sql<{ id: string }[]>`select id from users where email = ${staffEmail}`;
  const [t] = await sql<{ id: string }[]>`select id from order_tickets where order_id = ${orderId!}`;
  await sql.end();

  fx = {
    agencyId: agencyId!,
    agencyName,
    bankRef,
    ownerEmail,
    staffId: s!.id,
    customerId: customerId!,
    customerName,
    passengerId: passengerId!,
    passengerName,
    orderId: orderId!,
    ticketId: t!.id,
    spareToken: spare!.split('/').pop()!,
  };

  // The second agency: the demo agency's owner, and a staff member they invite.
  const otherOwner = await newContext(browser);
  await signIn(await otherOwner.newPage(), DEMO.agent.email, DEMO.agent.password);
  const otherEmail = uniqueEmail('mx-other');
  const { link: otherLink } = await ok(otherOwner.request, 'inviteAction', { email: otherEmail });
  const otherStaff = await joinByInvitation(
    browser,
    otherLink!,
    otherEmail,
    '别社员工',
    new RegExp(`^${workspaceHeading('')}`),
  );

  const traveller = await newContext(browser);
  await signIn(await traveller.newPage(), DEMO.traveller.email, DEMO.traveller.password);

  contexts.set('signed-out', await newContext(browser));
  contexts.set('traveller', traveller);
  contexts.set('other staff', otherStaff);
  contexts.set('other owner', otherOwner);
  contexts.set('staff', staff);
  contexts.set('owner', owner);
  await admin.close();
});

test.afterAll(async () => {
  for (const c of contexts.values()) await c.close();
});

// ---- the matrix ----------------------------------------------------------------------------------

const ROUTES = () => [
  ...PAGE_FILES.map((f) => ({ file: f, route: routeOf(f), kind: 'page' as const })),
  ...ROUTE_FILES.map((f) => ({ file: f, route: routeOf(f), kind: 'route' as const })),
];

test('the matrix is derived from the source tree and the build', () => {
  const routes = ROUTES().map((r) => r.route);
  // Every workspace page and handler is in it (6 pages and 2 CSV handlers today, and the order page,
  // the order JSON, booking and the admin's agency pages reached through the import graph).
  expect(PAGE_FILES.filter((f) => f.startsWith('app/agent/')).length).toBeGreaterThanOrEqual(6);
  expect(ROUTE_FILES.filter((f) => f.startsWith('app/api/agent/')).length).toBeGreaterThanOrEqual(2);
  expect(routes).toEqual(
    expect.arrayContaining([
      '/agent',
      '/agent/customers/[id]',
      '/api/agent/orders-csv',
      '/trips/[id]',
      '/api/orders/[id]',
    ]),
  );
  expect(routes.length).toBeGreaterThanOrEqual(14);
  for (const r of BEARER_PAGES) expect(routes).toContain(r);
  // Every action of the 'use server' modules that reach lib/agency/access is in the table, and back.
  expect(ACTION_MODULES).toEqual(expect.arrayContaining(['lib/agency/actions.ts', 'lib/orders/actions.ts']));
  const built = manifestActions().filter((a) => ACTION_MODULES.includes(a.file));
  expect(new Set(built.map((a) => a.file))).toEqual(new Set(ACTION_MODULES));
  // Every action the build can call has its row (an export no page uses has no action id to call).
  const exported = ACTION_MODULES.flatMap((f) =>
    [...fs.readFileSync(f, 'utf8').matchAll(/export (?:async function|const) (\w+)/g)].map((m) => m[1]!),
  );
  expect(built.map((a) => a.name).filter((n) => !ACTIONS[n])).toEqual([]);
  expect(Object.keys(ACTIONS).filter((n) => !exported.includes(n))).toEqual([]);
  expect(built.length).toBeGreaterThanOrEqual(20);
});

for (const role of NON_MEMBERS) {
  test(`${role}: every page, route handler and server action of the first agency is closed`, async () => {
    test.setTimeout(300_000);
    const request = req(role);
    const failures: string[] = [];
    let walked = 0;

    for (const { route, kind } of ROUTES()) {
      const url = fill(route) + (QUERY[route]?.() ?? '');
      const res = await request.get(url, { failOnStatusCode: false, timeout: 60_000 });
      walked++;
      const status = res.status();
      const body = await res.text();
      const finalPath = new URL(res.url()).pathname;
      const leaked = markers().filter((m) => body.includes(m));
      const what = `${kind} ${route} → ${status} ${finalPath}`;
      if (status >= 500) failures.push(`${what}: server error`);
      const refused = [401, 403, 404].includes(status) || finalPath === '/signin';
      if (BEARER_PAGES.has(route)) {
        if (body.includes(fx.customerName) || body.includes(fx.passengerName)) failures.push(`${what}: customer data`);
      } else if (route.includes('[') || ADMIN_ONLY(route)) {
        if (!refused) failures.push(`${what}: expected 401/403/404`);
      } else if (!refused && status !== 200) {
        failures.push(`${what}: neither refused nor the caller's own view`);
      }
      if (!BEARER_PAGES.has(route) && leaked.length) failures.push(`${what}: shows ${leaked.join(', ')}`);
      if (role === 'signed-out' && status === 200 && !refused && !BEARER_PAGES.has(route))
        failures.push(`${what}: open to a signed-out visitor`);
    }

    const before = await agencySnapshot();
    const actions = manifestActions().filter((a) => ACTION_MODULES.includes(a.file));
    for (const a of actions) {
      const c = ACTIONS[a.name]!;
      const o = await callAction(request, a, c.input());
      walked++;
      const what = `action ${a.name} → ${o.status} ${o.result ? JSON.stringify(o.result).slice(0, 160) : o.text.slice(0, 120)}`;
      if (o.status >= 500) failures.push(`${what}: server error`);
      const leaked = markers().filter((m) => o.text.includes(m));
      if (leaked.length) failures.push(`${what}: shows ${leaked.join(', ')}`);
      if (c.scoped && c.who !== 'invitee' && !isRefusal(o)) failures.push(`${what}: expected a refusal`);
      // The invitation's holder may use it, with the invited email only: anyone else is refused.
      if (c.who === 'invitee' && o.result?.ok) failures.push(`${what}: accepted someone else's invitation`);
      if (role === 'signed-out' && c.who !== 'invitee' && !isRefusal(o)) failures.push(`${what}: open when signed out`);
    }
    // Whatever they were answered, nothing of the first agency changed.
    expect(await agencySnapshot()).toEqual(before);

    test.info().annotations.push({ type: 'walked', description: String(walked) });
    expect(walked).toBe(ROUTES().length + actions.length);
    expect(walked).toBeGreaterThanOrEqual(35);
    expect(failures).toEqual([]);
  });
}

for (const role of ['staff', 'owner'] as const) {
  test(`${role} of the first agency (positive control): its pages, handlers and actions open`, async () => {
    test.setTimeout(300_000);
    const request = req(role);
    const failures: string[] = [];
    let walked = 0;
    for (const { route, kind } of ROUTES()) {
      if (BEARER_PAGES.has(route)) continue;
      const url = fill(route) + (QUERY[route]?.() ?? '');
      const res = await request.get(url, { failOnStatusCode: false, timeout: 60_000 });
      walked++;
      const status = res.status();
      const refusedHere = ADMIN_ONLY(route) || TRAVELLER_ONLY.has(route) || (role === 'staff' && OWNER_ONLY.has(route));
      const what = `${kind} ${route} → ${status} ${new URL(res.url()).pathname}`;
      if (refusedHere ? ![403, 404].includes(status) : status !== 200) failures.push(what);
      if (route === '/agent/customers/[id]' && !(await res.text()).includes(fx.customerName))
        failures.push(`${what}: the customer is not shown`);
    }
    const actions = manifestActions()
      .filter((a) => ACTION_MODULES.includes(a.file))
      .sort((x, y) => Number(!!ACTIONS[x.name]!.last) - Number(!!ACTIONS[y.name]!.last));
    for (const a of actions) {
      const c = ACTIONS[a.name]!;
      const o = await callAction(request, a, c.input());
      walked++;
      const what = `action ${a.name} → ${o.status} ${o.result ? JSON.stringify(o.result).slice(0, 160) : o.text.slice(0, 120)}`;
      const mayPass = c.who === 'member' || c.who === 'anyone signed in' || (c.who === 'owner' && role === 'owner');
      if (o.status >= 500) failures.push(`${what}: server error`);
      else if (mayPass) {
        // Past the session, role, validation and ownership checks: what follows is the business rule
        // (a held order cannot be refunded, and so on).
        const code = o.result?.code ?? '';
        if (!o.result) failures.push(`${what}: no result`);
        else if (
          !o.result.ok &&
          (['unauthenticated', 'forbidden', 'validation'].includes(code) ||
            ownershipRefusals().has(o.result.message ?? ''))
        )
          failures.push(`${what}: refused`);
      } else if (o.result?.ok) failures.push(`${what}: expected a refusal`);
      else if (c.who !== 'invitee' && !isRefusal(o)) failures.push(`${what}: expected a refusal`);
    }
    test.info().annotations.push({ type: 'walked', description: String(walked) });
    expect(walked).toBeGreaterThanOrEqual(30);
    expect(failures).toEqual([]);
  });
}

// Last, so that in this serial file an axe finding never hides the isolation results above.
test("axe on every page of the matrix as the first agency's owner sees it (the invitation as a visitor)", async () => {
  test.setTimeout(180_000);
  // A traveller-only page has no record of the agency's to show (its axe run is the trips spec's).
  const pages = ROUTES().filter((r) => r.kind === 'page' && !ADMIN_ONLY(r.route) && !TRAVELLER_ONLY.has(r.route));
  expect(pages.map((r) => r.route)).toEqual(expect.arrayContaining(['/agent', '/agent/customers/[id]']));
  for (const { route } of pages) {
    // The invitation is a visitor's page (its join form); the rest the owner's, who may open them all.
    const context = contexts.get(BEARER_PAGES.has(route) ? 'signed-out' : 'owner')!;
    const page = await context.newPage();
    try {
      const res = await page.goto(fill(route) + (QUERY[route]?.() ?? ''));
      expect(res?.status(), route).toBe(200);
      await expect(page.locator('h1').first()).toBeVisible();
      // Every page, violations of any impact (issue 29).
      await axe(page, `owner ${route}`);
    } finally {
      await page.close();
    }
  }
});

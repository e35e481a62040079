/**
 * The fuzz run signed in (issue 31, "Attack it"): the same targets as e2e/fuzz.spec.ts (every route
 * handler and server action, read from the build's manifests) and the same generated bad input, sent
 * by a signed-in caller of each role — a traveller, an agency's clerk, its owner, an admin — so the
 * input gets past the session and role checks into validation, ownership and the business rules.
 * Expected of every answer: below 500, no server action result `code: 'internal'` (an unexpected error,
 * which lib/actions.ts answers with 200), and no stack trace, source path or SQL error in the body; the
 * caller is still signed in afterwards (no garbage ends a session); and no row changed but the
 * caller's own (tables with a user_id: marking their notifications read and saving their
 * preferences take no input, so any body does it; for agency staff also their agency's rows, tables
 * with an agency_id: its ledger accounts are opened on first read) and, for the admin, the reconciliation's (its
 * "start a run" button posts nothing, so any body starts one: runs, findings, the imported statement).
 * Every caller is a fresh account made here (the admin promoted in the database, the agency created
 * by that admin), so the demo accounts other specs use keep their data and preferences.
 * Bounded: rounds of one case per target (every target gets the first round whatever the time), at
 * most FUZZ_SIGNED_RUNS rounds (default 6) within FUZZ_SIGNED_BUDGET_S seconds per role (default 40).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Browser, type BrowserContext } from '@playwright/test';
import fc from 'fast-check';
import { fillPath, fuzzActionBody, fuzzBody, fuzzQuery, readTargets } from '../tests/support/fuzz';
import { routeOf } from '../tests/support/import-graph';
import { e2eSql } from './db';
import {
  changedTables,
  checksum,
  rowsUpdatedSince,
  settledChecksum,
  forgetNewRateLimits,
  judgeInto,
  rateLimitKeys,
  send,
  type Finding,
} from './fuzz-support';
import { signIn, signUpAndSignIn, uniqueEmail } from './helpers';
import { portalUrl } from './journeys';
import { L } from './locale';

test.describe.configure({ mode: 'serial' });

const RUNS = Number(process.env.FUZZ_SIGNED_RUNS ?? 6);
const BUDGET_MS = Number(process.env.FUZZ_SIGNED_BUDGET_S ?? 40) * 1000;
const PASSWORD = 'Fuzz-Signed-2026';
const TAG = `${Date.now() % 1_000_000}`;

type Role = 'traveller' | 'clerk' | 'owner' | 'admin';
const ROLES: Role[] = ['traveller', 'clerk', 'owner', 'admin'];
const ROLE_NAME: Record<Role, string> = {
  traveller: 'a traveller',
  clerk: "an agency's clerk",
  owner: "an agency's owner",
  admin: 'an admin',
};
/** Tables (beyond the caller's own rows) a role's input-less actions may write, and why. */
const OWN_WRITES: Record<Role, RegExp | null> = {
  traveller: null,
  clerk: null,
  owner: null,
  // 对账 "开始对账" (lib/reconcile/defs.ts startReconciliationDef) takes no input: any body starts a run,
  // which imports the provider's statement and records its findings.
  admin: /^(recon_.*|provider_balance_movements)$/,
};

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
interface Caller {
  email: string;
  userId: string;
  /** The agency the caller works for (its rows are the caller's own too: a ledger account opened on first read). */
  agencyId: string | null;
  state: StorageState;
}
const callers = new Map<Role, Caller>();

// ---- server actions as the browser calls them (for the fixtures: the admin creates the agency, its
// owner invites the clerk), as e2e/agency-matrix.spec.ts does -----------------------------------------

const AREA_ORDER = ['app/trips', 'app/passengers', 'app/agent', 'app/admin'];
const areaRank = (worker: string) => AREA_ORDER.findIndex((a) => worker.startsWith(`${a}/`)) + 1;

function manifestAction(name: string): { id: string; url: string } {
  const file = path.join(process.cwd(), '.next', 'server', 'server-reference-manifest.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    node: Record<string, { workers: Record<string, unknown>; exportedName?: string }>;
  };
  const found = Object.entries(m.node).find(([, a]) => a.exportedName === name);
  if (!found) throw new Error(`${name} is not in the build's action manifest`);
  const worker = Object.keys(found[1].workers).sort((x, y) => areaRank(x) - areaRank(y))[0]!;
  return {
    id: found[0],
    url: routeOf(`${worker}.tsx`).replace(/\[[^\]]+\]/g, '00000000-0000-0000-0000-000000000000'),
  };
}

/** Calls a form's action (previous state, form data) as React posts it; its data, or throws. */
async function formActionOk(
  request: APIRequestContext,
  name: string,
  fields: Record<string, string>,
): Promise<Record<string, string>> {
  const { id, url } = manifestAction(name);
  const multipart = new FormData();
  for (const [k, v] of Object.entries(fields)) multipart.append(`_1_${k}`, v);
  multipart.append('0', JSON.stringify([null, '$K1']));
  const res = await request.post(url, {
    headers: { Origin: portalUrl(), 'Next-Action': id, Accept: 'text/x-component' },
    multipart,
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  const text = await res.text();
  for (const line of text.split('\n')) {
    try {
      const v = JSON.parse(line.slice(line.indexOf(':') + 1)) as { ok?: boolean; data?: Record<string, string> };
      if (v && typeof v === 'object' && v.ok === true) return v.data ?? {};
    } catch {
      // not a JSON row
    }
  }
  throw new Error(`${name} refused: ${res.status()} ${text.slice(0, 400)}`);
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ baseURL: portalUrl(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

async function whoIs(email: string): Promise<{ userId: string; agencyId: string | null }> {
  const sql = e2eSql();
  try {
    const [u] = await sql<{ id: string; agency: string | null }[]>`
      select u.id, (select m.agency_id from agency_members m where m.user_id = u.id limit 1) as agency
      from users u where u.email = ${email}`;
    if (!u) throw new Error(`no user ${email}`);
    return { userId: u.id, agencyId: u.agency };
  } finally {
    await sql.end();
  }
}

/** A new context signed in as `email` (the session carries the role as the database has it now). */
async function signedIn(browser: Browser, email: string): Promise<BrowserContext> {
  const context = await newContext(browser);
  await signIn(await context.newPage(), email, PASSWORD);
  return context;
}

async function keep(role: Role, email: string, context: BrowserContext): Promise<void> {
  callers.set(role, { email, ...(await whoIs(email)), state: await context.storageState() });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  const signUp = async (prefix: string, name: string) => {
    const email = uniqueEmail(prefix);
    const context = await newContext(browser);
    await signUpAndSignIn(await context.newPage(), email, PASSWORD, name);
    return { email, context };
  };

  // A traveller: a new account, signed in as it signed up.
  const traveller = await signUp('fz-traveller', '模糊旅客');
  await keep('traveller', traveller.email, traveller.context);
  await traveller.context.close();

  // An admin: a new account promoted in the database, then signed in again (the session carries the role).
  const adminUp = await signUp('fz-admin', '模糊管理员');
  await adminUp.context.close();
  const sql = e2eSql();
  try {
    const promoted = await sql`update users set role = 'admin' where email = ${adminUp.email}`;
    expect(promoted.count).toBe(1);
  } finally {
    await sql.end();
  }
  const admin = await signedIn(browser, adminUp.email);
  await keep('admin', adminUp.email, admin);

  // An agency's owner: a new account the admin makes the owner of a new agency.
  const ownerUp = await signUp('fz-owner', '模糊社长');
  await ownerUp.context.close();
  const agencyName = `模糊测试社${TAG}`;
  await formActionOk(admin.request, 'createAgencyAction', { name: agencyName, ownerEmail: ownerUp.email });
  await admin.close();
  const owner = await signedIn(browser, ownerUp.email);
  await keep('owner', ownerUp.email, owner);

  // Its clerk: invited by the owner, registering on the invitation page.
  const clerkEmail = uniqueEmail('fz-clerk');
  const { link } = await formActionOk(owner.request, 'inviteAction', { email: clerkEmail });
  await owner.close();
  const clerk = await newContext(browser);
  const page = await clerk.newPage();
  await page.goto(link!);
  const join = page.getByRole('form', { name: L('注册并加入') });
  await expect(join.getByLabel(L('邮箱'))).toHaveValue(clerkEmail);
  await join.getByLabel(L('称呼', 'agency.join.displayName')).fill('模糊员工');
  await join.getByLabel(L('密码'), { exact: true }).fill(PASSWORD);
  await join.getByLabel(L('确认密码')).fill(PASSWORD);
  await join.getByRole('button', { name: L('注册并加入旅行社') }).click();
  await expect(page.getByRole('heading', { name: `${L('代理工作台')} · ${agencyName}` })).toBeVisible();
  await keep('clerk', clerkEmail, clerk);
  await clerk.close();
});

/** The email next-auth's session endpoint answers for this context's cookies (null: signed out). */
async function sessionEmail(request: APIRequestContext): Promise<string | null> {
  const res = await request.get('/api/auth/session', { failOnStatusCode: false });
  if (!res.ok()) return null;
  const body = (await res.json().catch(() => null)) as { user?: { email?: string } } | null;
  return body?.user?.email ?? null;
}

/** Whether the context still holds a session cookie (a response may have cleared it). */
async function holdsSession(request: APIRequestContext): Promise<boolean> {
  return (await request.storageState()).cookies.some((c) => c.name.includes('next-auth.session-token'));
}

for (const role of ROLES) {
  test(`fuzz signed in as ${ROLE_NAME[role]}: every route handler and server action answers below 500 and changes none of the others' rows`, async ({
    playwright,
  }) => {
    test.setTimeout(BUDGET_MS + 180_000);
    const caller = callers.get(role)!;
    const targets = readTargets(process.cwd());
    expect(targets.routes.length, 'route handlers in the build manifest').toBeGreaterThan(5);
    expect(targets.actions.length, 'server actions in the build manifest').toBeGreaterThan(5);

    const open = () => playwright.request.newContext({ baseURL: portalUrl(), storageState: caller.state });
    let request = await open();
    expect(await sessionEmail(request), 'signed in before the run').toBe(caller.email);

    const before = await settledChecksum(caller.userId, caller.agencyId);
    const runStart = new Date();
    const throttleKeys = await rateLimitKeys();
    const findings: Finding[] = [];
    const judge = judgeInto(findings, { internalResults: true });
    /** Targets after whose answer the session cookie was gone (the context is then signed in again). */
    const lostSession: string[] = [];
    let sent = 0;
    let rounds = 0;
    const start = Date.now();
    const seed = 3100 + ROLES.indexOf(role);
    const segments = fc.sample(
      fc.constantFrom('x', '0', '-1', '../admin', '%', '00000000-0000-0000-0000-000000000000', '𠮷'),
      { numRuns: RUNS, seed },
    );
    const bodies = fc.sample(fuzzBody, { numRuns: RUNS, seed });
    const queries = fc.sample(fuzzQuery, { numRuns: RUNS, seed });
    const actionBodies = fc.sample(fuzzActionBody, { numRuns: RUNS, seed });

    const afterTarget = async (target: string) => {
      if (await holdsSession(request)) return;
      lostSession.push(target);
      await request.dispose();
      request = await open();
    };

    // Round-robin: every target gets its first case before any gets a second, so the budget cuts
    // rounds, never targets.
    for (let i = 0; i < RUNS && (i === 0 || Date.now() - start < BUDGET_MS); i++) {
      for (const route of targets.routes) {
        const url = `${fillPath(route, segments[i]!)}?${queries[i]!}`;
        for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
          judge(
            `${role} ${method} ${route}`,
            await send(request, method, url, method === 'GET' ? null : bodies[i]!, { origin: portalUrl() }),
          );
          sent++;
        }
        await afterTarget(route);
      }
      for (const id of targets.actions) {
        judge(
          `${role} action ${id}`,
          await send(request, 'POST', '/', actionBodies[i]!, { 'next-action': id, origin: portalUrl() }),
        );
        sent++;
        await afterTarget(`action ${id}`);
      }
      rounds++;
    }
    const stillSignedIn = await sessionEmail(request);
    await request.dispose();

    const after = await checksum(caller.userId, caller.agencyId);
    // The throttle rows the run's refused requests created go again: the specs after this one sign in
    // from the same address.
    await forgetNewRateLimits(throttleKeys);
    const allowed = OWN_WRITES[role];
    const changed = changedTables(before, after).filter((t) => !allowed?.test(t));
    console.log(
      `[fuzz ${role}] ${sent} requests in ${rounds} rounds to ${targets.routes.length} route handlers and ${targets.actions.length} server actions in ${Math.round((Date.now() - start) / 1000)} s; ${findings.length} findings; sessions lost: ${lostSession.length}; changed tables: ${changed.join(', ') || 'none'}`,
    );
    expect(rounds, 'every target got at least one case').toBeGreaterThanOrEqual(1);
    expect(sent).toBe(rounds * (targets.routes.length * 5 + targets.actions.length));
    expect(findings, findings.map((f) => `${f.target}: ${f.problem}`).join('\n')).toEqual([]);
    expect(lostSession, 'targets whose answer to garbage ended the session').toEqual([]);
    expect(stillSignedIn, 'still signed in after the run').toBe(caller.email);
    expect(
      changed,
      `tables whose rows (not the caller's own) the run changed; rows updated since the run began:\n${(
        await rowsUpdatedSince(changed, runStart)
      ).join('\n')}`,
    ).toEqual([]);
  });
}

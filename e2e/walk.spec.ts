/**
 * Walks the production build: every route (pages and route handlers, from the build's own
 * app-path-routes manifest) with GET, POST, other and bogus methods, odd ids and bad query strings,
 * and every server action (from the server-reference manifest) posted with empty and garbage bodies,
 * as each role. Bad input must end in a 4xx (or a page that explains), never in a status >= 500.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { DEMO, signIn } from './helpers';
import { isEnglish, L } from './locale';

const NEXT = path.join(process.cwd(), '.next');
const routes = Object.values(
  JSON.parse(fs.readFileSync(path.join(NEXT, 'app-path-routes-manifest.json'), 'utf8')) as Record<string, string>,
).filter((r) => !r.startsWith('/_'));

interface ActionEntry {
  workers: Record<string, unknown>;
  exportedName?: string;
}
const actionManifest = JSON.parse(
  fs.readFileSync(path.join(NEXT, 'server', 'server-reference-manifest.json'), 'utf8'),
) as { node: Record<string, ActionEntry> };

const ODD_IDS = [
  'does-not-exist',
  '00000000-0000-0000-0000-000000000000',
  '-1',
  '%00',
  '..%2f..%2fetc%2fpasswd',
  encodeURIComponent("1' or '1'='1"),
  'x'.repeat(300),
];
/** next-auth's catch-all: its real endpoints and some that are not. */
const AUTH_PATHS = [
  'session',
  'csrf',
  'providers',
  'signin',
  'signout',
  'callback/credentials',
  'signin/credentials',
  'callback/nope',
  'nope',
  '_log',
];
const QUERIES = [
  '',
  '?',
  '?callbackUrl=//evil.example&from=%E0%A4%A&date=not-a-date&page=-1',
  '?q=&from=&to=&date=2099-13-45&seat=%00&sort=nope&id[]=1&id[]=2',
  `?q=${'长'.repeat(600)}`,
  '?date=1970-01-01&from=BJP&to=BJP&trainNo=%27%3B--',
];

/** Concrete URLs for a manifest route: every dynamic segment replaced by each odd id. */
function expand(route: string): string[] {
  if (route.includes('[...nextauth]')) return AUTH_PATHS.map((p) => route.replace('[...nextauth]', p));
  if (!route.includes('[')) return [route];
  return ODD_IDS.map((id) => route.replace(/\[[^\]]+\]/g, id));
}

/** The page a server action's worker belongs to, as a URL ('app/(auth)/signin/page' -> '/signin'). */
function pageOf(worker: string): string {
  const p = worker
    .replace(/^app/, '')
    .replace(/\/(page|route)$/, '')
    .replace(/\/\([^)]+\)/g, '')
    .replace(/\[[^\]]+\]/g, ODD_IDS[1]!);
  return p === '' ? '/' : p;
}

const ACTION_BODIES: { name: string; body: string | undefined; type?: string }[] = [
  { name: 'no body', body: undefined },
  { name: 'empty', body: '' },
  { name: 'garbage', body: 'this is not a reply' },
  { name: 'empty args', body: '[]' },
  { name: 'nulls', body: '[null,null]' },
  { name: 'wrong shapes', body: '[{"$$typeof":"x"},"$K1",{"email":[1,2],"userId":{"a":1}}]' },
  { name: 'huge number', body: '[1e308,-0,"\\u0000"]' },
  {
    name: 'multipart junk',
    body: '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n--b--\r\n',
    type: 'multipart/form-data; boundary=b',
  },
  { name: 'broken multipart', body: '--b\r\ngarbage', type: 'multipart/form-data; boundary=b' },
  { name: 'urlencoded', body: 'email=x&password=', type: 'application/x-www-form-urlencoded' },
];

/** A page's HTML with React's entity escapes undone, to look for a text in it (an English text has apostrophes). */
async function htmlText(res: { text(): Promise<string> }): Promise<string> {
  return (await res.text())
    .replaceAll('&#x27;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

type Role = 'signed-out' | 'traveller' | 'agent' | 'admin';
const ROLES: Role[] = ['signed-out', 'traveller', 'agent', 'admin'];

/** Runs `fn` with the requests of a new browser context signed in as `role` (none when signed out), then closes it. */
async function asRole(
  browser: Browser,
  baseURL: string,
  role: Role,
  fn: (request: APIRequestContext) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ baseURL });
  try {
    if (role !== 'signed-out') {
      const page = await context.newPage();
      await signIn(page, DEMO[role].email, DEMO[role].password);
      await page.close();
    }
    await fn(context.request);
  } finally {
    await context.close();
  }
}

async function walk(request: APIRequestContext, baseURL: string) {
  const failures: string[] = [];
  let sent = 0;
  const check = async (what: string, send: () => Promise<{ status(): number; text(): Promise<string> }>) => {
    const res = await send();
    sent += 1;
    if (res.status() >= 500) failures.push(`${res.status()} ${what}: ${(await res.text()).slice(0, 160)}`);
  };
  const opts = { maxRedirects: 0, failOnStatusCode: false, timeout: 30_000 } as const;
  const origin = { Origin: baseURL };

  for (const route of routes) {
    for (const url of expand(route)) {
      for (const q of QUERIES) await check(`GET ${url}${q}`, () => request.get(`${url}${q}`, opts));
      await check(`HEAD ${url}`, () => request.head(url, opts));
      await check(`POST ${url} (no body)`, () => request.post(url, { ...opts, headers: origin }));
      await check(`POST ${url} (bad json)`, () =>
        request.post(url, { ...opts, headers: { ...origin, 'content-type': 'application/json' }, data: '{"a":' }),
      );
      await check(`POST ${url} (wrong json)`, () =>
        request.post(url, { ...opts, headers: origin, data: { orderNo: 1, id: null, status: 'x'.repeat(5000) } }),
      );
      await check(`POST ${url} (form)`, () => request.post(url, { ...opts, headers: origin, form: { a: 'b' } }));
      for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'FOO']) {
        await check(`${method} ${url}`, () => request.fetch(url, { ...opts, method, headers: origin }));
      }
    }
  }

  const actions = Object.entries(actionManifest.node);
  const targets = actions.flatMap(([id, a]) =>
    Object.keys(a.workers).map((w) => ({ id, name: a.exportedName, url: pageOf(w) })),
  );
  targets.push(
    { id: 'f'.repeat(42), name: 'unknown action', url: '/' },
    { id: 'nope', name: 'malformed id', url: '/' },
  );
  for (const t of targets) {
    for (const b of ACTION_BODIES) {
      await check(`action ${t.name ?? t.id} @ ${t.url} (${b.name})`, () =>
        request.post(t.url, {
          ...opts,
          headers: {
            ...origin,
            'Next-Action': t.id,
            Accept: 'text/x-component',
            'content-type': b.type ?? 'text/plain;charset=UTF-8',
          },
          ...(b.body === undefined ? {} : { data: b.body }),
        }),
      );
    }
  }
  return { failures, sent };
}

for (const role of ROLES) {
  test(`no route or server action answers 5xx: ${role}`, async ({ browser, baseURL }) => {
    test.setTimeout(600_000);
    expect(routes.length).toBeGreaterThan(10);
    expect(Object.keys(actionManifest.node).length).toBeGreaterThan(2);
    await asRole(browser, baseURL!, role, async (request) => {
      const { failures, sent } = await walk(request, baseURL!);
      test.info().annotations.push({ type: 'requests', description: String(sent) });
      expect(sent).toBeGreaterThan(500);
      expect(failures).toEqual([]);
      // Still signed in as the role after the walk (no action signed us out or changed the role).
      const session = (await (await request.get('/api/auth/session')).json()) as { user?: { role?: string } };
      expect(session.user?.role).toBe(role === 'signed-out' ? undefined : role);
    });
  });
}

/**
 * Status codes that were wrong in the walk as five identities (issue 24): an unknown invitation answered
 * 200, and an admin who belongs to no agency got 200 on a customer page but 403 on the agency's CSV
 * routes. An unknown or expired invitation is 404 with its friendly page; a caller in no agency gets 403
 * on every agency resource, pages and CSV alike (README "Agencies").
 */
test('an unknown invitation is 404 with its page; an admin in no agency gets 403 on agency pages and CSV alike', async ({
  browser,
  baseURL,
}) => {
  const opts = { maxRedirects: 0, failOnStatusCode: false } as const;
  for (const role of ['signed-out', 'traveller', 'admin'] as const) {
    await asRole(browser, baseURL!, role, async (request) => {
      const res = await request.get('/invite/ThisTokenWasNeverIssued123', opts);
      expect(res.status(), `${role}: unknown invitation`).toBe(404);
      expect(await htmlText(res)).toContain(L('邀请链接无效，请核对链接或联系旅行社负责人。'));
    });
  }
  await asRole(browser, baseURL!, 'admin', async (request) => {
    const page = await request.get('/agent/customers/00000000-0000-0000-0000-000000000000', opts);
    expect(page.status(), 'customer page').toBe(403);
    expect(await htmlText(page)).toContain(L('您还不是任何旅行社的在职成员。请使用旅行社负责人发给您的邀请链接加入。'));
    for (const csv of ['/api/agent/orders-csv', '/api/agent/statement-csv']) {
      expect((await request.get(csv, opts)).status(), csv).toBe(403);
    }
  });
});

/**
 * Bad input that answered 500 or a broken download (issue 23 #12): filter keys named after
 * Object.prototype members, a reconciliation range at 9999-12-31, a server action posted from another
 * origin (Next's CSRF check answers 500) or with a body over 1 MB (Next answers 500). Each is a 4xx
 * with a message, or the page with its error shown.
 */
test('issue 23 #12: prototype-named filters, far dates, cross-origin and oversized actions are 4xx or a page', async ({
  browser,
  baseURL,
}) => {
  const opts = { maxRedirects: 0, failOnStatusCode: false } as const;
  await asRole(browser, baseURL!, 'agent', async (request) => {
    for (const url of [
      '/agent/orders?constructor=1',
      '/agent/orders?toString=x',
      '/api/agent/orders-csv?constructor=1',
      '/api/agent/orders-csv?toString=x&__proto__=1',
    ]) {
      const res = await request.get(url, opts);
      expect(res.status(), url).toBe(200);
    }
  });

  await asRole(browser, baseURL!, 'admin', async (request) => {
    const far = 'from=9999-12-31&to=9999-12-31';
    for (const url of [`/admin/reconciliation?${far}`, `/admin/reconciliation/discrepancies?${far}`]) {
      const res = await request.get(url, opts);
      expect(res.status(), url).toBe(200);
      // lib/reconcile/pages.ts writes it with the years filled in (en-texts: its template's English).
      expect(await htmlText(res), url).toContain(
        isEnglish() ? 'The date must be between 2000 and 2099.' : '日期须在 2000–2099 年之间。',
      );
    }
    for (const csv of ['refund-ledger-csv', 'discrepancies-csv']) {
      const res = await request.get(`/api/admin/reconciliation/${csv}?${far}`, opts);
      expect(res.status(), csv).toBe(422);
      // The route's error in the caller's language (lib/http.ts errorResponse).
      expect(JSON.stringify(await res.json()), csv).toContain(isEnglish() ? 'between 2000 and 2099' : '2000–2099');
    }
  });

  await asRole(browser, baseURL!, 'signed-out', async (request) => {
    const [id] = Object.keys(actionManifest.node);
    const action = (origin: string, body: string) =>
      request.post('/signin', {
        ...opts,
        headers: { 'next-action': id!, origin, 'content-type': 'text/plain;charset=UTF-8' },
        data: body,
      });
    const cross = await action('https://evil.example', '["$undefined"]');
    expect(cross.status()).toBe(403);
    expect(await cross.text()).toContain('请求来自其他网站');
    const big = await action(baseURL!, `["${'x'.repeat(1024 * 1024 + 10)}"]`);
    expect(big.status()).toBe(413);
    expect(await big.text()).toContain('不能超过 1 MB');
  });
});

/**
 * next-auth's own routes can never check a password (issue 23 #5): next-auth reads only the first two
 * path segments, so `callback/credentials/x` used to reach the credentials provider past the sign-in
 * throttle. The route answers 4xx to every path but session, csrf and sign-out, and next-auth itself
 * has no provider that could issue a session.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runGuarded } from '@/lib/actions';
import { signUpDef } from '@/lib/users/signup';
import { csrf, nextAuthCore } from '@/lib/auth/nextauth.test-helper';

process.env.NEXTAUTH_URL = 'http://localhost:3000';
process.env.NEXTAUTH_SECRET ||= 'nextauth-route-test-secret-0123456789';

const { authOptions } = await import('@/lib/auth/options');
const route = await import('@/app/api/auth/[...nextauth]/route');

const PASSWORD = 'Correct-horse-42';
let email: string;

beforeAll(async () => {
  email = `route${Date.now()}@example.test`;
  await runGuarded(signUpDef, null, { email, displayName: '路由', password: PASSWORD, confirmPassword: PASSWORD });
});

async function call(method: 'GET' | 'POST', path: string, body?: Record<string, string>) {
  const req = new Request(`http://localhost:3000/api/auth/${path}`, {
    method,
    headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined,
    body: body ? new URLSearchParams(body) : undefined,
  });
  const handler = method === 'GET' ? route.GET : route.POST;
  return handler(req, { params: Promise.resolve({ nextauth: path.split('?')[0]!.split('/').filter(Boolean) }) });
}

describe('the next-auth route', () => {
  const closed = [
    'callback/credentials',
    'callback/credentials/x',
    'callback/credentials/x/y',
    'signin/credentials',
    'signin/credentials/x',
    'callback/Credentials',
    'callback/nope',
    'signin',
    'callback',
    'providers',
    'error',
    '_log',
    'verify-request',
    'session/x',
    'csrf/x',
    'signout/x',
    'nope',
    'constructor',
    '__proto__',
  ];
  for (const path of closed) {
    for (const method of ['GET', 'POST'] as const) {
      it(`${method} /api/auth/${path} is a 4xx with a message and no cookie`, async () => {
        const res = await call(method, path, method === 'POST' ? { email, password: PASSWORD } : undefined);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers.get('set-cookie')).toBeNull();
        const json = (await res.json()) as { error: { message: string } };
        expect(json.error.message).toMatch(/\/signin|请求/);
      });
    }
  }

  it('answers 405 to the wrong method of an endpoint it keeps, 400 to a callbackUrl next-auth cannot parse', async () => {
    expect((await call('GET', 'signout')).status).toBe(405);
    expect((await call('POST', 'session')).status).toBe(405);
    expect((await call('GET', 'session?callbackUrl=javascript:alert(1)')).status).toBe(400);
  });
});

describe("next-auth's core", () => {
  it('has no provider that checks passwords: a CSRF-correct credentials callback issues no session', async () => {
    const { csrfToken, cookies } = await csrf(authOptions);
    expect(csrfToken).toBeTruthy();
    for (const nextauth of [
      ['callback', 'credentials'],
      ['callback', 'credentials', 'x'],
      ['signin', 'credentials'],
    ]) {
      const res = await nextAuthCore(authOptions, 'POST', nextauth, { email, password: PASSWORD, csrfToken }, cookies);
      expect(Object.keys(res.jar)).not.toContain('next-auth.session-token');
    }
  });
});

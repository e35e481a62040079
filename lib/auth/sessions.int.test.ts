/**
 * Sign-out and password change end the session (issue 23 #8): a cookie copied before either is
 * refused by the guard's check (sessionUser) and by the proxy, not honoured for its 12-hour life.
 */
import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { signUpDef } from '@/lib/users/signup';
import { csrf, nextAuthCore } from './nextauth.test-helper';

process.env.NEXTAUTH_URL = 'http://localhost:3000';
process.env.NEXTAUTH_SECRET ||= 'sessions-test-secret-0123456789abcdef';
const SECRET = process.env.NEXTAUTH_SECRET;

const { authOptions } = await import('./options');
const { sessionUser, currentSessionVersion } = await import('./sessions');
const { changePassword } = await import('./change-password');
const { createAuthThrottle } = await import('./throttle');
const { authenticate } = await import('./credentials');
const { default: proxy } = await import('@/proxy');

const PASSWORD = 'Correct-horse-42';
let pool: pg.Pool;

beforeAll(() => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
});
afterAll(async () => {
  await pool.end();
});

async function newUser() {
  const email = `sess${Date.now()}${Math.floor(Math.random() * 1e6)}@example.test`;
  await runGuarded(signUpDef, null, { email, displayName: '会话', password: PASSWORD, confirmPassword: PASSWORD });
  const [row] = await db().select({ id: users.id }).from(users).where(eq(users.email, email));
  return { id: row!.id, email, name: '会话', role: 'traveller' as const };
}

/** The cookie our sign-in action issues (session-cookie.ts encodes exactly this). */
async function sessionToken(user: { id: string; email: string; name: string; role: 'traveller' }) {
  const sv = await currentSessionVersion(user.id);
  return encode({
    token: { name: user.name, email: user.email, sub: user.id, uid: user.id, role: user.role, sv },
    secret: SECRET,
  });
}

/** What the proxy does with a request for a protected page carrying this cookie. */
async function proxyAnswer(token: string) {
  const req = new NextRequest('http://localhost:3000/trips', {
    headers: { cookie: `next-auth.session-token=${token}` },
  });
  const res = await proxy(req as never, { waitUntil: () => {} } as never);
  return { status: res?.status, location: res?.headers.get('location') ?? null };
}

describe('session revocation', () => {
  it('sign-out (next-auth with a valid CSRF token) ends a copied cookie for the guard and the proxy', async () => {
    const user = await newUser();
    const token = await sessionToken(user);
    const copy = token; // taken before sign-out
    expect(await sessionUser(user.id, (await currentSessionVersion(user.id)) + 0)).toMatchObject({ id: user.id });
    expect((await proxyAnswer(copy)).location).toBeNull();

    const { csrfToken, cookies } = await csrf(authOptions);
    const out = await nextAuthCore(
      authOptions,
      'POST',
      ['signout'],
      { csrfToken, callbackUrl: '/', json: 'true' },
      {
        ...cookies,
        'next-auth.session-token': token,
      },
    );
    expect(out.status).toBeLessThan(400);

    const decoded = { uid: user.id, sv: (await currentSessionVersion(user.id)) - 1 };
    expect(await sessionUser(decoded.uid, decoded.sv)).toBeNull();
    const answer = await proxyAnswer(copy);
    expect(answer.location).toMatch(/\/signin\?callbackUrl=/);
    // A new sign-in gets a working session again.
    expect((await proxyAnswer(await sessionToken(user))).location).toBeNull();
  });

  it('a sign-out without the CSRF token revokes nothing', async () => {
    const user = await newUser();
    const token = await sessionToken(user);
    await nextAuthCore(authOptions, 'POST', ['signout'], { csrfToken: 'forged' }, { 'next-auth.session-token': token });
    expect((await proxyAnswer(token)).location).toBeNull();
  });

  it('a password change ends every earlier session; the old password stops working', async () => {
    const user = await newUser();
    const token = await sessionToken(user);
    const throttle = createAuthThrottle({ pool, signInLimit: 30, signUpLimit: 10 });
    await expect(
      changePassword(
        user,
        { currentPassword: 'wrong-one-1', newPassword: 'New-horse-43', confirmPassword: 'New-horse-43' },
        '198.51.100.77',
        throttle,
      ),
    ).rejects.toMatchObject({ code: 'validation', fieldErrors: { currentPassword: ['当前密码不正确。'] } });
    expect((await proxyAnswer(token)).location).toBeNull();

    await changePassword(
      user,
      { currentPassword: PASSWORD, newPassword: 'New-horse-43', confirmPassword: 'New-horse-43' },
      '198.51.100.77',
      throttle,
    );
    expect((await proxyAnswer(token)).location).toMatch(/\/signin/);
    expect(await authenticate({ email: user.email, password: PASSWORD }, '198.51.100.78')).toBeNull();
    expect(await authenticate({ email: user.email, password: 'New-horse-43' }, '198.51.100.78')).toMatchObject({
      id: user.id,
    });
  });

  it('refuses a token without a version (issued before versions existed) or with a forged one', async () => {
    const user = await newUser();
    expect(await sessionUser(user.id, undefined)).toBeNull();
    expect(await sessionUser(user.id, 99)).toBeNull();
    expect(await sessionUser('not-a-uuid', 0)).toBeNull();
    const legacy = await encode({ token: { sub: user.id, uid: user.id, role: 'traveller' }, secret: SECRET });
    expect((await proxyAnswer(legacy)).location).toMatch(/\/signin/);
  });
});

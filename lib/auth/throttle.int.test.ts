import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGuarded } from '@/lib/actions';
import { signUpDef } from '@/lib/users/signup';
import { passwordSignIn } from './sign-in';
import { createAuthThrottle, type AuthThrottle } from './throttle';

let pool: pg.Pool;
let sql: postgres.Sql;
let throttle: AuthThrottle;
const address = () => `198.51.100.${Math.floor(Math.random() * 250)}-${Date.now()}`;
const PASSWORD = 'Correct-horse-42';

beforeAll(() => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  throttle = createAuthThrottle({ pool, signInLimit: 3, signUpLimit: 2 });
});
afterAll(async () => {
  await pool.end();
  await sql.end();
});

describe('per-address sign-in throttle', () => {
  it('refuses an address after its failed sign-ins, even with the right password, and only that address', async () => {
    const email = `t${Date.now()}@example.test`;
    await runGuarded(signUpDef, null, { email, displayName: '限流', password: PASSWORD, confirmPassword: PASSWORD });
    const ip = address();
    // Failures spread over unknown accounts: the per-account lock never sees them.
    for (let i = 0; i < 3; i++) {
      await expect(
        passwordSignIn({ email: `nobody${i}@example.test`, password: 'x' }, ip, throttle),
      ).rejects.toMatchObject({ code: 'unauthenticated' });
    }
    await expect(passwordSignIn({ email, password: PASSWORD }, ip, throttle)).rejects.toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/请 \d+ 分钟后再试/) as unknown,
    });
    await expect(passwordSignIn({ email, password: PASSWORD }, address(), throttle)).resolves.toMatchObject({ email });

    // The count lives in the migrated Postgres table, shared by every portal process.
    const [row] = await sql<{ points: number }[]>`select points from rate_limits where key = ${`signin:${ip}`}`;
    expect(row?.points).toBe(3);
  });

  it('does not count successful sign-ins', async () => {
    const email = `s${Date.now()}@example.test`;
    await runGuarded(signUpDef, null, { email, displayName: '成功', password: PASSWORD, confirmPassword: PASSWORD });
    const ip = address();
    for (let i = 0; i < 5; i++)
      await expect(passwordSignIn({ email, password: PASSWORD }, ip, throttle)).resolves.toBeTruthy();
  });
});

describe('per-address sign-up throttle', () => {
  it('allows the limit, then refuses with 429 semantics', async () => {
    const ip = address();
    await throttle.consumeSignUp(ip);
    await throttle.consumeSignUp(ip);
    await expect(throttle.consumeSignUp(ip)).rejects.toMatchObject({ code: 'rate_limited', status: 429 });
    await expect(throttle.consumeSignUp(address())).resolves.toBeUndefined();
  });
});

import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { signInFailures, users } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { authenticate, LOCK_AFTER_FAILURES } from '@/lib/auth/credentials';
import type { SessionUser } from '@/lib/auth/guard';
import { listUsersForAdmin, unlockUserDef } from './admin';
import { signUpDef } from './signup';

const unique = () => `u${Date.now()}${Math.floor(Math.random() * 1e6)}@example.test`;
const PASSWORD = 'Correct-horse-42';

async function signUp(email: string) {
  return runGuarded(signUpDef, null, { email, displayName: '测试', password: PASSWORD, confirmPassword: PASSWORD });
}

describe('sign-up', () => {
  it('creates a traveller with a bcrypt hash and normalised email', async () => {
    const email = unique();
    const r = await signUp(email.toUpperCase());
    expect(r).toEqual({ ok: true, data: { email } });
    const [row] = await db().select().from(users).where(eq(users.email, email));
    expect(row?.role).toBe('traveller');
    expect(row?.passwordHash).toMatch(/^\$2[aby]\$11\$/);
    expect(row?.passwordHash).not.toContain(PASSWORD);
  });

  it('answers an existing email exactly like a new one and leaves that account alone', async () => {
    const email = unique();
    const first = await signUp(email);
    const [before] = await db().select().from(users).where(eq(users.email, email));
    const again = await runGuarded(signUpDef, null, {
      email,
      displayName: '冒名者',
      password: 'Another-pass-77',
      confirmPassword: 'Another-pass-77',
    });
    expect(again).toEqual(first);
    const rows = await db().select().from(users).where(eq(users.email, email));
    expect(rows).toEqual([before]);
  });

  it('answers an action posted without form data (or with garbage) with a validation error', async () => {
    for (const input of [undefined, null, 'x', 42, new FormData()]) {
      expect(await runGuarded(signUpDef, null, input)).toMatchObject({ ok: false, code: 'validation' });
    }
    const form = new FormData();
    const email = unique();
    for (const [k, v] of Object.entries({
      email,
      displayName: '表单',
      password: PASSWORD,
      confirmPassword: PASSWORD,
    })) {
      form.set(k, v);
    }
    expect(await runGuarded(signUpDef, null, form)).toEqual({ ok: true, data: { email } });
  });

  it('reports every invalid field, not only the first', async () => {
    const r = await runGuarded(signUpDef, null, {
      email: 'nope',
      displayName: '',
      password: 'short',
      confirmPassword: 'x',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(Object.keys(r.fieldErrors ?? {}).sort()).toEqual(['confirmPassword', 'displayName', 'email', 'password']);
    }
  });
});

describe('sign-in lock', () => {
  const ATTACKER = '203.0.113.66';
  const OWNER = '198.51.100.7';
  const lockRow = async (email: string, address: string) => {
    const [row] = await db()
      .select({ count: signInFailures.failedCount, lockedUntil: signInFailures.lockedUntil })
      .from(signInFailures)
      .innerJoin(users, eq(users.id, signInFailures.userId))
      .where(and(eq(users.email, email), eq(signInFailures.address, address)));
    return row;
  };

  it('locks after repeated failures, even for the right password, then an admin can unlock', async () => {
    const email = unique();
    await signUp(email);
    expect(await authenticate({ email, password: PASSWORD }, ATTACKER)).toMatchObject({ email, role: 'traveller' });
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) {
      expect(await authenticate({ email, password: 'wrong-password-1' }, ATTACKER)).toBeNull();
    }
    expect(await authenticate({ email, password: PASSWORD }, ATTACKER)).toBeNull();
    expect((await lockRow(email, ATTACKER))?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
    const [row] = await db().select({ id: users.id }).from(users).where(eq(users.email, email));
    const listed = (await listUsersForAdmin()).find((u) => u.id === row!.id);
    expect(listed?.locked).toBe(true);
    expect(listed?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());

    const traveller: SessionUser = { id: row!.id, email, name: '测试', role: 'traveller' };
    const refused = await runGuarded(unlockUserDef, traveller, { userId: row!.id });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden' });
    const anonymous = await runGuarded(unlockUserDef, null, { userId: row!.id });
    expect(anonymous).toMatchObject({ ok: false, code: 'unauthenticated' });

    const admin: SessionUser = { id: row!.id, email: 'a@x.test', name: 'A', role: 'admin' };
    expect(await runGuarded(unlockUserDef, admin, { userId: 'not-a-uuid' })).toMatchObject({
      ok: false,
      code: 'validation',
    });
    expect(await runGuarded(unlockUserDef, admin, { userId: crypto.randomUUID() })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await runGuarded(unlockUserDef, admin, { userId: row!.id })).toEqual({
      ok: true,
      data: { userId: row!.id },
    });
    expect(await authenticate({ email, password: PASSWORD }, ATTACKER)).toMatchObject({ email });
  });

  it("locks only the guessing address: the owner signs in from another while the attacker's stays locked (issue 23 #7)", async () => {
    const email = unique();
    await signUp(email);
    for (let i = 0; i < LOCK_AFTER_FAILURES + 3; i++) {
      expect(await authenticate({ email, password: `wrong-${i}` }, ATTACKER)).toBeNull();
    }
    expect(await authenticate({ email, password: PASSWORD }, ATTACKER)).toBeNull();
    // The owner, from their own network, with no CAPTCHA and no e-mail round trip.
    expect(await authenticate({ email, password: PASSWORD }, OWNER)).toMatchObject({ email });
    expect(await lockRow(email, OWNER)).toBeUndefined();
    // ...and the owner's success does not lift the attacker's lock.
    expect(await authenticate({ email, password: PASSWORD }, ATTACKER)).toBeNull();
    expect((await lockRow(email, ATTACKER))?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
  });

  it('clears the failure count when a lock runs out: one wrong guess afterwards does not lock again', async () => {
    const email = unique();
    await signUp(email);
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) await authenticate({ email, password: 'wrong-password-1' }, ATTACKER);
    expect(await authenticate({ email, password: PASSWORD }, ATTACKER)).toBeNull();
    // The lock runs out (moved into the past rather than waited for).
    await db().execute(
      sql`update sign_in_failures set locked_until = now() - interval '1 second'
        where user_id = (select id from users where email = ${email})`,
    );
    expect(await authenticate({ email, password: 'wrong-password-2' }, ATTACKER)).toBeNull();
    expect(await lockRow(email, ATTACKER)).toEqual({ count: 1, lockedUntil: null });
    expect(await authenticate({ email, password: PASSWORD }, ATTACKER)).toMatchObject({ email });
    expect(await lockRow(email, ATTACKER)).toBeUndefined();
    // ...and the full count is needed again before the next lock.
    for (let i = 0; i < LOCK_AFTER_FAILURES - 1; i++)
      await authenticate({ email, password: 'wrong-password-3' }, ATTACKER);
    expect(await authenticate({ email, password: PASSWORD }, ATTACKER)).toMatchObject({ email });
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    expect(await authenticate({ email: unique(), password: PASSWORD }, ATTACKER)).toBeNull();
    expect(await authenticate({ email: 'not an email', password: PASSWORD }, ATTACKER)).toBeNull();
  });
});

describe('admin user list', () => {
  it('never carries password hashes', async () => {
    await signUp(unique());
    const rows = await listUsersForAdmin();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(Object.keys(r)).not.toContain('passwordHash');
    expect(JSON.stringify(rows)).not.toMatch(/\$2[aby]\$/);
  });
});

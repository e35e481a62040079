/**
 * Email + password sign-in with a temporary lock after repeated failures. Every failure returns the
 * same answer, so a caller cannot tell a wrong password from an unknown email or a locked account.
 * A lock that has run out also clears the failure count, so one wrong guess after it does not lock
 * the account again.
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { users, type Role } from '@/db/schema';
import { env } from '@/lib/env';
import { burnPasswordCheck, verifyPassword } from './password';

export const LOCK_AFTER_FAILURES = 5;

export { SIGN_IN_FAILED_MESSAGE } from './messages';

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});

export async function authenticate(input: unknown): Promise<AuthenticatedUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;

  const [user] = await db()
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      passwordHash: users.passwordHash,
      lockedUntil: users.lockedUntil,
    })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);

  if (!user) {
    await burnPasswordCheck(password);
    return null;
  }
  const ok = await verifyPassword(password, user.passwordHash);
  const locked = user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now();
  if (!ok || locked) {
    if (!locked) await recordFailure(user.id);
    return null;
  }
  await db()
    .update(users)
    .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: sql`now()` })
    .where(eq(users.id, user.id));
  return { id: user.id, email: user.email, name: user.displayName, role: user.role };
}

/**
 * One atomic update: count the failure and start the lock when the threshold is reached. A lock that
 * has expired counts as a fresh start (the right-hand sides all read the row as it was).
 */
async function recordFailure(userId: string): Promise<void> {
  const expired = sql`(${users.lockedUntil} is not null and ${users.lockedUntil} <= now())`;
  const count = sql`(case when ${expired} then 1 else ${users.failedLoginCount} + 1 end)`;
  await db()
    .update(users)
    .set({
      failedLoginCount: count,
      lockedUntil: sql`case when ${count} >= ${LOCK_AFTER_FAILURES}
        then now() + make_interval(mins => ${env().LOGIN_LOCK_MINUTES})
        when ${expired} then null else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, userId));
}

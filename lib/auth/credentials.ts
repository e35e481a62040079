/**
 * Email + password sign-in with a temporary lock after repeated failures. Every failure returns the
 * same answer, so a caller cannot tell a wrong password from an unknown email or a locked account.
 *
 * The lock is per (account, address) (`sign_in_failures`): five wrong passwords in a row from one
 * address lock the account for that address only, for LOGIN_LOCK_MINUTES. Guessing from one network
 * therefore never locks the owner out from another, and needs no CAPTCHA or e-mail to undo; the
 * per-address throttle (throttle.ts) caps what one address may try over all accounts. A success from
 * an address clears its count; a lock that has run out also clears it, so one wrong guess after it
 * does not lock again.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { signInFailures, users, type Role } from '@/db/schema';
import { env } from '@/lib/env';
import { burnPasswordCheck, verifyPassword } from './password';
import { notifyAccount } from '@/lib/notify/account';

export const LOCK_AFTER_FAILURES = 5;
/** Failure rows untouched this long are forgotten (pruned when the account fails again). */
const FORGET_AFTER = sql`interval '1 day'`;

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

/** `address` is the caller's address key (client-address.ts): the lock applies to it only. */
export async function authenticate(input: unknown, address: string): Promise<AuthenticatedUser | null> {
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
      lockedUntil: signInFailures.lockedUntil,
    })
    .from(users)
    .leftJoin(signInFailures, and(eq(signInFailures.userId, users.id), eq(signInFailures.address, address)))
    .where(eq(users.email, email))
    .limit(1);

  if (!user) {
    await burnPasswordCheck(password);
    return null;
  }
  const ok = await verifyPassword(password, user.passwordHash);
  const locked = user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now();
  if (!ok || locked) {
    if (!locked) await recordFailure(user.id, address);
    return null;
  }
  await db()
    .delete(signInFailures)
    .where(and(eq(signInFailures.userId, user.id), eq(signInFailures.address, address)));
  await db()
    .update(users)
    .set({ lastLoginAt: sql`now()` })
    .where(eq(users.id, user.id));
  return { id: user.id, email: user.email, name: user.displayName, role: user.role };
}

/**
 * One atomic upsert: count the failure for (account, address) and start the lock when the threshold
 * is reached. A lock that has expired counts as a fresh start (the right-hand sides read the row as
 * it was). Also forgets the account's stale rows, so spraying from many addresses leaves no litter.
 */
async function recordFailure(userId: string, address: string): Promise<void> {
  const lockAt = sql`now() + make_interval(mins => ${env().LOGIN_LOCK_MINUTES})`;
  const expired = sql`(${signInFailures.lockedUntil} is not null and ${signInFailures.lockedUntil} <= now())`;
  const count = sql`(case when ${expired} then 1 else ${signInFailures.failedCount} + 1 end)`;
  const [row] = await db()
    .insert(signInFailures)
    .values({ userId, address, failedCount: 1 })
    .onConflictDoUpdate({
      target: [signInFailures.userId, signInFailures.address],
      set: {
        failedCount: count,
        lockedUntil: sql`case when ${count} >= ${LOCK_AFTER_FAILURES} then ${lockAt}
          when ${expired} then null else ${signInFailures.lockedUntil} end`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ failedCount: signInFailures.failedCount, lockedUntil: signInFailures.lockedUntil });
  // The failure that starts the lock: the owner is told by email (lib/notify), once per lock.
  if (row?.lockedUntil && row.failedCount === LOCK_AFTER_FAILURES)
    await notifyAccount(userId, 'locked', row.lockedUntil.toISOString(), { minutes: env().LOGIN_LOCK_MINUTES });
  await db()
    .delete(signInFailures)
    .where(
      and(
        eq(signInFailures.userId, userId),
        lt(signInFailures.updatedAt, sql`now() - ${FORGET_AFTER}`),
        sql`coalesce(${signInFailures.lockedUntil} <= now(), true)`,
      ),
    );
}

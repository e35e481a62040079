/**
 * Session revocation (issue 23 #8). Sessions are next-auth JWT cookies (no session table); each
 * carries `sv`, the user's users.session_version when it was issued. Bumping the version ends every
 * session issued before: lib/auth/guard.ts compares the two on every page, action and route handler
 * call (the authority), and proxy.ts does the same before letting a request into a protected area.
 *
 * The version is bumped on sign-out (next-auth's signOut event, lib/auth/options.ts) and on a
 * password change, so a cookie copied before either no longer works. Sign-out therefore ends the
 * user's sessions on every device.
 *
 * No `server-only` here: proxy.ts imports sessionIsCurrent.
 */
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { users, type Role } from '@/db/schema';

/** The user behind a session token, or null when the account is gone or the session was revoked. */
export async function sessionUser(
  uid: unknown,
  sv: unknown,
): Promise<{ id: string; email: string; name: string; role: Role } | null> {
  if (typeof uid !== 'string' || typeof sv !== 'number' || !/^[0-9a-f-]{36}$/i.test(uid)) return null;
  const [row] = await db()
    .select({
      id: users.id,
      email: users.email,
      name: users.displayName,
      role: users.role,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, uid))
    .limit(1);
  if (!row || row.sessionVersion !== sv) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

/** The version a new session of this user is issued under. */
export async function currentSessionVersion(userId: string): Promise<number> {
  const [row] = await db().select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  if (!row) throw new Error('no such user');
  return row.v;
}

/** Ends every session of the user issued so far. */
export async function revokeSessions(userId: string): Promise<void> {
  await db()
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}

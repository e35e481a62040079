/**
 * The one place that answers "who is calling and may they do this". Pages, server actions and route
 * handlers all go through it (proxy.ts checks first, this checks again: a server action or route
 * handler is a public POST endpoint whatever the proxy says). The role is re-read from the database on
 * every call, so a changed role or a deleted account takes effect at once.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { db } from '@/db/client';
import { users, type Role } from '@/db/schema';
import { authOptions } from './options';
import type { SessionUser } from './roles';

export { AREA_ROLES, assertRole, hasRole, type SessionUser } from './roles';

export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const [row] = await db()
    .select({ id: users.id, email: users.email, name: users.displayName, role: users.role })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return row ?? null;
}

/** For pages: redirects to sign-in, or to the 403 page for a signed-in user without the role. */
export async function requirePageRole(allowed: readonly Role[], callbackPath: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  if (!allowed.includes(user.role)) redirect('/forbidden');
  return user;
}

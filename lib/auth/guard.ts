/**
 * The one place that answers "who is calling and may they do this". Pages, server actions and route
 * handlers all go through it (proxy.ts checks first, this checks again: a server action or route
 * handler is a public POST endpoint whatever the proxy says). The role is re-read from the database on
 * every call, so a changed role or a deleted account takes effect at once, and the session's version
 * is compared with users.session_version, so a session revoked by sign-out or a password change
 * (lib/auth/sessions.ts) is refused at once too.
 */
import 'server-only';
import { redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import type { Role } from '@/db/schema';
import { authOptions } from './options';
import type { SessionUser } from './roles';
import { sessionUser } from './sessions';

export { AREA_ROLES, assertRole, hasRole, type SessionUser } from './roles';

export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return null;
  return sessionUser(session.user.id, session.user.sessionVersion);
}

/** For pages: redirects to sign-in, or to the 403 page for a signed-in user without the role. */
export async function requirePageRole(allowed: readonly Role[], callbackPath: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  if (!allowed.includes(user.role)) redirect('/forbidden');
  return user;
}

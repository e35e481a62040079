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
import { AppError } from '@/lib/errors';
import { authOptions } from './options';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Which roles may enter which area. */
export const AREA_ROLES = {
  traveller: ['traveller', 'agent', 'admin'],
  agent: ['agent', 'admin'],
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

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

export function hasRole(user: SessionUser | null, allowed: readonly Role[]): user is SessionUser {
  return user !== null && allowed.includes(user.role);
}

/** For route handlers and actions: throws AppError 401/403. */
export function assertRole(user: SessionUser | null, allowed: readonly Role[]): SessionUser {
  if (!user) throw new AppError('unauthenticated', '请先登录。');
  if (!allowed.includes(user.role)) throw new AppError('forbidden', '没有权限执行此操作。');
  return user;
}

/** For pages: redirects to sign-in, or to the 403 page for a signed-in user without the role. */
export async function requirePageRole(allowed: readonly Role[], callbackPath: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  if (!allowed.includes(user.role)) redirect('/forbidden');
  return user;
}

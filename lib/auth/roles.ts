/**
 * Roles and the checks that need no request: pure, importable anywhere on the server (the worker and
 * the chaos run included). lib/auth/guard.ts adds the session lookup and re-exports these.
 */
import type { Role } from '@/db/schema';
import { AppError } from '@/lib/errors';

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

export function hasRole(user: SessionUser | null, allowed: readonly Role[]): user is SessionUser {
  return user !== null && allowed.includes(user.role);
}

/** For route handlers and actions: throws AppError 401/403. */
export function assertRole(user: SessionUser | null, allowed: readonly Role[]): SessionUser {
  if (!user) throw new AppError('unauthenticated', '请先登录。');
  if (!allowed.includes(user.role)) throw new AppError('forbidden', '没有权限执行此操作。');
  return user;
}

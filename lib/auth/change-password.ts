/**
 * Password change: the current password is checked like a sign-in (the per-address throttle and the
 * per-(account, address) lock apply), the new one is stored, and every session of the user issued so
 * far is revoked (sessions.ts); the caller's own session is re-issued under the new version.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { headers } from 'next/headers';
import { z } from 'zod';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { AppError } from '@/lib/errors';
import { signUpSchema } from '@/lib/users/signup';
import { hashPassword } from './password';
import { AREA_ROLES, type SessionUser } from './roles';
import { setSessionCookie } from './session-cookie';
import { passwordSignIn } from './sign-in';
import { authThrottle, clientAddress, type AuthThrottle } from './throttle';
import { notifyAccount } from '@/lib/notify/account';

const newPassword = signUpSchema.shape.password;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, '请输入当前密码。').max(200, '密码过长。'),
    newPassword,
    confirmPassword: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.newPassword !== v.confirmPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: '两次输入的密码不一致。' });
    }
    if (v.newPassword === v.currentPassword) {
      ctx.addIssue({ code: 'custom', path: ['newPassword'], message: '新密码不能与当前密码相同。' });
    }
  });

/** Checks the current password, stores the new one and revokes every earlier session, in that order. */
export async function changePassword(
  user: SessionUser,
  input: z.output<typeof changePasswordSchema>,
  address: string,
  throttle: AuthThrottle = authThrottle(),
): Promise<void> {
  try {
    await passwordSignIn({ email: user.email, password: input.currentPassword }, address, throttle);
  } catch (e) {
    if (e instanceof AppError && e.code === 'unauthenticated') {
      throw new AppError('validation', '当前密码不正确。', { currentPassword: ['当前密码不正确。'] });
    }
    throw e;
  }
  const [changed] = await db()
    .update(users)
    .set({
      passwordHash: await hashPassword(input.newPassword),
      sessionVersion: sql`${users.sessionVersion} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, user.id))
    .returning({ sessionVersion: users.sessionVersion });
  // The owner hears of it by email (lib/notify; queued after the change, never failing it).
  if (changed) await notifyAccount(user.id, 'password_changed', String(changed.sessionVersion));
}

export const changePasswordDef = {
  roles: AREA_ROLES.traveller,
  schema: changePasswordSchema,
  body: async (input, user) => {
    await changePassword(user!, input, clientAddress(await headers()));
    await setSessionCookie(user!);
    return { changed: true as const };
  },
} satisfies GuardedDef<typeof changePasswordSchema, { changed: true }>;

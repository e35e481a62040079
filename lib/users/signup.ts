import { headers } from 'next/headers';
import { z } from 'zod';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { hashPassword } from '@/lib/auth/password';
import { authThrottle, clientAddress } from '@/lib/auth/throttle';

export const signUpSchema = z
  .object({
    email: z.string().trim().toLowerCase().min(1, '请输入邮箱。').max(254, '邮箱过长。').email('邮箱格式不正确。'),
    displayName: z.string().trim().min(1, '请输入称呼。').max(40, '称呼最多 40 个字符。'),
    password: z
      .string()
      .min(10, '密码至少 10 位。')
      .max(128, '密码最多 128 位。')
      .regex(/[A-Za-z]/, '密码需包含字母。')
      .regex(/\d/, '密码需包含数字。'),
    confirmPassword: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.password !== v.confirmPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: '两次输入的密码不一致。' });
    }
    const local = v.email.split('@')[0] ?? '';
    if (local.length >= 4 && v.password.toLowerCase().includes(local)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: '密码不能包含邮箱名。' });
    }
  });

/**
 * Sign-up always creates a traveller; agents and admins are made by an admin. The answer is the same
 * whether or not the email was already registered (the password is hashed either way, so the time is
 * the same too): the caller is sent to sign in, which only the owner of the account can do.
 */
export const signUpDef = {
  roles: 'public',
  schema: signUpSchema,
  body: async (input) => {
    const passwordHash = await hashPassword(input.password);
    await db()
      .insert(users)
      .values({ email: input.email, displayName: input.displayName, passwordHash, role: 'traveller' })
      .onConflictDoNothing({ target: users.email });
    return { email: input.email };
  },
} satisfies GuardedDef<typeof signUpSchema, { email: string }>;

/** The public action: the same, counted against the caller's address first. */
export const signUpActionDef = {
  ...signUpDef,
  body: async (input) => {
    await authThrottle().consumeSignUp(clientAddress(await headers()));
    return signUpDef.body(input);
  },
} satisfies GuardedDef<typeof signUpSchema, { email: string }>;

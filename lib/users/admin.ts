import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { signInFailures, users } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { AppError } from '@/lib/errors';

/** What an admin sees of a user: never the password hash, never the whole row. */
export async function listUsersForAdmin() {
  return db()
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      /** The latest running sign-in lock of the account (locks are per address, lib/auth/credentials.ts). */
      lockedUntil: sql<Date | null>`(select max(${signInFailures.lockedUntil}) from ${signInFailures}
        where ${signInFailures.userId} = ${users.id} and ${signInFailures.lockedUntil} > now())`.mapWith(
        (v: string | Date | null) => (v === null ? null : new Date(v)),
      ),
      locked: sql<boolean>`exists (select 1 from ${signInFailures}
        where ${signInFailures.userId} = ${users.id} and ${signInFailures.lockedUntil} > now())`,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(desc(users.createdAt))
    .limit(200);
}

const unlockSchema = z.object({ userId: z.string().uuid('用户编号无效。') });

/** Admin-only: lift the account's sign-in locks (from every address) early. */
export const unlockUserDef = {
  roles: ['admin'],
  schema: unlockSchema,
  body: async ({ userId }) => {
    const [user] = await db().select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!user) throw new AppError('not_found', '用户不存在。');
    await db().delete(signInFailures).where(eq(signInFailures.userId, userId));
    return { userId };
  },
} satisfies GuardedDef<typeof unlockSchema, { userId: string }>;

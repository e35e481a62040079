import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { users } from '@/db/schema';
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
      lockedUntil: users.lockedUntil,
      locked: sql<boolean>`coalesce(${users.lockedUntil} > now(), false)`,
      failedLoginCount: users.failedLoginCount,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(desc(users.createdAt))
    .limit(200);
}

const unlockSchema = z.object({ userId: z.string().uuid('用户编号无效。') });

/** Admin-only: lift a sign-in lock early. */
export const unlockUserDef = {
  roles: ['admin'],
  schema: unlockSchema,
  body: async ({ userId }) => {
    const updated = await db()
      .update(users)
      .set({ failedLoginCount: 0, lockedUntil: null })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    if (updated.length === 0) throw new AppError('not_found', '用户不存在。');
    return { userId };
  },
} satisfies GuardedDef<typeof unlockSchema, { userId: string }>;

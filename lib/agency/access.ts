/**
 * Who may see and do what in an agency — the one place that decides it for pages, actions and route
 * handlers. A user belongs to at most one agency (agency_members.user_id is unique). Staff see their
 * agency's customers and orders, never another agency's; the owner also manages staff and sees the
 * statement; a suspended member can do nothing; travellers see none of it. Anything outside the
 * caller's agency answers 404, so its existence is not revealed.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { agencies, agencyMembers, customers, type Order } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';

export interface Membership {
  agencyId: string;
  agencyName: string;
  role: 'owner' | 'staff';
}

export async function membershipOf(userId: string): Promise<Membership | null> {
  const [m] = await db()
    .select({
      agencyId: agencyMembers.agencyId,
      agencyName: agencies.name,
      role: agencyMembers.memberRole,
      suspendedAt: agencyMembers.suspendedAt,
    })
    .from(agencyMembers)
    .innerJoin(agencies, eq(agencies.id, agencyMembers.agencyId))
    .where(eq(agencyMembers.userId, userId));
  if (!m || m.suspendedAt) return null;
  return { agencyId: m.agencyId, agencyName: m.agencyName, role: m.role };
}

/** The caller's active membership (any role, or owner only), else 403. */
export async function requireMember(user: SessionUser | null, opts: { owner?: boolean } = {}): Promise<Membership> {
  if (!user) throw new AppError('unauthenticated', '请先登录。');
  const m = await membershipOf(user.id);
  if (!m) throw new AppError('forbidden', '您不是任何旅行社的在职成员。');
  if (opts.owner && m.role !== 'owner') throw new AppError('forbidden', '只有旅行社负责人可以执行此操作。');
  return m;
}

/** A customer of the caller's agency, else 404. */
export async function agencyCustomer(m: Membership, customerId: string) {
  const [c] = await db()
    .select()
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.agencyId, m.agencyId)));
  if (!c) throw new AppError('not_found', '客户不存在。');
  return c;
}

/**
 * May this user see and act on this order? Its traveller (who booked it for themselves), or an
 * active member of the agency it was booked through.
 */
export async function canAccessOrder(user: SessionUser, order: Pick<Order, 'userId' | 'agencyId'>): Promise<boolean> {
  if (order.agencyId) {
    const m = await membershipOf(user.id);
    return m?.agencyId === order.agencyId;
  }
  return order.userId === user.id;
}

/** Shared by the workspace pages: the signed-in agent's membership, or a page that says why not. */
import 'server-only';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import type { SessionUser } from '@/lib/auth/roles';
import { membershipOf, type Membership } from './access';

export async function workspace(path: string): Promise<{ user: SessionUser; m: Membership | null }> {
  const user = await requirePageRole(AREA_ROLES.agent, path);
  return { user, m: await membershipOf(user.id) };
}

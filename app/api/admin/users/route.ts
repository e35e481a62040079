import { AREA_ROLES } from '@/lib/auth/guard';
import { route } from '@/lib/http';
import { listUsersForAdmin } from '@/lib/users/admin';

export const GET = route({ roles: AREA_ROLES.admin }, async () => ({ users: await listUsersForAdmin() }));

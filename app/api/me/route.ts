/**
 * Who is signed in, for the site header: pages stay free of per-user data (so the search page can be
 * served from the page cache) and the header asks here after load. Role re-read from the database by
 * currentUser, as everywhere. Never cached.
 */
import { currentUser } from '@/lib/auth/guard';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const user = await currentUser();
  return Response.json(
    { user: user ? { name: user.name, role: user.role } : null },
    { headers: { 'Cache-Control': 'private, no-store' } },
  );
}

/**
 * First line of access control (pages re-check with lib/auth/guard): signed-out visitors of a
 * protected area, and those whose session was revoked, go to sign-in; signed-in users without the
 * role get a 403 page. Also answers server action calls Next would answer with a 500 (lib/action-request.ts): 403 from another origin, 413 over
 * the body limit, 400 when React could not decode the body.
 */
import { NextResponse, type NextFetchEvent } from 'next/server';
import { withAuth, type NextRequestWithAuth } from 'next-auth/middleware';
import { refusedActionResponse } from '@/lib/action-request';
import { sessionUser } from '@/lib/auth/sessions';

const AREAS: { prefix: string; roles: string[] }[] = [
  { prefix: '/admin', roles: ['admin'] },
  { prefix: '/agent', roles: ['agent', 'admin'] },
  { prefix: '/trips', roles: ['traveller', 'agent', 'admin'] },
  { prefix: '/passengers', roles: ['traveller', 'agent', 'admin'] },
  { prefix: '/notifications', roles: ['traveller', 'agent', 'admin'] },
];

const areaOf = (pathname: string) => AREAS.find((a) => pathname === a.prefix || pathname.startsWith(`${a.prefix}/`));

const authProxy = withAuth(
  (req) => {
    const role = req.nextauth.token?.role;
    const area = areaOf(req.nextUrl.pathname);
    if (area && (!role || !area.roles.includes(role))) {
      // A server action posted into an area the caller may not enter is refused here with a plain 403:
      // rewritten to the 403 page it would reach Next's action handler there, which answers 409.
      if (req.headers.has('next-action'))
        return NextResponse.json({ error: { code: 'forbidden', message: '没有权限执行此操作。' } }, { status: 403 });
      return NextResponse.rewrite(new URL('/forbidden', req.url), { status: 403 });
    }
    return NextResponse.next();
  },
  {
    pages: { signIn: '/signin' },
    callbacks: {
      // A revoked session (signed out, password changed: lib/auth/sessions.ts) or a deleted account is
      // signed out here too, and the role checked below is the database's, not the cookie's. The
      // guard (lib/auth/guard.ts) checks again on every page, action and route handler: the authority.
      authorized: async ({ token }) => {
        if (!token) return false;
        const user = await sessionUser(token.uid, token.sv);
        if (!user) return false;
        token.role = user.role; // the same object becomes req.nextauth.token
        return true;
      },
    },
  },
);

export default async function proxy(req: NextRequestWithAuth, event: NextFetchEvent) {
  // A clone: the action handler still reads the original body.
  const refused = await refusedActionResponse(req.clone());
  if (refused) return refused;
  if (areaOf(req.nextUrl.pathname)) return authProxy(req, event);
  return NextResponse.next();
}

export const config = {
  matcher: [
    '/admin/:path*',
    '/agent/:path*',
    '/trips/:path*',
    '/passengers/:path*',
    '/notifications/:path*',
    { source: '/:path*', has: [{ type: 'header', key: 'next-action' }] },
  ],
};

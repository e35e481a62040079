/**
 * First line of access control (pages re-check with lib/auth/guard): signed-out visitors of a
 * protected area go to sign-in; signed-in users without the role get a 403 page.
 */
import { NextResponse } from 'next/server';
import { withAuth } from 'next-auth/middleware';

const AREAS: { prefix: string; roles: string[] }[] = [
  { prefix: '/admin', roles: ['admin'] },
  { prefix: '/agent', roles: ['agent', 'admin'] },
  { prefix: '/trips', roles: ['traveller', 'agent', 'admin'] },
  { prefix: '/passengers', roles: ['traveller', 'agent', 'admin'] },
];

export default withAuth(
  (req) => {
    const role = req.nextauth.token?.role;
    const area = AREAS.find(
      (a) => req.nextUrl.pathname === a.prefix || req.nextUrl.pathname.startsWith(`${a.prefix}/`),
    );
    if (area && (!role || !area.roles.includes(role))) {
      return NextResponse.rewrite(new URL('/forbidden', req.url), { status: 403 });
    }
    return NextResponse.next();
  },
  { pages: { signIn: '/signin' }, callbacks: { authorized: ({ token }) => token !== null } },
);

export const config = { matcher: ['/admin/:path*', '/agent/:path*', '/trips/:path*', '/passengers/:path*'] };

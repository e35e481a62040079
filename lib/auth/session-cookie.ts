/**
 * Issues next-auth's own session cookie after our sign-in action has checked the password, so the
 * sign-in form can be a plain POST (a server action) that works before hydration and never puts the
 * password in a URL. The cookie is exactly what next-auth's credentials callback would set (same JWT
 * encoding, name, flags and lifetime), so getServerSession and the proxy read it unchanged.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { encode } from 'next-auth/jwt';
import { env } from '@/lib/env';
import type { AuthenticatedUser } from './credentials';
import { SESSION_MAX_AGE_SECONDS } from './options';
import { currentSessionVersion } from './sessions';

export function sessionCookieName(): string {
  return `${secureCookies() ? '__Secure-' : ''}next-auth.session-token`;
}

// next-auth decides the same way: Secure cookies when the portal's public URL is https.
function secureCookies(): boolean {
  return env().NEXTAUTH_URL?.startsWith('https://') ?? false;
}

/** Issues a session under the user's current session version (sessions.ts): revoked by the next bump. */
export async function setSessionCookie(user: AuthenticatedUser): Promise<void> {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) throw new Error('NEXTAUTH_SECRET is not set');
  const sv = await currentSessionVersion(user.id);
  const token = await encode({
    token: { name: user.name, email: user.email, sub: user.id, uid: user.id, role: user.role, sv },
    secret,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(sessionCookieName(), token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: secureCookies(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}

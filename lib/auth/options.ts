import type { NextAuthOptions } from 'next-auth';
import type { Role } from '@/db/schema';
import { revokeSessions } from './sessions';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string; role: Role; sessionVersion: number };
  }
  interface User {
    role: Role;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: Role;
    /** users.session_version when the session was issued (lib/auth/sessions.ts). */
    sv?: number;
  }
}

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  // JWT sessions: no session table; the cookie is httpOnly + SameSite=Lax (next-auth defaults,
  // Secure when NEXTAUTH_URL is https). Authorization re-reads the role from the database anyway.
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/signin' },
  // No provider: passwords are checked only by the sign-in server action (lib/auth/sign-in.ts, with its
  // throttle and lock), which issues this same JWT cookie (session-cookie.ts). With a credentials
  // provider here, next-auth's own callback route would check passwords past the throttle.
  providers: [],
  callbacks: {
    session({ session, token }) {
      if (token.uid && token.role && typeof token.sv === 'number') {
        session.user = {
          id: token.uid,
          email: token.email ?? '',
          name: token.name ?? '',
          role: token.role,
          sessionVersion: token.sv,
        };
      }
      return session;
    },
  },
  events: {
    // After next-auth has checked the sign-out's CSRF token: every session of the user ends, so a
    // copy of the cookie taken before sign-out is refused by the guard and the proxy.
    async signOut({ token }) {
      if (typeof token?.uid === 'string') await revokeSessions(token.uid);
    },
  },
};

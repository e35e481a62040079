import type { NextAuthOptions } from 'next-auth';
import type { Role } from '@/db/schema';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string; role: Role };
  }
  interface User {
    role: Role;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: Role;
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
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      if (token.uid && token.role) {
        session.user = {
          id: token.uid,
          email: token.email ?? '',
          name: token.name ?? '',
          role: token.role,
        };
      }
      return session;
    },
  },
};

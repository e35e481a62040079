import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { Role } from '@/db/schema';
import { authenticate } from './credentials';

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
  providers: [
    CredentialsProvider({
      name: '邮箱',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      authorize: async (credentials) => authenticate(credentials),
    }),
  ],
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

import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';

// next-auth v4 types its handler as `any`; this is the App Router route signature it implements.
type Handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;
const nextAuth = NextAuth(authOptions) as Handler;

/**
 * Passwords are checked only by the sign-in server action (lib/auth/sign-in.ts), which throttles per
 * address; next-auth's credentials endpoints would bypass that, and its GET callback answers 500.
 * Both are closed with a 405 pointing at the sign-in page. Session, CSRF and sign-out stay next-auth's.
 */
const CLOSED = new Set(['callback/credentials', 'signin/credentials']);

const handler: Handler = async (req, ctx) => {
  const path = (await ctx.params).nextauth.join('/');
  if (CLOSED.has(path)) {
    return Response.json(
      { error: { code: 'method_not_allowed', message: '请在登录页面登录：/signin' } },
      { status: 405, headers: { Allow: '' } },
    );
  }
  return nextAuth(req, ctx);
};

export { handler as GET, handler as POST };

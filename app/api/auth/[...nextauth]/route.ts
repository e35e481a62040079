import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';

// next-auth v4 types its handler as `any`; this is the App Router route signature it implements.
const handler = NextAuth(authOptions) as (
  req: Request,
  ctx: { params: Promise<{ nextauth: string[] }> },
) => Promise<Response>;
export { handler as GET, handler as POST };

import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { requestLocale } from '@/lib/i18n/request-locale';
import { translatorFor } from '@/lib/i18n/translator';

// next-auth v4 types its handler as `any`; this is the App Router route signature it implements.
type Handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;
const nextAuth = NextAuth(authOptions) as Handler;

/**
 * Passwords are checked only by the sign-in server action (lib/auth/sign-in.ts), which throttles per
 * address; next-auth has no provider at all (lib/auth/options.ts), and this route lets through only
 * the three endpoints the portal uses, by exact path and method: everything else (any
 * `signin/…` or `callback/…`, whatever follows the provider id) is a 404 before next-auth sees it.
 */
const ALLOWED = new Map<string, readonly string[]>([
  ['session', ['GET']],
  ['csrf', ['GET']],
  ['signout', ['POST']],
]);

const refuse = (status: number, code: string, message: string, headers?: HeadersInit) =>
  Response.json({ error: { code, message } }, { status, headers });

/** next-auth answers 500 to a callbackUrl it cannot parse as an http(s) URL (query or cookie). */
function badCallbackUrl(req: Request): boolean {
  const url = new URL(req.url);
  const values = url.searchParams.getAll('callbackUrl');
  for (const c of (req.headers.get('cookie') ?? '').split(';')) {
    const [name, ...rest] = c.trim().split('=');
    if (name === 'next-auth.callback-url' || name === '__Secure-next-auth.callback-url') {
      try {
        values.push(decodeURIComponent(rest.join('=')));
      } catch {
        return true;
      }
    }
  }
  return values.some((v) => {
    try {
      return !/^https?:$/.test(new URL(v, url.origin).protocol);
    } catch {
      return true;
    }
  });
}

const handler: Handler = async (req, ctx) => {
  const segments = (await ctx.params).nextauth;
  const methods = segments.length === 1 ? ALLOWED.get(segments[0]!) : undefined;
  const t = async () => translatorFor(await requestLocale());
  if (!methods) {
    return refuse(404, 'not_found', (await t())('api.auth.notFound'));
  }
  if (!methods.includes(req.method)) {
    return refuse(
      405,
      'method_not_allowed',
      (await t())('api.auth.methodNotAllowed', { methods: methods.join(', ') }),
      {
        Allow: methods.join(', '),
      },
    );
  }
  if (badCallbackUrl(req)) return refuse(400, 'bad_request', (await t())('api.auth.badCallbackUrl'));
  return nextAuth(req, ctx);
};

export { handler as GET, handler as POST };

/**
 * For integration tests: next-auth's own pages-router handler (its public API) over a recording
 * response, i.e. next-auth's core with our options, reached without Next's request scope.
 */
import NextAuth, { type NextAuthOptions } from 'next-auth';

export interface CoreAnswer {
  status: number;
  body: unknown;
  /** Cookies set by the answer, by name (values as sent, percent-encoded). */
  jar: Record<string, string>;
}

export async function nextAuthCore(
  options: NextAuthOptions,
  method: 'GET' | 'POST',
  nextauth: string[],
  body: Record<string, string>,
  cookies: Record<string, string> = {},
): Promise<CoreAnswer> {
  const headers = new Map<string, string | string[]>();
  const out = { status: 200, body: undefined as unknown };
  const res = {
    status: (s: number) => ((out.status = s), res),
    setHeader: (k: string, v: string | string[]) => (headers.set(k.toLowerCase(), v), res),
    getHeader: (k: string) => headers.get(k.toLowerCase()),
    end: () => res,
    send: (b: unknown) => ((out.body = b), res),
    json: (b: unknown) => ((out.body = b), res),
  };
  const req = { method, query: { nextauth }, body, cookies, headers: { host: 'localhost:3000' } };
  await (NextAuth as unknown as (rq: unknown, rs: unknown, o: unknown) => Promise<void>)(req, res, options);
  const setCookie = headers.get('set-cookie') ?? [];
  const jar = Object.fromEntries(
    (Array.isArray(setCookie) ? setCookie : [setCookie]).map((c) => {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      return [pair.slice(0, i), pair.slice(i + 1)];
    }),
  );
  return { ...out, jar };
}

/** A CSRF token and the cookie that goes with it, as the sign-out button fetches them. */
export async function csrf(options: NextAuthOptions): Promise<{ csrfToken: string; cookies: Record<string, string> }> {
  const res = await nextAuthCore(options, 'GET', ['csrf'], {});
  const csrfToken = (res.body as { csrfToken: string }).csrfToken;
  return { csrfToken, cookies: { 'next-auth.csrf-token': decodeURIComponent(res.jar['next-auth.csrf-token']!) } };
}

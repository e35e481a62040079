/**
 * Route handlers are wrapped once: session -> role -> zod -> handler, errors mapped to
 * `{ error: { code, message, fieldErrors? } }` with a 4xx status; unknown errors become a generic 500
 * with the details only in the server log.
 */
import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import type { Role } from '@/db/schema';
import { crossOrigin } from '@/lib/action-request';
import { fieldErrorsOf } from '@/lib/actions';
import { assertRole, currentUser, type SessionUser } from '@/lib/auth/guard';
import { AppError, GENERIC_ERROR_MESSAGE, type FieldErrors } from '@/lib/errors';
import { localText } from '@/lib/i18n/catalogue';
import { requestLocale } from '@/lib/i18n/request-locale';
import { logError } from '@/lib/log';
import { observeRequest } from '@/lib/obs/hooks';

/**
 * The error answer in the request's language (the locale cookie, as server actions' refusals in
 * lib/actions.ts): lib's messages are Chinese, the English comes from messages/en-texts.
 */
export async function errorResponse(e: unknown): Promise<NextResponse> {
  const locale = await requestLocale();
  const text = (m: string) => localText(locale, m);
  if (e instanceof AppError) {
    const fieldErrors: FieldErrors | undefined = e.fieldErrors
      ? Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [k, v.map(text)]))
      : undefined;
    return NextResponse.json(
      { error: { code: e.code, message: text(e.message), ...(fieldErrors ? { fieldErrors } : {}) } },
      { status: e.status },
    );
  }
  logError('route handler failed', e);
  return NextResponse.json({ error: { code: 'internal', message: text(GENERIC_ERROR_MESSAGE) } }, { status: 500 });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface RouteOpts<S extends z.ZodType> {
  roles: readonly Role[] | 'public';
  /** Validates the JSON body (POST/PUT/PATCH) or the query string (GET/DELETE). */
  input?: S;
}

type Ctx<S extends z.ZodType, P> = { user: SessionUser | null; input: z.output<S>; params: P };

export function route<S extends z.ZodType = z.ZodUndefined, P = Record<string, string>>(
  opts: RouteOpts<S>,
  handler: (req: NextRequest, ctx: Ctx<S, P>) => Promise<unknown>,
) {
  return (req: NextRequest, context: { params: Promise<P> }): Promise<Response> =>
    observeRequest(`route ${req.method}`, () => handle(req, context));
  async function handle(req: NextRequest, context: { params: Promise<P> }): Promise<Response> {
    try {
      // CSRF: a state-changing request from another origin is refused before anything else, by the
      // rule server actions follow (lib/action-request.ts). Signed server-to-server endpoints (provider
      // callbacks, payment notifications) do not use `route` and carry no Origin.
      if (!SAFE_METHODS.has(req.method) && crossOrigin(req.headers))
        throw new AppError('forbidden', '请求来源不被允许。');
      const user = await currentUser();
      if (opts.roles !== 'public') assertRole(user, opts.roles);
      let input: unknown = undefined;
      if (opts.input) {
        let raw: unknown;
        if (req.method === 'GET' || req.method === 'DELETE') {
          raw = Object.fromEntries(req.nextUrl.searchParams.entries());
        } else {
          raw = await req.json().catch(() => {
            throw new AppError('bad_request', '请求内容不是有效的 JSON。');
          });
        }
        const parsed = opts.input.safeParse(raw);
        if (!parsed.success) throw new AppError('validation', '请求参数有误。', fieldErrorsOf(parsed.error));
        input = parsed.data;
      }
      const params = (await context.params) ?? ({} as P);
      const result = await handler(req, { user, input: input as z.output<S>, params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (e) {
      return errorResponse(e);
    }
  }
}

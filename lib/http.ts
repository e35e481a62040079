/**
 * Route handlers are wrapped once: session -> role -> zod -> handler, errors mapped to
 * `{ error: { code, message, fieldErrors? } }` with a 4xx status; unknown errors become a generic 500
 * with the details only in the server log. The message and field errors in the request's language
 * (the locale cookie): lib's texts through their English (messages/en-texts), the route files' own
 * texts (messages/zh/api.json) through messages/en/api.json.
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
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/config';
import { MESSAGES } from '@/lib/i18n/messages';
import { requestLocale } from '@/lib/i18n/request-locale';
import { logError } from '@/lib/log';
import { observeRequest } from '@/lib/obs/hooks';

/** The route files' own Chinese texts (messages/zh/api.json, e.g. their zod messages) → their English. */
function pairs(zh: unknown, en: unknown, out = new Map<string, string>()): Map<string, string> {
  if (typeof zh === 'string' && typeof en === 'string') out.set(zh, en);
  else if (zh && en && typeof zh === 'object' && typeof en === 'object')
    for (const [k, v] of Object.entries(zh)) pairs(v, (en as Record<string, unknown>)[k], out);
  return out;
}
let apiEnglish: Map<string, string> | undefined;

function inLocale(locale: Locale, text: string): string {
  if (locale === DEFAULT_LOCALE) return text;
  apiEnglish ??= pairs(MESSAGES.zh.api, MESSAGES.en.api);
  return apiEnglish.get(text) ?? localText(locale, text);
}

export function errorResponse(e: unknown, locale: Locale = DEFAULT_LOCALE): NextResponse {
  if (e instanceof AppError) {
    const fieldErrors: FieldErrors | undefined = e.fieldErrors
      ? Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [k, v.map((m) => inLocale(locale, m))]))
      : undefined;
    return NextResponse.json(
      { error: { code: e.code, message: inLocale(locale, e.message), ...(fieldErrors ? { fieldErrors } : {}) } },
      { status: e.status },
    );
  }
  logError('route handler failed', e);
  return NextResponse.json(
    { error: { code: 'internal', message: inLocale(locale, GENERIC_ERROR_MESSAGE) } },
    { status: 500 },
  );
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
      return errorResponse(e, await requestLocale());
    }
  }
}

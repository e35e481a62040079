/**
 * Server actions all run through `guarded`: session -> role -> zod -> body. They return a plain
 * result object, never a raw error or a database row; `redirect()` stays outside (callers redirect
 * on `ok`).
 */
import 'server-only';
import type { z } from 'zod';
import type { Role } from '@/db/schema';
import { assertRole, currentUser, type SessionUser } from '@/lib/auth/guard';
import { AppError, GENERIC_ERROR_MESSAGE, type FieldErrors } from '@/lib/errors';
import { submittedValues, type ActionResult, type FormState } from '@/lib/form';
import { localText } from '@/lib/i18n/catalogue';
import type { Locale } from '@/lib/i18n/config';
import { requestLocale } from '@/lib/i18n/request-locale';
import { logError } from '@/lib/log';
import { observeRequest } from '@/lib/obs/hooks';

export type { ActionResult } from '@/lib/form';

export interface GuardedDef<S extends z.ZodType, T> {
  /** Who may call it; 'public' means anyone, signed in or not. */
  roles: readonly Role[] | 'public';
  schema: S;
  body: (input: z.output<S>, user: SessionUser | null) => Promise<T>;
  /** The span's name (lib/obs): `action <name>`. */
  name?: string;
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Runs a definition for a given caller; exported so integration tests can call it as any user. */
export async function runGuarded<S extends z.ZodType, T>(
  def: GuardedDef<S, T>,
  user: SessionUser | null,
  input: unknown,
): Promise<ActionResult<T>> {
  return observeRequest(`action ${def.name ?? 'guarded'}`, () => runGuardedNow(def, user, input));
}

async function runGuardedNow<S extends z.ZodType, T>(
  def: GuardedDef<S, T>,
  user: SessionUser | null,
  input: unknown,
): Promise<ActionResult<T>> {
  try {
    if (def.roles !== 'public') assertRole(user, def.roles);
    // Inside the try: an action posted without form data (or with garbage) is a validation error, not a 500.
    const parsed = def.schema.safeParse(input instanceof FormData ? formToObject(input) : input);
    if (!parsed.success) {
      return {
        ok: false,
        code: 'validation',
        message: '请检查填写的内容。',
        fieldErrors: fieldErrorsOf(parsed.error),
      };
    }
    return { ok: true, data: await def.body(parsed.data, user) };
  } catch (e) {
    if (e instanceof AppError) {
      return { ok: false, code: e.code, message: e.message, ...(e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}) };
    }
    logError('action failed', e);
    return { ok: false, code: 'internal', message: GENERIC_ERROR_MESSAGE };
  }
}

/** `input` may be the action's FormData as received: it is converted inside the guard. */
export async function guarded<S extends z.ZodType, T>(def: GuardedDef<S, T>, input: unknown): Promise<ActionResult<T>> {
  const result = await runGuarded(def, await currentUser(), input);
  return result.ok ? result : localized(result, await requestLocale());
}

/** A refusal in the caller's language: lib's messages are Chinese, the English from lib/i18n/texts.ts. */
function localized<R extends { message: string; fieldErrors?: FieldErrors }>(result: R, locale: Locale): R {
  if (locale === 'zh') return result;
  const fieldErrors = result.fieldErrors
    ? Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [k, v.map((m) => localText(locale, m))]))
    : undefined;
  return { ...result, message: localText(locale, result.message), ...(fieldErrors ? { fieldErrors } : {}) };
}

/**
 * A definition as a server action: `export const xAction = action(xDef);` in a 'use server' file (Next
 * checks at run time only that such an export is an async function). `after` runs on success, outside
 * the guard's try, so `revalidatePath` and `redirect` behave as in the action's own body.
 */
export function action<S extends z.ZodType, T>(def: GuardedDef<S, T>, after?: (data: T) => void) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    const result = await guarded(def, input);
    if (result.ok) after?.(result.data);
    return result;
  };
}

/**
 * A definition as a form's server action for `useActionState`: `(prevState, formData) => FormState`,
 * `export const xForm = formAction(xDef);` in a 'use server' file. The same guard runs (session,
 * role, ownership, zod); the state carries the submitted text back (lib/form.ts) so the re-rendered
 * form keeps it, also when it was posted before hydration. `after` runs on success, outside the
 * guard's try (`redirect`, `revalidatePath`).
 */
export function formAction<S extends z.ZodType, T>(def: GuardedDef<S, T>, after?: (data: T) => void) {
  return async (_prev: FormState<T>, form: FormData): Promise<FormState<T>> => {
    // A call with something else than form data (a forged request) is a validation error, not a 500.
    const values = form instanceof FormData ? submittedValues(form) : {};
    const result = await guarded(def, form);
    if (!result.ok) return { ...result, values };
    after?.(result.data);
    return { ...result, values: {} };
  };
}

/** FormData -> plain object (last value wins; repeated keys become arrays). */
export function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) {
    if (typeof v !== 'string') continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...(prev as string[]), v] : [prev, v];
  }
  return out;
}

/**
 * The one form-state shape (safe for client components). Every form's state is a guarded action's
 * result plus the text it was given: a form posted through `formAction` (lib/actions.ts) comes back
 * with the submitted values, so the re-rendered form — also one posted before hydration or without
 * JavaScript — shows them again as defaultValue. Client-driven forms (booking, 抢票) keep the same
 * `{ ok, data } | { ok: false, message, fieldErrors }` and the same rendering (components/ui/form.tsx).
 */
import type { FieldErrors } from '@/lib/errors';

/** What every guarded server action answers (lib/actions.ts). */
export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; message: string; code: string; fieldErrors?: FieldErrors };

export type FormValues = Record<string, string>;

/** null before the first submit. */
export type FormState<T = unknown> = (ActionResult<T> & { values: FormValues }) | null;

/** A client-driven form's state (booking, 抢票, search): the same failure shape, no values to echo. */
export type ClientFormState = { ok: false; message: string; fieldErrors?: FieldErrors } | null;

/** The errors of one field ('_form' for the form as a whole). */
export function errorsOf(state: { ok: boolean; fieldErrors?: FieldErrors } | null, name: string): string[] | undefined {
  return state && !state.ok ? state.fieldErrors?.[name] : undefined;
}

/** The form-level message of a failed submit. */
export function messageOf(state: { ok: boolean; message?: string } | null): string | null {
  return state && !state.ok ? (state.message ?? null) : null;
}

// Secrets are never echoed back (the browser keeps them when JavaScript runs: the form is not reset).
const SECRET = /password|confirm|photo|token|^\$ACTION/i;
const MAX_VALUE = 2000;

/** The text a form was submitted with, for its re-render: no secrets, no files, bounded. */
export function submittedValues(form: FormData): FormValues {
  const out: FormValues = {};
  for (const [k, v] of form.entries()) {
    if (typeof v !== 'string' || SECRET.test(k) || k in out) continue;
    out[k] = v.slice(0, MAX_VALUE);
  }
  return out;
}

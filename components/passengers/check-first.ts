/**
 * The English passenger form checks what was typed in the browser before posting (issue 32: "client +
 * server validation messages in English"): the same schema the server runs (lib/domain/passenger.ts),
 * its refusals in English through the texts catalogue. Pure; the Chinese form keeps posting straight
 * to the server, as before.
 */
import type { z } from 'zod';
import { submittedValues, type FormState } from '@/lib/form';

export function checkFirst<T>(
  schema: z.ZodType,
  action: (prev: never, form: FormData) => Promise<FormState<T>>,
  tx: (text: string) => string,
  message: string,
): (prev: never, form: FormData) => Promise<FormState<T>> {
  return async (prev, form) => {
    const values = submittedValues(form);
    const parsed = schema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')));
    if (parsed.success) return action(prev, form);
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.length ? issue.path.join('.') : '_form';
      (fieldErrors[key] ??= []).push(tx(issue.message));
    }
    return { ok: false, code: 'validation', message, fieldErrors, values };
  };
}

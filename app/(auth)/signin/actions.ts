'use server';

import { redirect } from 'next/navigation';
import { guarded } from '@/lib/actions';
import { signInDef } from '@/lib/auth/sign-in';

export async function signInAction(_prev: unknown, form: FormData) {
  const result = await guarded(signInDef, form);
  if (result.ok) redirect(result.data.to);
  // The email comes back so the re-rendered form keeps it (React resets a form after its action).
  const email = form instanceof FormData ? form.get('email') : null;
  return { ...result, email: typeof email === 'string' ? email.slice(0, 254) : '' };
}

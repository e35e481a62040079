'use server';

import { redirect } from 'next/navigation';
import { guarded } from '@/lib/actions';
import { signUpActionDef } from '@/lib/users/signup';

export async function signUp(_prev: unknown, form: FormData) {
  const result = await guarded(signUpActionDef, form);
  if (result.ok) redirect('/signin?registered=1');
  return result;
}

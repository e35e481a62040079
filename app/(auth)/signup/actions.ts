'use server';

import { guarded, formToObject } from '@/lib/actions';
import { signUpDef } from '@/lib/users/signup';

export async function signUp(_prev: unknown, form: FormData) {
  return guarded(signUpDef, formToObject(form));
}

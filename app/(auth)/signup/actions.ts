'use server';

import { redirect } from 'next/navigation';
import { formAction } from '@/lib/actions';
import { signUpActionDef } from '@/lib/users/signup';

/** Success redirects to sign-in with the same notice whether or not the email was new. */
export const signUp = formAction(signUpActionDef, () => redirect('/signin?registered=1'));

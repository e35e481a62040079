'use server';
/** The sign-in and sign-up forms' server actions (app/(auth)). */

import { redirect } from 'next/navigation';
import { formAction } from '@/lib/actions';
import { signInDef } from '@/lib/auth/sign-in';
import { signUpActionDef } from '@/lib/users/signup';

export const signInAction = formAction(signInDef, (d) => redirect(d.to));

/** Success redirects to sign-in with the same notice whether or not the email was new. */
export const signUp = formAction(signUpActionDef, () => redirect('/signin?registered=1'));

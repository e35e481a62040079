'use server';

import { redirect } from 'next/navigation';
import { formAction } from '@/lib/actions';
import { signInDef } from '@/lib/auth/sign-in';

export const signInAction = formAction(signInDef, (d) => redirect(d.to));

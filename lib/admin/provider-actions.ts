'use server';
/** The admin providers page's server action: the guarded definition of lib/admin/providers.ts. */

import { revalidatePath } from 'next/cache';
import { formAction } from '@/lib/actions';
import { setRotationDef } from './providers';

export const setRotationAction = formAction(setRotationDef, () => revalidatePath('/admin/providers'));

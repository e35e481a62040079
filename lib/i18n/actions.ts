'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions';
import { setLocaleDef } from './locale';

/** Every page renders again in the new language. */
export const setLocaleAction = action(setLocaleDef, () => revalidatePath('/', 'layout'));

'use server';

import { revalidatePath } from 'next/cache';
import { action, formAction } from '@/lib/actions';
import { markAllReadDef, markReadDef, savePreferencesDef, subscribePushDef, unsubscribePushDef } from './inbox';

const refresh = () => revalidatePath('/', 'layout');

export const markReadAction = action(markReadDef, refresh);
export const markAllReadAction = action(markAllReadDef, refresh);
export const savePreferencesAction = formAction(savePreferencesDef);
export const subscribePushAction = action(subscribePushDef);
export const unsubscribePushAction = action(unsubscribePushDef);

'use server';
/** The admin pages' server actions: the guarded definitions, each with the page it refreshes. */

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions';
import { replayCallbackDef } from '@/lib/orders/replay';
import { unlockUserDef } from '@/lib/users/admin';

export const replayCallbackAction = action(replayCallbackDef, () => revalidatePath('/admin/callbacks'));
export const unlockUser = action(unlockUserDef, () => revalidatePath('/admin'));

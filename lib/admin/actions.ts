'use server';
/** The admin pages' server actions: two-line wrappers around the guarded definitions. */

import { revalidatePath } from 'next/cache';
import { guarded } from '@/lib/actions';
import { replayCallbackDef } from '@/lib/orders/replay';
import { unlockUserDef } from '@/lib/users/admin';

export async function replayCallbackAction(input: unknown) {
  const result = await guarded(replayCallbackDef, input);
  if (result.ok) revalidatePath('/admin/callbacks');
  return result;
}

export async function unlockUser(input: unknown) {
  const result = await guarded(unlockUserDef, input);
  if (result.ok) revalidatePath('/admin');
  return result;
}

'use server';

import { revalidatePath } from 'next/cache';
import { guarded } from '@/lib/actions';
import { unlockUserDef } from '@/lib/users/admin';

export async function unlockUser(input: unknown) {
  const result = await guarded(unlockUserDef, input);
  if (result.ok) revalidatePath('/admin');
  return result;
}

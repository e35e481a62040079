'use server';
/** The discrepancy page's own server action (h12b); the run and state changes are in actions.ts. */

import { revalidatePath } from 'next/cache';
import { guarded } from '@/lib/actions';
import { replayRefundCallbackDef } from './pages';

export async function replayRefundCallbackAction(input: unknown) {
  const result = await guarded(replayRefundCallbackDef, input);
  if (result.ok) revalidatePath('/admin', 'layout');
  return result;
}

'use server';

/**
 * Admin server actions of reconciliation: the hand start of a run and a discrepancy's state change.
 * Both go through `guarded` (lib/actions → lib/auth/guard: session, role admin, zod).
 */
import { revalidatePath } from 'next/cache';
import { guarded } from '@/lib/actions';
import { setDiscrepancyStateDef, startReconciliationDef } from './defs';

export async function startReconciliation(input: unknown) {
  const result = await guarded(startReconciliationDef, input ?? {});
  if (result.ok) revalidatePath('/admin', 'layout');
  return result;
}

export async function changeDiscrepancyState(input: unknown) {
  const result = await guarded(setDiscrepancyStateDef, input);
  if (result.ok) revalidatePath('/admin', 'layout');
  return result;
}

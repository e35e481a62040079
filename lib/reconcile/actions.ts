'use server';

/**
 * Admin server actions of reconciliation: the hand start of a run and a discrepancy's state change.
 * Both go through `guarded` (lib/actions → lib/auth/guard: session, role admin, zod).
 */
import { revalidatePath } from 'next/cache';
import { action, formAction } from '@/lib/actions';
import { setDiscrepancyStateDef, startReconciliationDef } from './defs';

const refresh = () => revalidatePath('/admin', 'layout');
export const startReconciliation = action(startReconciliationDef, refresh);
export const changeDiscrepancyState = formAction(setDiscrepancyStateDef, refresh);

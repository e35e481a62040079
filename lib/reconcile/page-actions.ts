'use server';
/** The discrepancy page's own server action (h12b); the run and state changes are in actions.ts. */

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions';
import { replayRefundCallbackDef } from './pages';

export const replayRefundCallbackAction = action(replayRefundCallbackDef, () => revalidatePath('/admin', 'layout'));

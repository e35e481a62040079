/** Guarded definitions of the reconciliation actions (admin only), for actions.ts and tests. */
import 'server-only';
import { z } from 'zod';
import type { GuardedDef } from '@/lib/actions';
import { runReconciliation } from './run';
import { setDiscrepancyState } from './state';

// The button posts nothing: no input is the same as an empty one.
const startSchema = z.object({}).strip().default({});

export const startReconciliationDef = {
  roles: ['admin'],
  schema: startSchema,
  body: async (_input, user) => {
    const { run } = await runReconciliation({ actor: user!.id, trigger: 'manual' });
    return {
      runId: run.id,
      startedAt: run.startedAt.toISOString(),
      status: run.status,
      found: run.found,
      opened: run.opened,
      autoResolved: run.autoResolved,
      error: run.error,
    };
  },
} satisfies GuardedDef<
  typeof startSchema,
  {
    runId: string;
    startedAt: string;
    status: string;
    found: number;
    opened: number;
    autoResolved: number;
    error: string | null;
  }
>;

const stateSchema = z.object({
  id: z.string().uuid('差异编号无效。'),
  state: z.enum(['explained', 'resolved'], { message: '请选择「已说明」或「已解决」。' }),
  note: z.string().trim().min(1, '请写明原因。').max(500, '原因最多 500 字。'),
});

export const setDiscrepancyStateDef = {
  roles: ['admin'],
  schema: stateSchema,
  body: async ({ id, state, note }, user) => {
    const change = await setDiscrepancyState(id, state, note, user!.id);
    return { id: change.id, from: change.from, to: change.to };
  },
} satisfies GuardedDef<typeof stateSchema, { id: string; from: string; to: string }>;

/**
 * Failpoints for the chaos run and the integration tests: named places in the order core where a
 * process may die at the worst moment (a provider call answered, nothing of its answer recorded yet).
 * Off unless `CHAOS_FAILPOINT` names them: `name:k[,name:k…]` fires on the k-th pass through `name` in
 * this process (1-based). A firing failpoint prints `[failpoint] <name> <k>` and then, by
 * `CHAOS_FAILPOINT_ACTION`:
 * - `hang` (default; the chaos run): never returns, so the step stops right there until the chaos
 *   driver, which watches for that line, kills every process with `kill -9`;
 * - `throw` (tests): throws FailpointError, so nothing after the point runs in this step, as if the
 *   process had died there (what a dead process never did is exactly what the rest of the system must
 *   recover from).
 */
import { env } from '@/lib/env';

export const FAILPOINTS = [
  'confirm-sent',
  'callback-detail',
  'payment-notify',
  'user-cancel-sent',
  // lib/notify/deliver.ts: a notification claimed for sending, nothing sent yet.
  'notify-sending',
] as const;
export type FailpointName = (typeof FAILPOINTS)[number];

export class FailpointError extends Error {
  constructor(name: string) {
    super(`failpoint ${name}`);
  }
}

const passes = new Map<string, number>();

function armed(): Map<string, number> | null {
  const spec = env().CHAOS_FAILPOINT;
  if (!spec) return null;
  const out = new Map<string, number>();
  for (const part of spec.split(',')) {
    const [name = '', k = '1'] = part.trim().split(':');
    if (name) out.set(name, Number(k) || 1);
  }
  return out;
}

export async function failpoint(name: FailpointName): Promise<void> {
  const at = armed()?.get(name);
  if (at === undefined) return;
  const n = (passes.get(name) ?? 0) + 1;
  passes.set(name, n);
  if (n !== at) return;
  // Not the logger: this line is a protocol the chaos run reads from the process's output
  // (scripts/chaos/run.ts matches `[failpoint] `), whatever LOG_LEVEL says.
  console.log(`[failpoint] ${name} ${n}`);
  if (env().CHAOS_FAILPOINT_ACTION === 'throw') throw new FailpointError(name);
  await new Promise<never>(() => {});
}

/** Tests: forget the passes counted so far (the next arming counts from 1 again). */
export function resetFailpoints(): void {
  passes.clear();
}

/**
 * The one writer of a discrepancy's state: locks the row, checks RECON_TRANSITIONS (lib/domain/recon),
 * writes the new state with who/when/why and an event, in one transaction.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { reconDiscrepancies, reconDiscrepancyEvents } from '@/db/schema';
import { canMoveDiscrepancy, reconStateLabel, type ReconStateCode } from '@/lib/domain/recon';
import { AppError } from '@/lib/errors';

type Db = ReturnType<typeof db>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface StateChange {
  id: string;
  from: ReconStateCode;
  to: ReconStateCode;
  at: Date;
}

/** Moves a discrepancy in an open transaction (the run's auto-resolve uses it too). */
export async function moveDiscrepancy(
  tx: Tx,
  id: string,
  to: ReconStateCode,
  note: string | null,
  actor: string,
  runId: string | null = null,
): Promise<StateChange> {
  const [row] = await tx
    .select({ state: reconDiscrepancies.state })
    .from(reconDiscrepancies)
    .where(eq(reconDiscrepancies.id, id))
    .for('update');
  if (!row) throw new AppError('not_found', '差异记录不存在。');
  if (!canMoveDiscrepancy(row.state, to))
    throw new AppError(
      'conflict',
      `差异记录已是「${reconStateLabel(row.state)}」，不能改为「${reconStateLabel(to)}」。`,
    );
  const at = new Date();
  await tx
    .update(reconDiscrepancies)
    .set({ state: to, stateBy: actor, stateAt: at, stateNote: note })
    .where(eq(reconDiscrepancies.id, id));
  await tx.insert(reconDiscrepancyEvents).values({
    discrepancyId: id,
    fromState: row.state,
    toState: to,
    actor,
    note,
    runId,
    at,
  });
  return { id, from: row.state, to, at };
}

/** An admin (or a test) marks a discrepancy explained or resolved, with a reason. */
export async function setDiscrepancyState(
  id: string,
  state: ReconStateCode,
  note: string,
  actor: string,
): Promise<StateChange> {
  const why = note.trim();
  if (!why) throw new AppError('validation', '请写明原因。', { note: ['请写明原因。'] });
  return db().transaction((tx) => moveDiscrepancy(tx, id, state, why, actor));
}

/** Count of events of a discrepancy (tests). */
export async function discrepancyEventCount(id: string): Promise<number> {
  const [r] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(reconDiscrepancyEvents)
    .where(eq(reconDiscrepancyEvents.discrepancyId, id));
  return r?.n ?? 0;
}

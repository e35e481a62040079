/**
 * The one-writer shape the aggregate services share (orders: lib/orders/service.ts `withOrder`; grab
 * orders: lib/grab/service.ts `withGrab`): one transaction locks the aggregate's row, the service's
 * step moves it along the lib/domain transition tables (each move with its event) and queues
 * follow-up jobs, and those jobs are inserted in the same transaction, so a job exists exactly when
 * the change it follows committed.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { sendJobs, type JobData, type JobRequest, type QueueName } from '@/lib/jobs';

export type Tx = Parameters<Parameters<ReturnType<typeof db>['transaction']>[0]>[0];

/** Who or what made a change (every event records it). */
export type Source = 'user' | 'callback' | 'sync' | 'job' | 'payment' | 'admin' | 'system';

/** The jobs a step queues (sent with its transaction) and whether it wrote anything. */
export class StepJobs {
  readonly jobs: JobRequest[] = [];
  /** Whether anything was written (callbacks log `applied` vs `no_change`). */
  changed = false;

  /** Steps opened inside this one (an order locked by a grab step), finished with it. */
  protected readonly inner: StepJobs[] = [];

  enqueue<Q extends QueueName>(queue: Q, data: JobData[Q], options?: JobRequest['options']): void {
    this.jobs.push({ queue, data, ...(options ? { options } : {}) });
  }

  /**
   * Called by lockedStep after the step, before its jobs are sent (same transaction): writes what the
   * step kept for its end (an order step's events, in one statement) and takes over the jobs of the
   * steps opened inside it. Idempotent.
   */
  async finish(): Promise<void> {
    for (const i of this.inner.splice(0)) {
      await i.finish();
      this.jobs.push(...i.jobs.splice(0));
    }
  }
}

/**
 * Runs `step` in one transaction on the row `lock` read FOR UPDATE (not_found with `notFound` when
 * there is none), through the service's transaction object `open` builds; then sends its jobs.
 */
export function lockedStep<R, X extends StepJobs, T>(
  lock: (tx: Tx) => Promise<R | undefined>,
  notFound: string,
  open: (tx: Tx, row: R) => X,
  step: (x: X) => T | Promise<T>,
): Promise<T> {
  return db().transaction(async (tx) => {
    const row = await lock(tx);
    if (!row) throw new AppError('not_found', notFound);
    const x = open(tx, row);
    const out = await step(x);
    await x.finish();
    await sendJobs(x.jobs, tx);
    return out;
  });
}

/** What a status-row step knows of its tables: the aggregate's row table and its events table. */
export interface RowTables {
  table: PgTable & { id: PgColumn; status: PgColumn; updatedAt: PgColumn };
  events: PgTable;
  /** The events table's property naming the aggregate (tripId, grabOrderId, deliveryId). */
  owner: string;
  /** The kind of the event a move writes ('trip', 'grab', 'delivery'). */
  kind: string;
}

/**
 * The step of an aggregate kept as one row with a text status and an events table (trips, grab orders,
 * deliveries; orders have their own OrderTx): events, patches and moves along the aggregate's
 * transition table (`canMove`), each move guarded by the status it read and written with its event.
 */
export abstract class RowStep<Row extends { id: string; status: string }, Insert, S extends string> extends StepJobs {
  constructor(
    readonly tx: Tx,
    protected row: Row,
    readonly source: Source,
    readonly actor: string,
    private readonly tables: RowTables,
  ) {
    super();
  }

  /** Whether the aggregate's transition table allows from → to. */
  protected abstract canMove(from: string, to: S): boolean;

  /** After a move's row and event are written (same transaction): the aggregate's follow-ups. */
  protected afterMove(_row: Row, _to: S): void {}

  async event(kind: string, from: string | null, to: string | null, note?: string | null): Promise<void> {
    const { events, owner } = this.tables;
    const row = { [owner]: this.row.id, kind, fromStatus: from, toStatus: to, source: this.source, actor: this.actor };
    await this.tx.insert(events).values({ ...row, note: note ?? null } as never);
  }

  /** Writes `set` (with updated_at) to the row, only while its status is `status` when given; the row written or null. */
  private async write(set: Record<string, unknown>, status?: string): Promise<Row | null> {
    const t = this.tables.table;
    const where = status === undefined ? eq(t.id, this.row.id) : and(eq(t.id, this.row.id), eq(t.status, status));
    const rows = (await this.tx
      .update(t)
      .set({ ...set, updatedAt: sql`now()` })
      .where(where)
      .returning()) as unknown as Row[];
    const row = rows[0] ?? null;
    if (row) {
      this.row = row;
      this.changed = true;
    }
    return row;
  }

  async patch(patch: Partial<Insert>): Promise<void> {
    await this.write(patch);
  }

  /** Moves to `to` when the transition table allows it from here; false (nothing changed) otherwise. */
  async move(to: S, note?: string | null, patch: Partial<Insert> = {}): Promise<boolean> {
    const from = this.row.status;
    if (!this.canMove(from, to)) return false;
    const row = await this.write({ ...(patch as Record<string, unknown>), status: to }, from);
    if (!row) return false;
    await this.event(this.tables.kind, from, to, note);
    this.afterMove(row, to);
    return true;
  }
}

/** A row step's one writer: lockedStep on the row `id` of `tables.table` read FOR UPDATE. */
export function withRow<Row, X extends StepJobs, T>(
  tables: RowTables,
  id: string,
  notFound: string,
  open: (tx: Tx, row: Row) => X,
  step: (x: X) => T | Promise<T>,
): Promise<T> {
  const t = tables.table;
  const lock = async (tx: Tx) => ((await tx.select().from(t).where(eq(t.id, id)).for('update')) as Row[])[0];
  return lockedStep(lock, notFound, open, step);
}

/** The distributor's balance, sold-out blocking and first-start rows (control endpoints and start-up). */
import { MSG } from '@/protocol/panhe/codes';
import { freeSeats } from '../inventory';
import { seatsOf, wholeRun } from '../network';
import { num, SandboxError, type Ctx } from './context';
import { enqueueJob } from '../jobs';
import { moveBalance } from './money';
import { insertSale, lockRun, salesOf } from './seats';

export async function init(ctx: Ctx) {
  const { sql, opts } = ctx;
  await sql.begin(async (tx) => {
    const created = await tx`insert into sandbox.distributors (app_key, balance_fen) values (${opts.appKey}, 0)
      on conflict do nothing returning app_key`;
    // The opening balance is the statement's first line.
    if (created.length) await moveBalance(ctx, tx, opts.appKey, { kind: 'topup', amountFen: opts.initialBalanceFen });
  });
  await sql`insert into sandbox.clock (id, offset_ms) values (1, 0) on conflict do nothing`;
}

/** Blocks all but `leave` seats of a class on a run (origin date), whole route; for tests and demos. */
export async function markSoldOut({ sql }: Ctx, trainCode: string, date: string, seatType: number, leave: number) {
  const run = wholeRun(trainCode, date);
  if (!run) throw new SandboxError('车次号无效', MSG.BAD_TRAIN);
  return sql.begin(async (tx) => {
    await lockRun(tx, run.runKey);
    const sales = await salesOf(tx, [run.runKey]);
    const free = freeSeats(seatsOf(run.trainCode, seatType), sales, seatType, run.fromIdx, run.toIdx);
    const block = free.slice(0, Math.max(0, free.length - leave));
    for (const s of block) await insertSale(tx, run, seatType, s, {});
    return { runKey: run.runKey, blocked: block.length, left: free.length - block.length };
  });
}

export async function balance({ sql, opts }: Ctx): Promise<number> {
  const [row] = await sql<{ balance_fen: string }[]>`select balance_fen from sandbox.distributors
    where app_key = ${opts.appKey}`;
  return num(row?.balance_fen);
}

export async function setBalance(ctx: Ctx, fen: number) {
  const { sql, opts } = ctx;
  await sql.begin(async (tx) => {
    await tx`insert into sandbox.distributors (app_key, balance_fen) values (${opts.appKey}, 0) on conflict do nothing`;
    const [row] = await tx<{ balance_fen: string }[]>`select balance_fen from sandbox.distributors
      where app_key = ${opts.appKey} for update`;
    const delta = fen - num(row?.balance_fen);
    if (delta !== 0) await moveBalance(ctx, tx, opts.appKey, { kind: 'adjust', amountFen: delta });
  });
}

/**
 * Frees up to `count` seats blocked by markSoldOut (sales with no ticket) on a run and class, as a
 * refund or a returned hold would: what lets a 抢票 grab succeed in tests and demos.
 */
export async function releaseSeats({ sql }: Ctx, trainCode: string, date: string, seatType: number, count: number) {
  const run = wholeRun(trainCode, date);
  if (!run) throw new SandboxError('车次号无效', MSG.BAD_TRAIN);
  return sql.begin(async (tx) => {
    await lockRun(tx, run.runKey);
    const freed = await tx`delete from sandbox.seat_sales where id in (
        select id from sandbox.seat_sales where run_key = ${run.runKey} and seat_type = ${seatType}
          and ticket_id is null and change_ticket_id is null order by id limit ${count})
      returning id`;
    const [left] = await tx<{ n: number }[]>`select count(*)::int as n from sandbox.seat_sales
      where run_key = ${run.runKey} and seat_type = ${seatType} and ticket_id is null and change_ticket_id is null`;
    return { runKey: run.runKey, freed: freed.length, stillBlocked: left?.n ?? 0 };
  });
}

/** Seats come back over time: one blocked seat every `everyMinutes` of sandbox time, `count` in all. */
export async function releaseOverTime(ctx: Ctx, spec: ReleaseSpec) {
  if (!wholeRun(spec.trainCode, spec.date)) throw new SandboxError('车次号无效', MSG.BAD_TRAIN);
  const at = new Date((await ctx.now()).getTime() + spec.everyMinutes * 60_000);
  await enqueueJob(ctx.sql, 'release', JSON.stringify(spec), at);
  return { ...spec, firstAt: at };
}

export interface ReleaseSpec {
  trainCode: string;
  date: string;
  seatType: number;
  everyMinutes: number;
  count: number;
}

/** The release job: frees one seat, and schedules the next while seats remain to be released. */
export async function releaseJob(ctx: Ctx, tx: Parameters<typeof enqueueJob>[0], ref: string) {
  const spec = JSON.parse(ref) as ReleaseSpec;
  const out = await releaseSeats(ctx, spec.trainCode, spec.date, spec.seatType, 1);
  if (spec.count > 1 && out.stillBlocked > 0) {
    const next = { ...spec, count: spec.count - 1 };
    await enqueueJob(
      tx,
      'release',
      JSON.stringify(next),
      new Date((await ctx.now()).getTime() + spec.everyMinutes * 60_000),
    );
  }
}

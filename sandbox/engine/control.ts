/** The distributor's balance, sold-out blocking and first-start rows (control endpoints and start-up). */
import { MSG } from '@/lib/provider/errors';
import { freeSeats } from '../inventory';
import { seatsOf, wholeRun } from '../network';
import { num, SandboxError, type Ctx } from './context';
import { insertSale, lockRun, salesOf } from './seats';

export async function init({ sql, opts }: Ctx) {
  await sql`insert into sandbox.distributors (app_key, balance_fen) values (${opts.appKey}, ${opts.initialBalanceFen})
    on conflict do nothing`;
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

export async function setBalance({ sql, opts }: Ctx, fen: number) {
  await sql`insert into sandbox.distributors (app_key, balance_fen) values (${opts.appKey}, ${fen})
    on conflict (app_key) do update set balance_fen = excluded.balance_fen`;
}

/**
 * Seats over Postgres: the sales of a run, the run's row lock, allocation honouring 选座/选铺 and 无座,
 * and releasing seats. The counting and picking itself is the pure ../inventory.ts.
 *
 * Concurrency: seats of a train run are allocated only while holding the run's row lock
 * (`SELECT ... FOR UPDATE` on sandbox.train_runs), so concurrent holds of one run are serialised and
 * can never sell a seat twice for overlapping segments; the exclusion constraint seat_sales_no_overlap
 * guards the same invariant in the database.
 */
import { formatSeatNo } from '@/protocol/panhe/seats';
import { countFree, freeSeats, pickSeats, standingTaken, type Sale } from '../inventory';
import { lowestSeatedClass, seatsOf, STANDING_PLACES, type Run, type Seat } from '../network';
import type { Q, Tx } from './context';

export async function salesOf(q: Q, runKeys: string[]): Promise<Sale[]> {
  if (!runKeys.length) return [];
  return q<Sale[]>`select run_key, seat_type, seat_id, from_idx, to_idx from sandbox.seat_sales
    where run_key = any(${runKeys})`;
}

/** Takes the train run's row lock: every seat allocation of the run happens under it. */
export async function lockRun(tx: Tx, runKey: string) {
  await tx`insert into sandbox.train_runs (run_key) values (${runKey}) on conflict do nothing`;
  await tx`select run_key from sandbox.train_runs where run_key = ${runKey} for update`;
}

export function leftFor(
  run: Pick<Run, 'trainCode'>,
  seatType: number,
  sales: Sale[],
  from: number,
  to: number,
): number {
  if (seatType === 98) return Math.max(0, STANDING_PLACES - standingTaken(sales, from, to));
  return countFree(seatsOf(run.trainCode, seatType), sales, seatType, from, to);
}

/** Seats available to a booking of `count` passengers right now (with 无座 when it would be allowed). */
export function available(run: Run, seatType: number, sales: Sale[], acceptStanding: boolean): number {
  const seats = leftFor(run, seatType, sales, run.fromIdx, run.toIdx);
  const standing =
    acceptStanding && seatType === lowestSeatedClass(run.trainCode)
      ? leftFor(run, 98, sales, run.fromIdx, run.toIdx)
      : 0;
  return seats + standing;
}

export type Allocation = { ok: true; seats: (Seat | null)[] } | { ok: false; reason: string };

/**
 * Chooses seats for `count` passengers on a locked run: the class's free seats honouring 选座/选铺;
 * 无座 only for the lowest seated class, when the buyer accepts it and seats run short (FAQ §7-9).
 */
export async function allocate(
  tx: Tx,
  run: Run,
  seatType: number,
  count: number,
  pref: { chooseSeats: string | null; chooseSleeper: string | null; acceptStanding: boolean },
): Promise<Allocation> {
  const sales = await salesOf(tx, [run.runKey]);
  const free = freeSeats(seatsOf(run.trainCode, seatType), sales, seatType, run.fromIdx, run.toIdx);
  const picked = pickSeats(free, count, {
    seatType,
    chooseSeats: pref.chooseSeats,
    chooseSleeper: pref.chooseSleeper,
  });
  if (picked) return { ok: true, seats: picked };
  const standing = leftFor(run, 98, sales, run.fromIdx, run.toIdx);
  if (pref.acceptStanding && seatType === lowestSeatedClass(run.trainCode) && free.length + standing >= count)
    return { ok: true, seats: [...free, ...Array<null>(count - free.length).fill(null)] };
  if (free.length === 0) return { ok: false, reason: '该坐席已售完' };
  return { ok: false, reason: `余票不足:所选席别仅剩${free.length}张,少于乘客人数${count}` };
}

export function standingSeatNo(run: Run, seats: (Seat | null)[], seatType: number): string {
  const car = seats.find(Boolean)?.car ?? seatsOf(run.trainCode, seatType).at(-1)?.car ?? 1;
  return formatSeatNo.standing(car);
}

export async function insertSale(
  tx: Tx,
  run: Run,
  seatType: number,
  seat: Seat | null,
  owner: { ticketId?: number; changeTicketId?: number },
) {
  await tx`insert into sandbox.seat_sales (run_key, seat_type, seat_id, from_idx, to_idx, ticket_id, change_ticket_id)
    values (${run.runKey}, ${seat ? seatType : 98}, ${seat?.id ?? null}, ${run.fromIdx}, ${run.toIdx},
      ${owner.ticketId ?? null}, ${owner.changeTicketId ?? null})`;
}

export async function releaseOrderSeats(tx: Tx, orderNo: string) {
  await tx`delete from sandbox.seat_sales
    where ticket_id in (select id from sandbox.tickets where order_no = ${orderNo})`;
}

/** The new seats of a pending change (not yet handed to the ticket: ticket_id still null). */
export async function releaseChangeSeats(tx: Tx, chaNo: string) {
  await tx`delete from sandbox.seat_sales
    where change_ticket_id in (select id from sandbox.change_tickets where cha_no = ${chaNo}) and ticket_id is null`;
}

/**
 * The sandbox's controllable clock: sandbox time = real time + an offset kept in sandbox.clock, so a
 * restart keeps it. Every rule (pre-sale, pay limits, refund windows, job due times) reads this clock.
 * The accounts module may use sandboxNow() for its own time rules.
 *
 * The offset is kept in memory per database (every pool and transaction of this process on it shares
 * the copy: the accounts module has its own pool) and read again from Postgres at most once per
 * CLOCK_REFRESH_MS: a booking used to read it ~18 times (`npm run bench`: 17.8 of the sandbox's 83
 * statements per booking). Only the control endpoint (POST /sandbox/clock) moves the clock, and it
 * updates this process's copy before it answers (a read that started before the move is not kept), so
 * this process sees its own moves at once; another process on the same database sees them within
 * CLOCK_REFRESH_MS.
 */
import type postgres from 'postgres';

/** A pool (not a transaction: the copy is keyed by the pool's database). */
type Q = postgres.Sql;

export const CLOCK_REFRESH_MS = 1000;

type Kept = { offsetMs?: number; readAt: number; reading?: Promise<number>; generation: number };

/** Per database: the offset and when it was read, a read under way, and a count of moves. */
const kept = new Map<string, Kept>();

function keptFor(sql: Q): Kept {
  const o = sql.options;
  const key = `${String(o.host)}|${String(o.port)}|${o.database}`;
  let k = kept.get(key);
  if (!k) kept.set(key, (k = { readAt: 0, generation: 0 }));
  return k;
}

/** The offset as Postgres has it now (and this process's copy refreshed unless the clock moved meanwhile). */
export async function clockOffsetMs(sql: Q): Promise<number> {
  const k = keptFor(sql);
  const generation = k.generation;
  const readAt = Date.now();
  const [row] = await sql<{ offset_ms: string }[]>`select offset_ms from sandbox.clock where id = 1`;
  const offsetMs = row ? Number(row.offset_ms) : 0;
  if (k.generation === generation) Object.assign(k, { offsetMs, readAt });
  return offsetMs;
}

/** Sandbox time: real time + the offset, read from Postgres at most once per CLOCK_REFRESH_MS. */
export async function sandboxNow(sql: Q): Promise<Date> {
  const k = keptFor(sql);
  let offsetMs: number;
  if (k.offsetMs !== undefined && Date.now() - k.readAt < CLOCK_REFRESH_MS) offsetMs = k.offsetMs;
  else if (k.reading) offsetMs = await k.reading;
  else {
    // One read for every caller waiting on it.
    const reading = clockOffsetMs(sql);
    k.reading = reading;
    try {
      offsetMs = await reading;
    } finally {
      if (k.reading === reading) k.reading = undefined;
    }
  }
  return new Date(Date.now() + offsetMs);
}

export async function setClockOffset(sql: Q, offsetMs: number): Promise<void> {
  const k = keptFor(sql);
  k.generation++;
  k.reading = undefined;
  await sql`insert into sandbox.clock (id, offset_ms) values (1, ${Math.round(offsetMs)})
    on conflict (id) do update set offset_ms = excluded.offset_ms`;
  k.generation++;
  Object.assign(k, { offsetMs: Math.round(offsetMs), readAt: Date.now() });
}

export type ClockCommand = { advanceMinutes?: number; setTo?: string; reset?: boolean };

/** The new offset for a POST /sandbox/clock command (pure): reset, then setTo, then advance. */
export function nextOffset(current: number, cmd: ClockCommand, realNow = Date.now()): number {
  let offset = current;
  if (cmd.reset) offset = 0;
  if (cmd.setTo) offset = Date.parse(cmd.setTo) - realNow;
  if (cmd.advanceMinutes) offset += cmd.advanceMinutes * 60_000;
  return offset;
}

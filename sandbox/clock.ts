/**
 * The sandbox's controllable clock: sandbox time = real time + an offset kept in sandbox.clock, so a
 * restart keeps it. Every rule (pre-sale, pay limits, refund windows, job due times) reads this clock.
 * The accounts module may use sandboxNow() for its own time rules.
 *
 * The offset is kept in memory per database (every pool of this process on it shares the copy: the
 * accounts module has its own pool) and read again from Postgres at most once per CLOCK_REFRESH_MS: a
 * booking used to read it ~18 times (`npm run bench`: 17.8 of the sandbox's 83 statements per
 * booking). Only the control endpoint (POST /sandbox/clock) moves the clock, and it
 * updates this process's copy before it answers (a read that started before the move is not kept), so
 * this process sees its own moves at once; another process on the same database sees them about
 * CLOCK_REFRESH_MS later (the call that finds its copy old still answers from it and starts the read).
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

/**
 * Sandbox time: real time + the offset. Once the offset is known it is answered from memory at once;
 * when the copy is older than CLOCK_REFRESH_MS a read is started in the background and the next calls
 * get its answer. Callers never wait on a pool connection once the copy exists: they call this inside
 * transactions, and a pool whose every connection is held by a transaction waiting for a clock read
 * on that same pool would never give the read one (the server reads the copy once at start-up).
 */
export async function sandboxNow(sql: Q): Promise<Date> {
  const k = keptFor(sql);
  if (k.offsetMs === undefined) await refresh(sql, k);
  else if (Date.now() - k.readAt >= CLOCK_REFRESH_MS && !k.reading) void refresh(sql, k).catch(() => undefined);
  return new Date(Date.now() + (k.offsetMs ?? 0));
}

/** One read at a time per database; every caller waiting for the first one shares it. */
function refresh(sql: Q, k: Kept): Promise<number> {
  if (k.reading) return k.reading;
  const reading = clockOffsetMs(sql).finally(() => {
    if (k.reading === reading) k.reading = undefined;
  });
  k.reading = reading;
  return reading;
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

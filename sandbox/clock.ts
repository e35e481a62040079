/**
 * The sandbox's controllable clock: sandbox time = real time + an offset kept in sandbox.clock, so a
 * restart keeps it. Every rule (pre-sale, pay limits, refund windows, job due times) reads this clock.
 * The accounts module may use sandboxNow() for its own time rules.
 */
import type postgres from 'postgres';

type Q = postgres.Sql | postgres.TransactionSql;

export async function clockOffsetMs(sql: Q): Promise<number> {
  const [row] = await sql<{ offset_ms: string }[]>`select offset_ms from sandbox.clock where id = 1`;
  return row ? Number(row.offset_ms) : 0;
}

export async function sandboxNow(sql: Q): Promise<Date> {
  return new Date(Date.now() + (await clockOffsetMs(sql)));
}

export async function setClockOffset(sql: Q, offsetMs: number): Promise<void> {
  await sql`insert into sandbox.clock (id, offset_ms) values (1, ${Math.round(offsetMs)})
    on conflict (id) do update set offset_ms = excluded.offset_ms`;
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

/**
 * What every part of the engine shares: the pool, the options, the refusal type and the clock.
 *
 * Clock: every rule reads `ctx.now()`, the sandbox clock (sandbox/clock.ts: real time + an offset
 * kept in Postgres, with a copy in memory per database), never `new Date()`, so moving the clock moves
 * pay limits, refund windows and job due times together.
 */
import type postgres from 'postgres';
import { fenToYuan } from '@/protocol/money';
import { MSG } from '@/protocol/panhe/codes';
import type { BookingState } from '../accounts-gate';
import { sandboxNow } from '../clock';
import type { FaultConfig } from '../faults';

/** A refusal answered as `{ data: null, success: false, msg, msgCode }`. */
export class SandboxError extends Error {
  constructor(
    message: string,
    readonly msgCode: number = MSG.BAD_PARAMS,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

export interface EngineOptions {
  appKey: string;
  secretKey: string;
  holdDelayMs: number;
  issueDelayMs: number;
  refundDelayMs: number;
  initialBalanceFen: number;
  /** 12306 account state for 创单 (sandbox/accounts/state.ts via accounts-gate.ts). */
  bookingState: (trainAccount: string, trainPassword?: string) => Promise<BookingState>;
  faults: () => FaultConfig;
  random?: () => number;
}

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;
export type Q = Sql | Tx;

export interface Ctx {
  sql: Sql;
  opts: EngineOptions;
  random: () => number;
  /** Sandbox time (sandbox/clock.ts). */
  now: () => Promise<Date>;
}

export function createContext(sql: Sql, opts: EngineOptions): Ctx {
  return { sql, opts, random: opts.random ?? Math.random, now: () => sandboxNow(sql) };
}

/** bigint columns arrive as strings. */
export const num = (x: string | number | null | undefined): number => (x === null || x === undefined ? 0 : Number(x));
export const yuan = (x: string | number | null | undefined): number | null =>
  x === null || x === undefined ? null : fenToYuan(Number(x));
export const sameFen = (payAmountYuan: number, fen: number) => Math.round(payAmountYuan * 100) === fen;

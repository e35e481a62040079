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
import type { EventType } from '../callbacks';
import { sandboxNow } from '../clock';
import type { FaultConfig } from '../faults';
import type { Front } from '../fronts';

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

/**
 * Queues the callback of an order placed through a front other than Panhe (its own wire form and
 * account-wide URLs), in the transaction of the change it reports. sandbox/juhe/pushes.ts.
 */
export type FrontNotifier = (tx: Tx, orderNo: string, eventType: EventType) => Promise<void>;

export interface EngineOptions {
  /**
   * The distributor key this engine acts for: the orders it creates and acts on, the balance its
   * debits move. One engine per front key (server.ts); the job handlers act on every key's orders.
   */
  appKey: string;
  /** Further keys whose orders 订单详情 may read (the Panhe front follows Juhe orders). */
  readableKeys?: string[];
  secretKey: string;
  holdDelayMs: number;
  /**
   * Play 12306's night closure (sandbox/night.ts): a hold due 23:00–06:00 sandbox time waits for 06:00.
   * Off when unset here; server.ts sets it on unless SANDBOX_NIGHT_CLOSURE=off (startTestSandbox: off
   * unless a test asks for it).
   */
  nightClosure?: boolean;
  issueDelayMs: number;
  refundDelayMs: number;
  initialBalanceFen: number;
  /** 12306 account state for 创单 (sandbox/accounts/state.ts via accounts-gate.ts). */
  bookingState: (trainAccount: string, trainPassword?: string) => Promise<BookingState>;
  faults: () => FaultConfig;
  /** The faults of one front (global + its overlay); `faults` when absent. */
  faultsFor?: (front: Front) => FaultConfig;
  /** Callbacks of orders of other fronts (front 'juhe'): translated and queued by that front. */
  frontNotifiers?: Partial<Record<Front, FrontNotifier>>;
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
  /** Jobs: orders of every key (a job names its order; the front that placed it is not asking). */
  anyOwner?: boolean;
}

export function createContext(sql: Sql, opts: EngineOptions): Ctx {
  return { sql, opts, random: opts.random ?? Math.random, now: () => sandboxNow(sql) };
}

/** The keys whose orders this context may act on (null: any, for jobs). */
export const ownKeys = (ctx: Ctx): string[] | null => (ctx.anyOwner ? null : [ctx.opts.appKey]);
/** The keys whose orders this context may read (null: any). */
export const readKeys = (ctx: Ctx): string[] | null =>
  ctx.anyOwner ? null : [ctx.opts.appKey, ...(ctx.opts.readableKeys ?? [])];

/** The faults that apply to an order placed through `front`. */
export const faultsOf = (ctx: Ctx, front: string | null | undefined): FaultConfig =>
  (front === 'juhe' || front === 'panhe' ? ctx.opts.faultsFor?.(front) : undefined) ?? ctx.opts.faults();

/** bigint columns arrive as strings. */
export const num = (x: string | number | null | undefined): number => (x === null || x === undefined ? 0 : Number(x));
export const yuan = (x: string | number | null | undefined): number | null =>
  x === null || x === undefined ? null : fenToYuan(Number(x));
export const sameFen = (payAmountYuan: number, fen: number) => Math.round(payAmountYuan * 100) === fen;

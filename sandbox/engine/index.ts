/**
 * The sandbox provider's business logic over Postgres, assembled from one file per concern:
 *
 * | file | concern |
 * | --- | --- |
 * | context.ts | pool, options, SandboxError, the sandbox clock (`ctx.now`) |
 * | rows.ts | row shapes and row locks |
 * | seats.ts | segment inventory over Postgres: run locks, allocation, release |
 * | pricing.ts | pure money: ticket fares, refund quotes, 改签 settlement in wire fields |
 * | search.ts | 余票查询, 经停站, 车站列表 |
 * | orders.ts | 创单, 占位, expiry, 确认出票, 出票, 取消 |
 * | refunds.ts | 退票, station-window (offline) refunds, and their completion |
 * | changes.ts | 改签: apply, hold, expiry, confirm, issue, cancel |
 * | detail.ts / events.ts | 订单详情 mapping / the callbacks that carry it |
 * | jobs.ts | handlers of the job kinds |
 * | control.ts | balance, sold-out blocking, first-start rows |
 * | money.ts | every balance movement with its statement line; money faults |
 *
 * Every rule reads the sandbox clock; asynchronous steps are jobs (../jobs.ts) run by the worker in
 * their own transactions.
 */
import type { z } from 'zod';
import type * as w from '@/protocol/panhe/wire';
import { applyChange, cancelChange, confirmChange } from './changes';
import { createContext, type EngineOptions, type Sql } from './context';
import { balance, init, markSoldOut, releaseOverTime, releaseSeats, setBalance, type ReleaseSpec } from './control';
import { detailOf } from './detail';
import { jobHandlers } from './jobs';
import { holdDueAt } from '../night';
import { addMoneyFault, clearMoneyFaults, moneyFaults, statement, type moneyFaultRequest } from './money';
import { cancel, confirm, createAgentOrder, createOrder, expireIfDue, pay } from './orders';
import { offlineRefund, refund, refundTickets, type RefundWanted } from './refunds';
import { markPrinted } from './station';
import { findRuns, search, stations, stops } from './search';

export { SandboxError, type EngineOptions, type FrontNotifier } from './context';
export { AGENT_ACCOUNT } from './orders';
export type { RefundWanted } from './refunds';
export type { FoundRun } from './search';

export function createEngine(sql: Sql, opts: EngineOptions) {
  const ctx = createContext(sql, opts);
  return {
    init: () => init(ctx),
    now: () => ctx.now(),
    /** When a hold asked for at `at` is processed (the night closure, sandbox/night.ts, included). */
    holdDueAt: (at: Date) => holdDueAt(at, opts.holdDelayMs, opts.nightClosure ?? false),
    search: (req: z.output<typeof w.searchRequest>) => search(ctx, req),
    /** 余票查询 as runs and counts (a front maps them to its own wire). */
    findRuns: (fromStation: string, toStation: string, date: string) => findRuns(ctx, fromStation, toStation, date),
    stops,
    stations,
    createOrder: (req: z.output<typeof w.createOrderRequest>) => createOrder(ctx, req),
    /** 创单 through an agent front (Juhe submit): the provider's own 12306 account, run from the timetable. */
    createAgentOrder: (req: Parameters<typeof createAgentOrder>[1]) => createAgentOrder(ctx, req),
    confirm: (req: z.output<typeof w.confirmRequest>) => confirm(ctx, req),
    /** Pays a held order from this key's balance (Juhe pay: no sign, no amount check). */
    pay: (orderNo: string) => pay(ctx, orderNo, null),
    /** Lazy expiry of a passed pay limit (before a front reads the order its own way). */
    expireIfDue: (orderNo: string) => expireIfDue(ctx, orderNo),
    cancel: (orderNo: string) => cancel(ctx, orderNo),
    refund: (req: z.output<typeof w.refundRequest>) => refund(ctx, req),
    /** Online refund of several tickets at once, all or none (Juhe refund). */
    refundTickets: (orderNo: string, wanted: RefundWanted[]) => refundTickets(ctx, orderNo, wanted),
    applyChange: (req: z.output<typeof w.changeRequest>) => applyChange(ctx, req),
    confirmChange: (req: z.output<typeof w.changeConfirmRequest>) => confirmChange(ctx, req),
    cancelChange: (chaNo: string) => cancelChange(ctx, chaNo),
    /** Control: a station-window refund of the ticket with this number (23, then 21). */
    offlineRefund: (ticketNo: string, feeFen?: number) => offlineRefund(ctx, ticketNo, feeFen),
    /** Control: the ticket with this number was printed at the station (已取票; 312 on online refund). */
    markPrinted: (ticketNo: string) => markPrinted(ctx, ticketNo),
    /** 订单详情, after the lazy expiry of a passed pay limit or confirm limit. */
    detail: async (orderNo: string) => {
      await expireIfDue(ctx, orderNo);
      // One snapshot for the order, its tickets and change orders: a change committing between two of
      // the reads must not show a change order at 31 beside its ticket still at 30.
      return sql.begin('isolation level repeatable read read only', (tx) => detailOf(ctx, tx, orderNo));
    },
    markSoldOut: (trainCode: string, date: string, seatType: number, leave: number) =>
      markSoldOut(ctx, trainCode, date, seatType, leave),
    /** Control: frees `count` blocked seats now (a refund or returned hold somewhere). */
    releaseSeats: (trainCode: string, date: string, seatType: number, count: number) =>
      releaseSeats(ctx, trainCode, date, seatType, count),
    /** Control: frees blocked seats one at a time at a rate (sandbox time). */
    releaseOverTime: (spec: ReleaseSpec) => releaseOverTime(ctx, spec),
    balance: () => balance(ctx),
    /** Control: the balance statement (资金流水) after a line id, with the balance now. */
    statement: (afterId: number, limit: number) => statement(ctx, afterId, limit),
    /** Control: money going wrong on purpose (money.ts), for one order or at a rate; and what hit. */
    addMoneyFault: (req: z.output<typeof moneyFaultRequest>) => addMoneyFault(ctx, req),
    moneyFaults: () => moneyFaults(ctx),
    clearMoneyFaults: () => clearMoneyFaults(ctx),
    setBalance: (fen: number) => setBalance(ctx, fen),
    jobHandlers: jobHandlers(ctx),
  };
}

export type Engine = ReturnType<typeof createEngine>;

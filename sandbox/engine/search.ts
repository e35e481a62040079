/** 余票查询, 经停站 and 车站列表 over the projected timetable and the sold segments. */
import type { z } from 'zod';
import { fenToYuan } from '@/protocol/money';
import { MSG } from '@/protocol/panhe/codes';
import type * as w from '@/protocol/panhe/wire';
import { SLEEPER_NAMES, seatTypeName } from '../format';
import type { Sale } from '../inventory';
import { knownPlace, saleStartOf, searchRuns, stationList, stopsOf, type Run, type SeatFare } from '../network';
import { presaleCheck, tooCloseToDeparture } from '../policy';
import { SandboxError, type Ctx } from './context';
import { leftFor, salesOf } from './seats';

/** One train of a 余票 search: the run, whether it is on sale, and the seats left per class. */
export interface FoundRun {
  run: Run;
  /** On sale now (pre-sale open at the boarding station, not closed before departure). */
  onSale: boolean;
  /** The last pre-sale day is not open yet at the boarding station. */
  beforeSaleStart: boolean;
  saleStart: string;
  seats: { fare: SeatFare; left: number }[];
}

/**
 * 余票查询 over places (station or city names): one query for the sales of all listed runs, counted per
 * class and segment in memory. Each front maps the result to its own wire.
 */
export async function findRuns(ctx: Ctx, fromStation: string, toStation: string, date: string): Promise<FoundRun[]> {
  const at = await ctx.now();
  for (const place of [fromStation, toStation])
    if (!knownPlace(place)) throw new SandboxError(`车站名称无效:${place}`, MSG.BAD_PARAMS);
  const range = presaleCheck(date, fromStation, '00:00', at);
  if (!range.ok) throw new SandboxError(range.msg, MSG.BAD_DATE);
  const runs = searchRuns(fromStation, toStation, date);
  const sales = await salesOf(ctx.sql, [...new Set(runs.map((r) => r.runKey))]);
  const byRun = new Map<string, Sale[]>();
  for (const s of sales) byRun.set(s.run_key, [...(byRun.get(s.run_key) ?? []), s]);
  return runs.map((run) => {
    const runSales = byRun.get(run.runKey) ?? [];
    const saleStart = saleStartOf(run.fromStation);
    const sale = presaleCheck(date, run.fromStation, saleStart, at);
    const onSale = sale.ok && !tooCloseToDeparture(run.departAt, at);
    return {
      run,
      onSale,
      beforeSaleStart: !sale.ok,
      saleStart,
      seats: run.fares.map((fare) => ({
        fare,
        left: onSale ? leftFor(run, fare.seatType, runSales, run.fromIdx, run.toIdx) : 0,
      })),
    };
  });
}

/** 余票查询 (Panhe wire). */
export async function search(ctx: Ctx, req: z.output<typeof w.searchRequest>) {
  const found = await findRuns(ctx, req.fromStation, req.toStation, req.fromDate);
  return {
    trainLines: found.map(({ run, beforeSaleStart, saleStart, seats }) => {
      return {
        trainCode: run.trainCode,
        trainNo: run.trainNo,
        fromStation: run.fromStation,
        toStation: run.toStation,
        fromTime: run.fromTime,
        toTime: run.toTime,
        fromDateTime: run.fromDateTime,
        toDateTime: run.toDateTime,
        arrive_days: String(run.arriveDays),
        runTime: run.runTime,
        trainsType: run.trainsType,
        trainsTypeName: run.trainsTypeName,
        beginStation: run.beginStation,
        beginTime: run.beginTime,
        endStation: run.endStation,
        endTime: run.endTime,
        isSupportChooseSleeper: run.isSupportChooseSleeper,
        isSupportChooseSeat: run.isSupportChooseSeat,
        note: beforeSaleStart ? `${saleStart}起售` : '',
        transferQueryExtraParams: null,
        sequence: 0,
        Seats: seats.map(({ fare: f, left }) => ({
          seatType: f.seatType,
          seatTypeName: seatTypeName(f.seatType),
          ticketPrice: fenToYuan(f.priceFen),
          leftTicketNum: left,
          otherSeats: f.berths
            ? f.berths.map((b) => ({
                sleeperType: b.sleeperType,
                sleeperTypeName: SLEEPER_NAMES[b.sleeperType],
                ticketPrice: fenToYuan(b.priceFen),
              }))
            : null,
        })),
      };
    }),
  };
}

export function stops(req: z.output<typeof w.stopsRequest>) {
  const rows = stopsOf(req.trainNo, req.trainCode, req.fromDate);
  if (!rows) throw new SandboxError('车次号无效', MSG.BAD_TRAIN);
  return rows;
}

export const stations = () => stationList();

/** 余票查询, 经停站 and 车站列表 over the projected timetable and the sold segments. */
import type { z } from 'zod';
import { fenToYuan } from '@/protocol/money';
import { MSG } from '@/protocol/panhe/codes';
import type * as w from '@/protocol/panhe/wire';
import { SLEEPER_NAMES, seatTypeName } from '../format';
import type { Sale } from '../inventory';
import { knownPlace, saleStartOf, searchRuns, stationList, stopsOf } from '../network';
import { presaleCheck, tooCloseToDeparture } from '../policy';
import { SandboxError, type Ctx } from './context';
import { leftFor, salesOf } from './seats';

/** One query for the sales of all listed runs, counted per class and segment in memory. */
export async function search(ctx: Ctx, req: z.output<typeof w.searchRequest>) {
  const at = await ctx.now();
  for (const place of [req.fromStation, req.toStation])
    if (!knownPlace(place)) throw new SandboxError(`车站名称无效:${place}`, MSG.BAD_PARAMS);
  const range = presaleCheck(req.fromDate, req.fromStation, '00:00', at);
  if (!range.ok) throw new SandboxError(range.msg, MSG.BAD_DATE);
  const runs = searchRuns(req.fromStation, req.toStation, req.fromDate);
  const sales = await salesOf(ctx.sql, [...new Set(runs.map((r) => r.runKey))]);
  const byRun = new Map<string, Sale[]>();
  for (const s of sales) byRun.set(s.run_key, [...(byRun.get(s.run_key) ?? []), s]);
  return {
    trainLines: runs.map((run) => {
      const runSales = byRun.get(run.runKey) ?? [];
      const sale = presaleCheck(req.fromDate, run.fromStation, saleStartOf(run.fromStation), at);
      const onSale = sale.ok && !tooCloseToDeparture(run.departAt, at);
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
        note: sale.ok ? '' : `${saleStartOf(run.fromStation)}起售`,
        transferQueryExtraParams: null,
        sequence: 0,
        Seats: run.fares.map((f) => ({
          seatType: f.seatType,
          seatTypeName: seatTypeName(f.seatType),
          ticketPrice: fenToYuan(f.priceFen),
          leftTicketNum: onSale ? leftFor(run, f.seatType, runSales, run.fromIdx, run.toIdx) : 0,
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

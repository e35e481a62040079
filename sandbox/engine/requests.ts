/** Checks shared by 创单 and 申请改签: the train run asked for, and the 选座/选铺 strings. */
import { parseChooseSeats, parseChooseSleeper } from '@/protocol/panhe/seats';
import { MSG } from '@/protocol/panhe/codes';
import { parseWireTime, seatTypeName, wireTime } from '../format';
import { findRun, saleStartOf, seatedClasses, type Run } from '../network';
import { presaleCheck, tooCloseToDeparture } from '../policy';
import { SandboxError } from './context';
import type { LegRow } from './rows';

/** Resolves the run of a request: the train must call at both stations, boarding at that minute. */
export function requireRun(
  r: { trainCode: string; fromStation: string; toStation: string; fromDateTime: string },
  at: Date,
  dateError: number,
): Run {
  const date = r.fromDateTime.slice(0, 10);
  const sale = presaleCheck(date, r.fromStation, saleStartOf(r.fromStation), at);
  if (!sale.ok) throw new SandboxError(sale.msg, dateError);
  const run = findRun(r.trainCode, r.fromStation, r.toStation, date);
  if (!run)
    throw new SandboxError(
      `车次号无效:${r.trainCode}次列车${date}不在${r.fromStation}上车或不经停${r.toStation}`,
      MSG.BAD_TRAIN,
    );
  if (wireTime(run.departAt) !== wireTime(parseWireTime(r.fromDateTime)))
    throw new SandboxError(
      `车次号无效:${r.trainCode}次列车${wireTime(run.departAt)}从${r.fromStation}出发,与fromDateTime不符`,
      MSG.BAD_TRAIN,
    );
  if (tooCloseToDeparture(run.departAt, at)) throw new SandboxError('距离发车时间太近,无法执行此操作', MSG.TOO_CLOSE);
  return run;
}

export function checkPreferences(
  run: Run,
  seatType: number,
  count: number,
  chooseSeats: string | null,
  chooseSleeper: string | null,
) {
  if (seatType === 98) throw new SandboxError('无法指定购买无座票:请选择最低席别并接受无座', MSG.BAD_SEAT);
  if (!seatedClasses(run.trainCode).includes(seatType))
    throw new SandboxError(`坐席无效:${run.trainCode}次列车没有${seatTypeName(seatType)}`, MSG.BAD_SEAT);
  if (chooseSeats && run.isSupportChooseSeat) {
    const r = parseChooseSeats(chooseSeats, seatType, count);
    if (!r.ok) throw new SandboxError(`选座信息无效:${r.error}`, MSG.BAD_PARAMS);
  }
  if (chooseSleeper) {
    const r = parseChooseSleeper(chooseSleeper, seatType, count);
    if (!r.ok) throw new SandboxError(`选铺信息无效:${r.error}`, MSG.BAD_PARAMS);
  }
}

/** "000" (no berth wish) is the same as none. */
export const sleeperPref = (s: string | null | undefined) => (s && s !== '000' ? s : null);

/** The leg columns (LegRow) of a new order or change order: the run found and the seat wishes asked for. */
export function legRow(
  run: Run,
  seatType: number,
  chooseSeats: string | null,
  chooseSleeper: string | null,
  acceptStanding: boolean | null | undefined,
): LegRow {
  return {
    train_code: run.trainCode,
    train_no: run.trainNo,
    run_key: run.runKey,
    from_idx: run.fromIdx,
    to_idx: run.toIdx,
    from_station: run.fromStation,
    to_station: run.toStation,
    depart_at: run.departAt,
    arrive_at: run.arriveAt,
    seat_type: seatType,
    choose_seats: chooseSeats,
    choose_sleeper: chooseSleeper,
    accept_standing: acceptStanding ?? false,
  };
}

/**
 * Which stations a 改签 may go to (pure; the station → city lookup is passed in). What the documents
 * state, and nothing more:
 *
 * - panhe-train-api.md l.158-159 (申请改签): fromStation / toStation are "改签后的出发/到达火车站名称",
 *   so a change names its own stations; the 订单详情 example (l.291) changes 苏州北→昆山南 (G7199) to
 *   K289 苏州→昆山 (issued) and to G3163 苏州→昆山南: another station of the same cities is a 改签.
 * - DOMAIN_NOTES.md l.58: "变更到站 (change destination) up to 48 h before departure (verify)" —
 *   rules table `changeDestinationHoursBefore` (the original ticket's departure counts).
 * - panhe-train-api.md l.153: "一张火车票只能成功改签一次" — rules table `changesPerTicket`; a 变更到站
 *   goes through the same 申请改签 call, so it is that one change (12306's rule: 变更到站 is handled as a
 *   改签, source DOMAIN_NOTES l.56-58).
 *
 * The documents say nothing about the departure station beyond the example, so the departure stays
 * in the original departure's city (rules table `changeStations`: the example's reading; a departure
 * from another city is a new journey — refund and buy again). Nothing else is stated about 变更到站
 * (no fare rule, no date limit of its own), so nothing else is enforced here. "City" is the city
 * column of 12306's station list (data/railway/station.csv, the prefecture: 昆山南 and 苏州北 both
 * belong to 苏州).
 */
import { ruleAt } from './rules';

export type ChangeStationsKind = 'same' | 'sameCity' | 'destination';

export type ChangeStationsVerdict =
  | { ok: true; kind: ChangeStationsKind }
  | { ok: false; field: 'fromStation' | 'toStation' | 'ticketIds'; status: 'validation' | 'conflict'; message: string };

export interface ChangeStationsInput {
  original: { fromStation: string; toStation: string; departureAt: Date };
  next: { fromStation: string; toStation: string };
  /** The city of a station name (null: not a station we know). */
  cityOf: (station: string) => string | null;
  /** Successful changes the chosen tickets already had (the most of any of them). */
  changesDone?: number;
  now?: Date;
}

const HOUR_MS = 3_600_000;

/** Whether 变更到站 (an arrival in another city) is still allowed at `now` for a train leaving at `departureAt`. */
export function destinationChangeAllowed(departureAt: Date, now: Date = new Date()): boolean {
  return departureAt.getTime() - now.getTime() >= ruleAt('changeDestinationHoursBefore', now) * HOUR_MS;
}

/** Until when 变更到站 is allowed (the original departure less `changeDestinationHoursBefore`). */
export function destinationChangeDeadline(departureAt: Date, now: Date = new Date()): Date {
  return new Date(departureAt.getTime() - ruleAt('changeDestinationHoursBefore', now) * HOUR_MS);
}

/** The words for a ticket that has had its one change (changesPerTicket). */
export function changesLeftRefusal(changesDone: number, now: Date = new Date()): string | null {
  const max = ruleAt('changesPerTicket', now);
  return changesDone >= max
    ? `每张车票只能成功改签 ${max} 次（变更到站也算一次改签）；这张车票已经改签过，只能乘车或退票。`
    : null;
}

export function changeStationsVerdict(i: ChangeStationsInput): ChangeStationsVerdict {
  const now = i.now ?? new Date();
  const used = changesLeftRefusal(i.changesDone ?? 0, now);
  if (used) return { ok: false, field: 'ticketIds', status: 'conflict', message: used };
  const { original, next } = i;
  const fromCity = i.cityOf(original.fromStation) ?? original.fromStation;
  const toCity = i.cityOf(original.toStation) ?? original.toStation;
  const nextFromCity = i.cityOf(next.fromStation);
  const nextToCity = i.cityOf(next.toStation);
  if (!nextFromCity)
    return { ok: false, field: 'fromStation', status: 'validation', message: `没有名为“${next.fromStation}”的车站。` };
  if (!nextToCity)
    return { ok: false, field: 'toStation', status: 'validation', message: `没有名为“${next.toStation}”的车站。` };
  if (nextFromCity !== fromCity)
    return {
      ok: false,
      field: 'fromStation',
      status: 'validation',
      message: `改签只能从原出发城市（${fromCity}）的车站出发；${next.fromStation}属于${nextFromCity}。要从其他城市出发，请退票后重新购票。`,
    };
  if (next.fromStation === next.toStation)
    return { ok: false, field: 'toStation', status: 'validation', message: '出发站和到达站不能相同。' };
  if (nextToCity === toCity)
    return {
      ok: true,
      kind: next.fromStation === original.fromStation && next.toStation === original.toStation ? 'same' : 'sameCity',
    };
  if (!destinationChangeAllowed(original.departureAt, now)) {
    const hours = ruleAt('changeDestinationHoursBefore', now);
    return {
      ok: false,
      field: 'toStation',
      status: 'conflict',
      message: `变更到站（改到其他城市的${next.toStation}）须在原车次开车前 ${hours} 小时以上办理，现在已不足 ${hours} 小时；可以改签到${toCity}的其他车站，或退票后重新购票。`,
    };
  }
  return { ok: true, kind: 'destination' };
}

/**
 * A trip of two legs booked as one (issue 30: 中转 journeys and round trips): its state machine, how
 * its one payment is split over the legs' orders, and the connection between the legs. Pure.
 *
 * States (the trip's own; each leg keeps its order machine, lib/domain/states.ts):
 *   holding 占座中 → held 待支付 (both legs held) | failed 占座失败 (a leg's hold failed: the other is
 *   cancelled, nothing charged) | cancelled 已取消 (cancelled or not paid in time, before payment);
 *   held → paid 已支付 (the one payment verified) | cancelled | failed;
 *   paid → issued 已出票 (both legs) | partial 部分出票 (one leg issued, the other refused and refunded) |
 *   issue_failed 出票失败 (neither; all money back). issued, partial, issue_failed, failed, cancelled are final.
 */
import { minConnectionMinutes } from './transfers';

export const TRIP_STATUS = {
  HOLDING: 'holding',
  HELD: 'held',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  PAID: 'paid',
  ISSUED: 'issued',
  PARTIAL: 'partial',
  ISSUE_FAILED: 'issue_failed',
} as const;
export type TripStatus = (typeof TRIP_STATUS)[keyof typeof TRIP_STATUS];

export const TRIP_STATUS_LABELS: Readonly<Record<TripStatus, string>> = {
  holding: '占座中',
  held: '待支付',
  failed: '占座失败',
  cancelled: '已取消',
  paid: '已支付，出票中',
  issued: '已出票',
  partial: '部分出票',
  issue_failed: '出票失败',
};

export const tripStatusLabel = (s: string): string => TRIP_STATUS_LABELS[s as TripStatus] ?? `未知状态 ${s}`;

const S = TRIP_STATUS;
export const TRIP_TRANSITIONS: Readonly<Record<TripStatus, readonly TripStatus[]>> = {
  holding: [S.HELD, S.FAILED, S.CANCELLED],
  held: [S.PAID, S.CANCELLED, S.FAILED],
  failed: [],
  cancelled: [],
  paid: [S.ISSUED, S.PARTIAL, S.ISSUE_FAILED],
  issued: [],
  partial: [],
  issue_failed: [],
};

export function canTripTransition(from: string, to: string): boolean {
  return (
    Object.hasOwn(TRIP_TRANSITIONS, from) && (TRIP_TRANSITIONS[from as TripStatus]?.includes(to as TripStatus) ?? false)
  );
}

export const isTripFinal = (s: string): boolean =>
  Object.hasOwn(TRIP_TRANSITIONS, s) && TRIP_TRANSITIONS[s as TripStatus].length === 0;

export type TripKind = 'transfer' | 'round';
export const TRIP_KIND_LABELS: Readonly<Record<TripKind, string>> = { transfer: '中转联程', round: '往返' };

/** What a leg's order looks like to the trip (order status codes 1 2 3 5 7 8 9, payment status). */
export interface LegState {
  status: number;
  paymentStatus: string;
  failureReason?: string | null;
}

/** The trip state its legs imply from where it is, or null when it stays. Pure; the tests walk it. */
export function nextTripStatus(current: string, legs: readonly LegState[]): TripStatus | null {
  const ended = (l: LegState) => l.status === 3 || l.status === 5; // 占位失败, 已取消
  const holdFailed = legs.some((l) => l.status === 3);
  if (current === S.HOLDING || current === S.HELD) {
    if (holdFailed) return S.FAILED;
    if (legs.some(ended)) return S.CANCELLED;
    if (current === S.HOLDING && legs.every((l) => l.status === 2)) return S.HELD;
    return null;
  }
  if (current === S.PAID) {
    const final = (l: LegState) => [3, 5, 8, 9].includes(l.status);
    if (!legs.every(final)) return null;
    const issued = legs.filter((l) => l.status === 8).length;
    if (issued === legs.length) return S.ISSUED;
    return issued > 0 ? S.PARTIAL : S.ISSUE_FAILED;
  }
  return null;
}

/**
 * The one payment split over the legs: each leg's own total when they add up to the amount paid
 * (always, for a payment started when both legs were held); otherwise in proportion (largest
 * remainder), every fen of the amount in exactly one share. A leg whose order no longer wants its
 * share pays it back through the order's own refund path.
 */
export function splitTripPayment(amountFen: number, legTotals: readonly number[]): number[] {
  if (!Number.isInteger(amountFen) || amountFen < 0) throw new Error(`bad amount ${amountFen}`);
  if (!legTotals.length) throw new Error('a trip has legs');
  const sum = legTotals.reduce((a, b) => a + b, 0);
  if (sum === amountFen) return [...legTotals];
  if (sum <= 0) {
    const even = Math.floor(amountFen / legTotals.length);
    return legTotals.map((_, i) => (i === legTotals.length - 1 ? amountFen - even * (legTotals.length - 1) : even));
  }
  const exact = legTotals.map((t) => (amountFen * t) / sum);
  const shares = exact.map(Math.floor);
  let left = amountFen - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i]! += 1;
    left--;
  }
  return shares;
}

/** The earlier of the legs' pay-by times (the trip must be paid before the first hold lapses). */
export function tripPayLimit(limits: readonly (Date | null)[]): Date | null {
  const known = limits.filter((d): d is Date => !!d);
  if (known.length !== limits.length || !known.length) return null;
  return new Date(Math.min(...known.map((d) => d.getTime())));
}

/** The connection between two legs, for the trip page and the booking form. */
export interface Connection {
  /** Minutes from leg 1's arrival to leg 2's departure. */
  minutes: number;
  sameStation: boolean;
  /** 同站换乘 / 同城换乘（上海 → 上海虹桥）. */
  text: string;
}

export function connectionOf(
  leg1: { toStation: string; arrivalAt: Date },
  leg2: { fromStation: string; departureAt: Date },
): Connection {
  const minutes = Math.round((leg2.departureAt.getTime() - leg1.arrivalAt.getTime()) / 60_000);
  const sameStation = leg1.toStation === leg2.fromStation;
  const wait = minutes >= 60 ? `${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分` : `${minutes} 分钟`;
  const text = sameStation
    ? `${leg1.toStation} 同站换乘，间隔 ${wait}`
    : `同城换乘：${leg1.toStation} → ${leg2.fromStation}，间隔 ${wait}（需自行前往另一车站）`;
  return { minutes, sameStation, text };
}

/**
 * Whether two legs can be booked together, in plain words when not: leg 2 must leave after leg 1
 * arrives (a 中转 also from the station leg 1 arrives at, or one in the same city, with the least
 * connection time of the transfer search's rules: lib/domain/transfers.ts minConnectionMinutes, so a
 * hand-made link cannot book a change the search would not offer).
 */
export function legsProblem(
  kind: TripKind,
  leg1: { trainCode: string; toStation: string; arrivalAt: Date },
  leg2: { trainCode: string; fromStation: string; departureAt: Date },
  sameCity: boolean,
): string | null {
  const gap = (leg2.departureAt.getTime() - leg1.arrivalAt.getTime()) / 60_000;
  if (kind === 'transfer') {
    const sameStation = leg1.toStation === leg2.fromStation;
    if (!sameStation && !sameCity)
      return `第二程应从 ${leg1.toStation}（或同城车站）出发，所选为 ${leg2.fromStation}。`;
    const least = minConnectionMinutes(
      {
        arriving: leg1.trainCode,
        departing: leg2.trainCode,
        arriveStation: leg1.toStation,
        departStation: leg2.fromStation,
      },
      leg1.arrivalAt,
    );
    if (gap < least)
      return `换乘时间不足：第一程到达后 ${Math.max(0, Math.round(gap))} 分钟第二程即出发，${sameStation ? '同站' : '跨站'}换乘至少需要 ${least} 分钟。`;
    return null;
  }
  if (gap < 0) return '返程须在去程到达之后出发。';
  return null;
}

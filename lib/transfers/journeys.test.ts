import { describe, expect, it } from 'vitest';
import type { TrainOffer } from '@/lib/search/types';
import { assembleJourneys, transferBookHref } from './journeys';

const DAY = '2026-12-10';
const at = (hhmm: string, day = 10) => new Date(`2026-12-${day}T${hhmm}:00+08:00`);
const CITY: Record<string, string> = { 北京南: '北京', 徐州东: '徐州', 徐州: '徐州', 济南西: '济南', 汉中: '汉中' };
const cityOf = (s: string) => CITY[s] ?? null;

function offer(
  trainCode: string,
  from: string,
  to: string,
  dep: string,
  arr: string,
  seats: [price: number, left: number][] = [[50_00, 10]],
): TrainOffer {
  const departAt = at(dep);
  const arriveAt = arr < dep ? at(arr, 11) : at(arr);
  return {
    provider: 'panhe',
    trainCode,
    trainNo: `no-${trainCode}`,
    trainClass: 'G',
    fromStation: from,
    toStation: to,
    departAt,
    arriveAt,
    fromTime: dep,
    toTime: arr,
    arriveDays: arr < dep ? 1 : 0,
    runMinutes: (arriveAt.getTime() - departAt.getTime()) / 60_000,
    beginStation: from,
    endStation: to,
    canChooseSeats: true,
    canChooseSleeper: false,
    saleTime: null,
    seats: seats.map(([priceFen, left], i) => ({ seatType: i + 1, name: `席${i}`, priceFen, left, berths: [] })),
  };
}
const opts = (o: Partial<Parameters<typeof assembleJourneys>[1]> = {}) => ({
  fastestDirectMinutes: null,
  day: DAY,
  cityOf,
  limit: 20,
  ...o,
});

describe('assembleJourneys', () => {
  it('pairs legs the rules accept, with the connection, total time, lowest total fare and link', () => {
    const g1 = offer('G1', '北京南', '徐州东', '08:00', '11:00', [
      [300_00, 5],
      [200_00, 0],
    ]);
    const g7 = offer('G7', '徐州东', '汉中', '11:20', '17:00', [[400_00, 3]]);
    const tooSoon = offer('G9', '徐州东', '汉中', '11:19', '16:00');
    const [j, ...rest] = assembleJourneys([{ firsts: [g1], seconds: [g7, tooSoon] }], opts());
    expect(rest).toEqual([]);
    expect(j).toMatchObject({
      connection: { kind: 'sameStation', station: '徐州东', toStation: '徐州东', waitMinutes: 20, minMinutes: 20 },
      totalMinutes: 540,
      // The cheapest class with seats on each leg (the ¥200 class of G1 is sold out).
      priceFen: 700_00,
      available: true,
    });
    expect(j!.legs.map((l) => [l.trainCode, l.lowestFen, l.seatsLeft, l.date])).toEqual([
      ['G1', 300_00, 5, DAY],
      ['G7', 400_00, 3, DAY],
    ]);
    expect(j!.bookHref).toBe(
      transferBookHref([
        { provider: 'panhe', trainCode: 'G1', fromStation: '北京南', toStation: '徐州东', date: DAY },
        { provider: 'panhe', trainCode: 'G7', fromStation: '徐州东', toStation: '汉中', date: DAY },
      ]),
    );
  });

  it('ranks journeys with seats first, then by arrival, total time and price; each train once', () => {
    const a = offer('G1', '北京南', '徐州东', '08:00', '11:00');
    const b = offer('G3', '北京南', '徐州东', '09:00', '11:30');
    const early = offer('G7', '徐州东', '汉中', '12:00', '17:00');
    const late = offer('G9', '徐州东', '汉中', '13:00', '18:00');
    const soldOut = offer('G5', '徐州东', '汉中', '11:40', '15:00', [[100_00, 0]]);
    const out = assembleJourneys([{ firsts: [a, b], seconds: [early, late, soldOut] }], opts());
    // G3 → G7 arrives 17:00 like G1 → G7 but is shorter: it wins G7; G1 then takes G9; the sold-out G5
    // (arriving first) comes after the journeys with seats, its first leg already used.
    expect(out.map((j) => `${j.legs[0].trainCode}>${j.legs[1].trainCode}`)).toEqual(['G3>G7', 'G1>G9']);
    expect(out.map((j) => j.available)).toEqual([true, true]);
    const onlySoldOut = assembleJourneys([{ firsts: [a], seconds: [soldOut] }], opts());
    expect(onlySoldOut).toMatchObject([{ available: false, priceFen: null }]);
  });

  it('changes between stations of one city only with the cross-city time, never to another city', () => {
    const a = offer('G1', '北京南', '徐州东', '08:00', '11:00');
    const fromCity = offer('K5', '徐州', '汉中', '12:10', '23:00');
    const tooSoon = offer('K7', '徐州', '汉中', '12:09', '22:00');
    const otherCity = offer('G9', '济南西', '汉中', '13:00', '20:00');
    const out = assembleJourneys([{ firsts: [a], seconds: [fromCity, tooSoon, otherCity] }], opts());
    expect(out).toHaveLength(1);
    expect(out[0]!.connection).toEqual({
      kind: 'sameCity',
      station: '徐州东',
      toStation: '徐州',
      waitMinutes: 70,
      minMinutes: 70,
    });
  });

  it('drops journeys over twice the fastest direct train (or the fastest transfer) and keeps the limit', () => {
    const a = offer('G1', '北京南', '徐州东', '08:00', '11:00');
    const fast = offer('G7', '徐州东', '汉中', '11:30', '13:00'); // 300 min in all
    const slow = offer('K9', '徐州东', '汉中', '12:00', '22:00'); // 840 min
    const b = offer('G3', '北京南', '徐州东', '07:00', '10:00');
    expect(assembleJourneys([{ firsts: [a], seconds: [fast, slow] }], opts()).map((j) => j.totalMinutes)).toEqual([
      300,
    ]);
    const both = assembleJourneys([{ firsts: [a, b], seconds: [fast, slow] }], opts());
    // Without the cap G3 would take K9 (900 min > 2 × 300).
    expect(both.map((j) => j.totalMinutes)).toEqual([300]);
    expect(
      assembleJourneys([{ firsts: [a, b], seconds: [fast, slow] }], opts({ fastestDirectMinutes: 450 })).map(
        (j) => j.totalMinutes,
      ),
    ).toEqual([300, 900]);
    expect(
      assembleJourneys([{ firsts: [a, b], seconds: [fast, slow] }], opts({ fastestDirectMinutes: 450, limit: 1 })),
    ).toHaveLength(1);
  });
});

describe('transferBookHref', () => {
  it('is the shape the trip booking reads, each leg URL-encoded', () => {
    const href = transferBookHref([
      { provider: 'panhe', trainCode: 'G1', fromStation: '北京南', toStation: '徐州东', date: DAY },
      { provider: 'juhe', trainCode: 'K5', fromStation: '徐州', toStation: '汉中', date: '2026-12-11' },
    ]);
    expect(href).toBe(
      `/trips/new?kind=transfer&leg1=${encodeURIComponent(`panhe:G1:北京南:徐州东:${DAY}`)}` +
        `&leg2=${encodeURIComponent('juhe:K5:徐州:汉中:2026-12-11')}`,
    );
    const q = new URL(href, 'http://x').searchParams;
    expect(q.get('leg2')).toBe('juhe:K5:徐州:汉中:2026-12-11');
  });
});

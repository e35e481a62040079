import { describe, expect, it } from 'vitest';
import { applyFilters, filterSchema } from './filters';
import type { TrainOffer } from './types';

function train(
  code: string,
  fromTime: string,
  runMinutes: number,
  priceFen: number,
  fromStation = '北京南',
): TrainOffer {
  const departAt = new Date(`2026-11-25T${fromTime}:00+08:00`);
  return {
    provider: 'panhe',
    trainCode: code,
    trainNo: code,
    trainClass: code[0] === 'G' ? 'G' : code[0] === 'K' ? 'K' : 'D',
    fromStation,
    toStation: '上海虹桥',
    departAt,
    arriveAt: new Date(departAt.getTime() + runMinutes * 60_000),
    fromTime,
    toTime: '00:00',
    arriveDays: 0,
    runMinutes,
    beginStation: null,
    endStation: null,
    canChooseSeats: true,
    canChooseSleeper: false,
    saleTime: null,
    seats: [
      { seatType: 4, name: '二等座', priceFen, left: 10, berths: [] },
      { seatType: 98, name: '无座', priceFen: 1, left: 10, berths: [] },
    ],
  };
}

const trains = [
  train('G1', '07:00', 269, 60_000),
  train('K101', '05:30', 900, 15_000, '北京'),
  train('D5', '13:00', 400, 40_000),
];

describe('results filters', () => {
  it('parses the URL tolerantly: unknown values are dropped, bad sort falls back', () => {
    expect(filterSchema.parse({ types: 'G,X,K', dep: '06-12,99-99', sort: 'nope' })).toEqual({
      types: ['G', 'K'],
      dep: ['06-12'],
      fromSt: [],
      toSt: [],
      sort: 'departure',
    });
  });

  it('filters by class, departure window and station', () => {
    const f = filterSchema.parse({ types: 'G,D', dep: '06-12' });
    expect(applyFilters(trains, f).map((t) => t.trainCode)).toEqual(['G1']);
    expect(applyFilters(trains, filterSchema.parse({ fromSt: '北京' })).map((t) => t.trainCode)).toEqual(['K101']);
  });

  it('sorts by departure, duration or lowest seated price (无座 ignored)', () => {
    expect(applyFilters(trains, filterSchema.parse({})).map((t) => t.trainCode)).toEqual(['K101', 'G1', 'D5']);
    expect(applyFilters(trains, filterSchema.parse({ sort: 'duration' })).map((t) => t.trainCode)).toEqual([
      'G1',
      'D5',
      'K101',
    ]);
    expect(applyFilters(trains, filterSchema.parse({ sort: 'price' })).map((t) => t.trainCode)).toEqual([
      'K101',
      'D5',
      'G1',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { candidateHubs, placeOf, stationsOfPlace } from './candidates';
import { buildIndex, type IndexedTrain } from './index-store';

const CITY: Record<string, string> = {
  北京南: '北京',
  北京西: '北京',
  徐州东: '徐州',
  徐州: '徐州',
  济南西: '济南',
  汉中: '汉中',
  汉口: '武汉',
  武汉: '武汉',
  宝鸡: '宝鸡',
};
const dir = {
  cityOf: (s: string) => CITY[s] ?? null,
  stationsOfCity: (c: string) => Object.keys(CITY).filter((s) => CITY[s] === c),
};
const hm = (s: string, day = 0) => {
  const [h, m] = s.split(':').map(Number) as [number, number];
  return day * 1440 + h * 60 + m;
};
/** A train from [station, arrive, depart] rows (times "HH:mm" with an optional +day). */
function train(trainCode: string, rows: [string, string | null, string | null][]): IndexedTrain {
  const at = (v: string | null) => {
    if (!v) return null;
    const [time, day] = v.split('+');
    return hm(time!, Number(day ?? 0));
  };
  return {
    trainNo: `no-${trainCode}`,
    trainCode,
    stops: rows.map(([station, a, d]) => ({ station, city: CITY[station] ?? station, arrive: at(a), depart: at(d) })),
  };
}

const Q = { fromStations: ['北京南'], toStations: ['汉中'], fromCity: '北京', toCity: '汉中' };

describe('candidateHubs', () => {
  it('finds the place both sides share, scored by running times and the shortest allowed wait', () => {
    const index = buildIndex([
      train('G1', [
        ['北京南', null, '08:00'],
        ['济南西', '09:30', '09:32'],
        ['徐州东', '11:00', null],
      ]),
      train('G7', [
        ['徐州东', null, '11:20'],
        ['汉中', '17:00', null],
      ]),
    ]);
    const [hub] = candidateHubs(index, Q, { limit: 5, at: '2026-12-10' });
    // 08:00 → 11:00, 20 min at 徐州东 (EMU to EMU), 11:20 → 17:00.
    expect(hub).toMatchObject({ place: '徐州', city: '徐州', estimateMinutes: 540 });
    expect(hub!.via).toEqual({ first: 'G1', second: 'G7', arriveStation: '徐州东', departStation: '徐州东' });
  });

  it('lets a connection a minute too short wait for the next day, then drops it past the maximum wait', () => {
    const index = buildIndex([
      train('G1', [
        ['北京南', null, '08:00'],
        ['徐州东', '11:00', null],
      ]),
      train('G7', [
        ['徐州东', null, '11:19'],
        ['汉中', '17:00', null],
      ]),
    ]);
    expect(candidateHubs(index, Q, { limit: 5, at: '2026-12-10' })).toEqual([]);
  });

  it('uses another station of the city with the cross-city time, and never the origin’s or destination’s city', () => {
    const index = buildIndex([
      train('G1', [
        ['北京南', null, '08:00'],
        ['徐州东', '11:00', null],
      ]),
      train('K5', [
        ['北京西', null, '07:00'],
        ['徐州', '13:00', '13:30'],
        ['汉中', '23:00', null],
      ]),
    ]);
    const [hub] = candidateHubs(index, Q, { limit: 5, at: '2026-12-10' });
    // 08:00 → 11:00 at 徐州东, 70 min across 徐州 (rule pair) fits before 13:30; K5 runs 13:30 → 23:00.
    expect(hub).toMatchObject({ place: '徐州', estimateMinutes: 900 });
    expect(hub!.via).toMatchObject({ arriveStation: '徐州东', departStation: '徐州' });
    expect(candidateHubs(index, Q, { limit: 5, at: '2026-12-10' }).map((h) => h.city)).not.toContain('北京');
  });

  it('ranks places by estimate and keeps the limit', () => {
    const index = buildIndex([
      train('G1', [
        ['北京南', null, '08:00'],
        ['济南西', '09:30', '09:32'],
        ['徐州东', '11:00', null],
      ]),
      train('G9', [
        ['济南西', null, '10:00'],
        ['汉中', '20:00', null],
      ]),
      train('G7', [
        ['徐州东', null, '11:30'],
        ['汉中', '17:00', null],
      ]),
    ]);
    expect(candidateHubs(index, Q, { limit: 5, at: '2026-12-10' }).map((h) => [h.place, h.estimateMinutes])).toEqual([
      ['徐州', 540],
      ['济南', 720],
    ]);
    expect(candidateHubs(index, Q, { limit: 1, at: '2026-12-10' }).map((h) => h.place)).toEqual(['徐州']);
  });

  it('asks for a station by its own name when it is not named after its city (汉口 in 武汉)', () => {
    expect(placeOf('汉口', '武汉')).toBe('汉口');
    expect(placeOf('徐州东', '徐州')).toBe('徐州');
  });
});

describe('stationsOfPlace', () => {
  it('reads a city as its stations named after it, a station as itself', () => {
    expect(stationsOfPlace('徐州', dir).sort()).toEqual(['徐州', '徐州东']);
    expect(stationsOfPlace('北京南', dir)).toEqual(['北京南']);
    expect(stationsOfPlace('武汉', dir).sort()).toEqual(['武汉']);
    expect(stationsOfPlace('不存在', dir)).toEqual(['不存在']);
  });
});

import { describe, expect, it } from 'vitest';
import { supportsChooseSeat, trainClass, trainsTypeOf } from './classes';
import { loadCoordinates } from './data';
import { haversineKm, makeHopDistance, TRACK_FACTOR, TYPICAL_SPEED_KMH } from './distance';

const line = (name: string, entries: [string, number][]) => ({ name, km: new Map(entries) });

describe('hop distances', () => {
  const coords = new Map([
    ['A', { lon: 116, lat: 39 }],
    ['B', { lon: 117, lat: 39 }],
    ['C', { lon: 118, lat: 39 }],
  ]);
  const ab = haversineKm(coords.get('A')!, coords.get('B')!);

  it('prefer line mileage, the smallest plausible one when stations share several lines', () => {
    const hop = makeHopDistance(
      [
        line('x', [
          ['A', 0],
          ['B', 100],
        ]),
        line('y', [
          ['A', 10],
          ['B', 105],
        ]),
        line('loop', [
          ['A', 0],
          ['B', 900],
        ]),
      ],
      coords,
    );
    expect(hop('A', 'B', 30, 'G')).toEqual({ km: 95, source: 'line' });
    expect(hop('B', 'A', 30, 'G')).toEqual({ km: 95, source: 'line' });
  });
  it('ignore implausible line differences (shorter than the straight line, or a far loop)', () => {
    const hop = makeHopDistance(
      [
        line('bad', [
          ['A', 0],
          ['B', 10],
        ]),
      ],
      coords,
    );
    expect(hop('A', 'B', 30, 'G')).toEqual({ km: ab * TRACK_FACTOR, source: 'coordinates' });
  });
  it('fall back to great-circle × 1.2, then to running time × class speed', () => {
    const hop = makeHopDistance([], coords);
    expect(hop('A', 'C', 30, 'K').source).toBe('coordinates');
    expect(hop('A', 'X', 90, 'K')).toEqual({ km: 1.5 * TYPICAL_SPEED_KMH.K, source: 'time' });
    expect(hop('X', 'Y', 60, 'G')).toEqual({ km: TYPICAL_SPEED_KMH.G, source: 'time' });
    expect(hop('A', 'A', 5, 'G').km).toBe(0);
  });
  it('match the README: 北京南-上海虹桥 about 1,062 km in a straight line', () => {
    const c = loadCoordinates();
    expect(haversineKm(c.get('北京南')!, c.get('上海虹桥')!)).toBeGreaterThan(1040);
    expect(haversineKm(c.get('北京南')!, c.get('上海虹桥')!)).toBeLessThan(1085);
  });
});

describe('train classes', () => {
  it.each([
    ['G1', 'G', 1, '高铁', true],
    ['C2001', 'C', 1, '高铁', true],
    ['D5', 'D', 2, '动车', true],
    ['Z1', 'Z', 3, '直达', false],
    ['T109', 'T', 4, '特快', false],
    ['K289', 'K', 5, '快速', false],
    ['4471', 'other', 6, '其他', false],
    ['Y1', 'other', 6, '其他', false],
    ['S1', 'other', 6, '其他', false],
  ])('%s → %s, trainsType %d %s, 选座 %s', (code, cls, type, name, choose) => {
    expect(trainClass(code)).toBe(cls);
    expect(trainsTypeOf(code)).toEqual({ trainsType: type, trainsTypeName: name });
    expect(supportsChooseSeat(code)).toBe(choose);
  });
});

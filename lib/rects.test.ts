import { describe, expect, it } from 'vitest';
import { intersect, overlappingPairs, overlaps } from './rects';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('intersect', () => {
  it('answers the shared rectangle, whichever box comes first', () => {
    expect(intersect(box(0, 0, 10, 10), box(5, 6, 10, 10))).toEqual(box(5, 6, 5, 4));
    expect(intersect(box(5, 6, 10, 10), box(0, 0, 10, 10))).toEqual(box(5, 6, 5, 4));
  });
  it('answers a box inside another as itself', () => {
    expect(intersect(box(0, 0, 100, 100), box(10, 20, 5, 5))).toEqual(box(10, 20, 5, 5));
  });
  it('is null for boxes apart or only touching at an edge or a corner', () => {
    expect(intersect(box(0, 0, 10, 10), box(20, 0, 10, 10))).toBeNull();
    expect(intersect(box(0, 0, 10, 10), box(10, 0, 10, 10))).toBeNull();
    expect(intersect(box(0, 0, 10, 10), box(0, 10, 10, 10))).toBeNull();
    expect(intersect(box(0, 0, 10, 10), box(10, 10, 10, 10))).toBeNull();
  });
});

describe('overlaps (more than 1 px both ways)', () => {
  it('a radio under a seat overlaps', () => {
    expect(overlaps(box(100, 200, 16, 16), box(96, 190, 36, 40))).toBe(true);
  });
  it('a 1 px sliver (rounding, a shared border) does not; 1.5 px does', () => {
    expect(overlaps(box(0, 0, 10, 10), box(9, 0, 10, 10))).toBe(false);
    expect(overlaps(box(0, 0, 10, 10), box(8.5, 0, 10, 10))).toBe(true);
    // Wide but only 1 px high: still a sliver.
    expect(overlaps(box(0, 0, 100, 10), box(0, 9, 100, 10))).toBe(false);
  });
  it('takes another tolerance', () => {
    expect(overlaps(box(0, 0, 10, 10), box(7, 0, 10, 10), 3)).toBe(false);
    expect(overlaps(box(0, 0, 10, 10), box(7, 0, 10, 10), 0)).toBe(true);
  });
});

describe('overlappingPairs', () => {
  it('lists each overlapping pair once, by label', () => {
    const pairs = overlappingPairs([
      { label: 'G1 二等座', ...box(0, 0, 200, 20) },
      { label: '1A', ...box(0, 10, 36, 40) },
      { label: '1B', ...box(40, 10, 36, 40) },
      { label: '申请改签', ...box(0, 300, 100, 40) },
    ]);
    expect(pairs.map(([a, b]) => `${a.label}|${b.label}`)).toEqual(['G1 二等座|1A', 'G1 二等座|1B']);
  });
  it('leaves out a control nested in another (an input inside a link), either way round', () => {
    const outer = { label: 'link', ...box(0, 0, 100, 40) };
    expect(overlappingPairs([outer, { label: 'input', ...box(5, 5, 20, 20), inside: [0] }])).toEqual([]);
    expect(overlappingPairs([{ label: 'input', ...box(5, 5, 20, 20), inside: [1] }, outer])).toEqual([]);
  });
  it('is empty for stacked controls', () => {
    expect(
      overlappingPairs([
        { label: 'a', ...box(0, 0, 100, 20) },
        { label: 'b', ...box(0, 20, 100, 20) },
        { label: 'c', ...box(0, 40, 100, 20) },
      ]),
    ).toEqual([]);
  });
});

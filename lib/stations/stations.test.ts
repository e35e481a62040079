import { describe, expect, it } from 'vitest';
import { allStations, searchStations } from './index';

describe('station search', () => {
  it('loads all 3,381 stations', () => {
    expect(allStations()).toHaveLength(3381);
  });

  it.each([['bjn'], ['beijingnan'], ['VNP'], ['北京南']])('finds 北京南 by %s', (q) => {
    const names = searchStations(q).map((o) => o.value);
    expect(names).toContain('北京南');
    expect(searchStations(q).find((o) => o.value === '北京南')?.telecode).toBe('VNP');
  });

  it('offers a city with all its stations for 北京', () => {
    const opts = searchStations('北京');
    expect(opts[0]).toMatchObject({ kind: 'city', value: '北京' });
    const values = opts.map((o) => o.value);
    for (const s of ['北京南', '北京西', '北京北']) expect(values).toContain(s);
  });

  it('returns nothing for an empty or unknown query', () => {
    expect(searchStations('  ')).toEqual([]);
    expect(searchStations('zzzzqqq')).toEqual([]);
  });
});

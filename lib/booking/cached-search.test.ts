import { describe, expect, it } from 'vitest';
import { cachedSearchRewrite, FILTER_KEYS } from './cached-search';
import { filterSchema } from './filters';

describe('cached search rewrite', () => {
  it('leaves every filtered search to the per-request page', () => {
    expect([...FILTER_KEYS].sort()).toEqual(Object.keys(filterSchema.shape).sort());
    expect(cachedSearchRewrite.missing.map((m) => m.key).sort()).toEqual([...FILTER_KEYS].sort());
  });

  it('takes station names as typed and nothing that would change the path', () => {
    const place = new RegExp(`^${cachedSearchRewrite.has[0]!.value}$`);
    expect(place.test('北京南')).toBe(true);
    expect(place.test('上海虹桥')).toBe(true);
    for (const bad of ['', 'a/b', '..%2F', 'x?y', 'x#y', 'a\\b', 'x'.repeat(41)]) expect(place.test(bad)).toBe(false);
    const date = new RegExp(`^${cachedSearchRewrite.has[2]!.value}$`);
    expect(date.test('2026-12-04')).toBe(true);
    expect(date.test('2026-12-4')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { LOCALE_COOKIE } from '@/lib/i18n/config';
import { cachedSearchRewrite, FILTER_KEYS, SESSION_COOKIES } from './cached-search';
import { filterSchema } from './filters';

const missing = (type: string) => cachedSearchRewrite.missing.filter((m) => m.type === type).map((m) => m.key);

describe('cached search rewrite', () => {
  it('leaves filtered searches, signed-in visitors and RSC requests to the /search page', () => {
    expect([...FILTER_KEYS].sort()).toEqual(Object.keys(filterSchema.shape).sort());
    expect(missing('query').sort()).toEqual([...FILTER_KEYS].sort());
    expect(missing('cookie')).toEqual([...SESSION_COOKIES, LOCALE_COOKIE]);
    expect(cachedSearchRewrite.missing.find((m) => m.key === LOCALE_COOKIE)).toMatchObject({ value: 'en' });
    expect(missing('header')).toEqual(['rsc']);
  });

  it('takes station names as typed and nothing that would change the destination path or query', () => {
    const place = new RegExp(`^${cachedSearchRewrite.has[0]!.value}$`);
    expect(place.test('北京南')).toBe(true);
    expect(place.test('上海虹桥')).toBe(true);
    for (const bad of ['', 'a/b', '..', '.', '..%2F', 'x?y', 'x#y', 'a&b', 'a\\b', 'x'.repeat(41)])
      expect(place.test(bad)).toBe(false);
    const date = new RegExp(`^${cachedSearchRewrite.has[2]!.value}$`);
    expect(date.test('2026-12-04')).toBe(true);
    expect(date.test('2026-12-4')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { formatLegParam, parseLegParam, tripLink, tripLinkQuery } from './links';

describe('trip links', () => {
  it('round-trips a leg through the link, URL-encoded', () => {
    const l = {
      provider: 'panhe',
      trainCode: 'G1',
      fromStation: '北京南',
      toStation: '上海',
      date: '2026-06-20',
      seatType: 4,
    };
    expect(parseLegParam(formatLegParam(l))).toEqual(l);
    const url = new URL(
      tripLink('round', l, { ...l, trainCode: 'G2', fromStation: '上海', toStation: '北京南' }),
      'http://x',
    );
    expect(url.pathname).toBe('/trips/new');
    const q = tripLinkQuery.parse(Object.fromEntries(url.searchParams));
    expect(q.kind).toBe('round');
    expect(q.leg2).toMatchObject({ trainCode: 'G2', fromStation: '上海' });
  });

  it('takes an empty provider as the default and refuses broken legs', () => {
    expect(parseLegParam(':G1:北京南:上海:2026-06-20')).toEqual({
      trainCode: 'G1',
      fromStation: '北京南',
      toStation: '上海',
      date: '2026-06-20',
    });
    for (const bad of [
      'G1:北京南:上海',
      'p:g1x:北京南:上海:2026-06-20',
      'p:G1:北京南:上海:2026-13-40',
      'p:G1:北京南:上海:2026-06-20:0',
    ])
      expect(parseLegParam(bad)).toBeNull();
    expect(tripLinkQuery.safeParse({ kind: 'round', leg1: 'x', leg2: 'y' }).success).toBe(false);
    expect(
      tripLinkQuery.safeParse({ kind: 'other', leg1: ':G1:北京南:上海:2026-06-20', leg2: ':G1:北京南:上海:2026-06-20' })
        .success,
    ).toBe(false);
  });
});

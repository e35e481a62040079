import { describe, expect, it } from 'vitest';
import { allStations, buildDirectory, searchStations, type Station } from './index';
import {
  cleanStationList,
  diffStations,
  mergeStations,
  RETRY_AFTER_FAILURE_MS,
  START_MIN_GAP_MS,
  stationCodes,
  stationSyncDue,
  type ProviderStation,
} from './merge';

const ps = (
  name: string,
  code: string,
  pinyin: string | null = null,
  shortChar: string | null = null,
): ProviderStation => ({
  name,
  code,
  pinyin,
  shortChar,
});
const bundled: Station[] = [
  { name: '北京南', telecode: 'VNP', pinyin: 'beijingnan', initials: 'bjn', city: '北京' },
  { name: '北京西', telecode: 'BXP', pinyin: 'beijingxi', initials: 'bjx', city: '北京' },
  { name: '上海', telecode: 'SHH', pinyin: 'shanghai', initials: 'sh', city: '上海' },
];

describe('cleanStationList (a provider answer as kept)', () => {
  it('drops 站, upper-cases codes, keeps the first entry of a name, skips blanks', () => {
    expect(
      cleanStationList([
        { name: '苏州北站', code: 'oht', pinyin: 'SuZhouBei', shortChar: 'SZB' },
        { name: '苏州北', code: 'XXX' },
        { name: ' ', code: 'ABC' },
        { name: '上海', code: '' },
        { name: '北京南', code: 'VNP', pinyin: '', shortChar: null },
      ]),
    ).toEqual([ps('苏州北', 'OHT', 'suzhoubei', 'szb'), ps('北京南', 'VNP')]);
  });
});

describe('diffStations (what a sync changes)', () => {
  it('counts added, removed and changed names', () => {
    const kept = [ps('北京南', 'VNP'), ps('北京西', 'BXP'), ps('上海', 'SHH')];
    const incoming = [ps('北京南', 'VNP'), ps('上海', 'SHA'), ps('雄安', 'IQP')];
    expect(diffStations(kept, incoming)).toEqual({ added: ['雄安'], removed: ['北京西'], changed: ['上海'] });
  });

  it('an unchanged list changes nothing; a first sync adds everything', () => {
    const list = [ps('北京南', 'VNP', 'beijingnan', 'bjn')];
    expect(diffStations(list, list)).toEqual({ added: [], removed: [], changed: [] });
    expect(diffStations([], list)).toEqual({ added: ['北京南'], removed: [], changed: [] });
  });
});

describe('mergeStations (the directory over the bundled list)', () => {
  it('without a provider list the bundled list is used as it is', () => {
    expect(mergeStations(bundled, [])).toEqual(bundled);
    expect(mergeStations(bundled, [[], []])).toEqual(bundled);
  });

  it("a provider's station takes its code and keeps its city; new stations are added; unlisted bundled ones stay", () => {
    const merged = mergeStations(bundled, [[ps('上海', 'SHA', 'shanghai', 'sh'), ps('雄安', 'IQP', 'xiongan', 'xa')]]);
    expect(merged.find((s) => s.name === '上海')).toMatchObject({ telecode: 'SHA', city: '上海' });
    expect(merged.find((s) => s.name === '雄安')).toEqual({
      name: '雄安',
      telecode: 'IQP',
      pinyin: 'xiongan',
      initials: 'xa',
      city: '雄安',
    });
    expect(merged.find((s) => s.name === '北京西')).toEqual(bundled[1]);
    // Juhe lists no pinyin (§19): the bundled pinyin stays.
    const juhe = mergeStations(bundled, [[ps('北京南', 'VNP')]]);
    expect(juhe.find((s) => s.name === '北京南')).toMatchObject({ pinyin: 'beijingnan', initials: 'bjn' });
  });

  it('a name the bundled list has twice: the provider updates the first, the second keeps its code', () => {
    const twice: Station[] = [
      { name: '南山北', telecode: 'NEQ', pinyin: 'nanshanbei', initials: 'nsb', city: '三亚' },
      { name: '南山北', telecode: 'NBQ', pinyin: 'nanshanbei', initials: 'nsb', city: '南山北' },
    ];
    expect(mergeStations(twice, [[ps('南山北', 'NEX')]]).map((s) => s.telecode)).toEqual(['NEX', 'NBQ']);
  });

  it('the first (preferred) provider wins a name both list', () => {
    const merged = mergeStations(bundled, [[ps('上海', 'AAA')], [ps('上海', 'BBB')]]);
    expect(merged.find((s) => s.name === '上海')!.telecode).toBe('AAA');
  });

  it('the autocomplete finds a station only the provider lists', () => {
    const dir = buildDirectory(mergeStations(allStations(), [[ps('测试新站', 'ZZQ', 'ceshixinzhan', 'csxz')]]));
    expect(searchStations('csxz', 10, dir).map((o) => o.value)).toContain('测试新站');
    expect(searchStations('csxz').map((o) => o.value)).not.toContain('测试新站');
  });
});

describe('stationCodes (telecodes for a provider request)', () => {
  it("prefers the provider's code, falls back to the bundled one", () => {
    const codes = stationCodes(bundled, [ps('上海', 'SHA'), ps('雄安', 'IQP')]);
    expect(codes.get('上海')).toBe('SHA');
    expect(codes.get('北京南')).toBe('VNP');
    expect(codes.get('雄安')).toBe('IQP');
    expect(stationCodes(bundled, []).get('上海')).toBe('SHH');
  });
});

describe('stationSyncDue (start and daily, panhe l.66 at most 10 a day)', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const H = 3_600_000;
  const daily = { start: false, refreshHours: 24 };
  it('never synced: due', () => {
    expect(stationSyncDue(null, null, now, daily)).toBe(true);
    expect(stationSyncDue(null, null, now, { ...daily, start: true })).toBe(true);
  });
  it('at start: due unless attempted in the last minutes', () => {
    expect(stationSyncDue({ at: ago(START_MIN_GAP_MS - 1), ok: true }, ago(1), now, { ...daily, start: true })).toBe(
      false,
    );
    expect(stationSyncDue({ at: ago(START_MIN_GAP_MS), ok: true }, ago(1), now, { ...daily, start: true })).toBe(true);
  });
  it('daily: due once the last good sync is older than the refresh hours', () => {
    expect(stationSyncDue({ at: ago(23 * H), ok: true }, ago(23 * H), now, daily)).toBe(false);
    expect(stationSyncDue({ at: ago(24 * H), ok: true }, ago(24 * H), now, daily)).toBe(true);
    expect(stationSyncDue({ at: ago(2 * H), ok: true }, ago(2 * H), now, { ...daily, refreshHours: 1 })).toBe(true);
  });
  it('after a failure: retried only after the retry gap', () => {
    expect(stationSyncDue({ at: ago(RETRY_AFTER_FAILURE_MS - 1), ok: false }, ago(30 * H), now, daily)).toBe(false);
    expect(stationSyncDue({ at: ago(RETRY_AFTER_FAILURE_MS), ok: false }, ago(30 * H), now, daily)).toBe(true);
    expect(stationSyncDue({ at: ago(RETRY_AFTER_FAILURE_MS), ok: false }, null, now, daily)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { RULE_TABLE } from './rules';
import {
  checkConnection,
  compareJourneys,
  crossStationMinutes,
  isEmuTrain,
  minConnectionMinutes,
  unrollStopTimes,
  withinTotalLimit,
  type LegEnds,
} from './transfers';

const AT = '2026-12-10';
const t = (hhmm: string, day = 10) => new Date(`2026-12-${day}T${hhmm}:00+08:00`);
const leg = (trainCode: string, fromStation: string, toStation: string, dep: Date, arr: Date): LegEnds => ({
  trainCode,
  fromStation,
  toStation,
  departAt: dep,
  arriveAt: arr,
});
const rule = RULE_TABLE.transferMinConnectionMinutes[0].value;
const cross = RULE_TABLE.transferCrossStationMinutes[0].value;
const maxWait = RULE_TABLE.transferMaxWaitMinutes[0].value;

describe('the rules behind the connection', () => {
  it('are in the dated table, marked verify, with a source', () => {
    for (const key of [
      'transferMinConnectionMinutes',
      'transferCrossStationMinutes',
      'transferMaxWaitMinutes',
      'transferMaxTotalFactor',
      'timetableStopsRefreshDays',
    ] as const) {
      expect(RULE_TABLE[key][0].verify, key).toBe(true);
      expect(RULE_TABLE[key][0].source.length, key).toBeGreaterThan(20);
    }
    expect(rule).toEqual({ sameStationEmu: 20, sameStation: 30 });
  });
});

describe('minConnectionMinutes', () => {
  it('is 20 min at one station between two EMU trains, 30 when either is conventional', () => {
    const same = { arriveStation: '徐州东', departStation: '徐州东' };
    expect(minConnectionMinutes({ ...same, arriving: 'G1', departing: 'D2' }, AT)).toBe(20);
    expect(minConnectionMinutes({ ...same, arriving: 'C1', departing: 'G3' }, AT)).toBe(20);
    expect(minConnectionMinutes({ ...same, arriving: 'G1', departing: 'K2' }, AT)).toBe(30);
    expect(minConnectionMinutes({ ...same, arriving: 'T1', departing: 'G2' }, AT)).toBe(30);
    expect(minConnectionMinutes({ ...same, arriving: 'Z1', departing: '1461' }, AT)).toBe(30);
  });
  it('between two stations is the pair’s cross-city time (either order), else the default', () => {
    expect(
      minConnectionMinutes({ arriving: 'G1', departing: 'G2', arriveStation: '徐州东', departStation: '徐州' }, AT),
    ).toBe(cross.pairs['徐州东|徐州']);
    expect(crossStationMinutes('徐州', '徐州东', AT)).toBe(cross.pairs['徐州东|徐州']);
    expect(crossStationMinutes('郑州西', '郑州航空港', AT)).toBe(cross.default);
    expect(crossStationMinutes('郑州东', '郑州东', AT)).toBe(0);
  });
  it('knows the EMU train classes', () => {
    expect(['G1', 'd5', 'C2001'].every(isEmuTrain)).toBe(true);
    expect(['K1', 'T2', 'Z3', '1461', 'Y1'].some(isEmuTrain)).toBe(false);
  });
});

describe('checkConnection', () => {
  const first = leg('G101', '北京南', '徐州东', t('08:00'), t('11:00'));
  const same = { arrive: '徐州', depart: '徐州' };
  const after = (min: number, code = 'G7', station = '徐州东') => {
    const dep = new Date(first.arriveAt.getTime() + min * 60_000);
    return leg(code, station, '西安北', dep, new Date(dep.getTime() + 4 * 3_600_000));
  };

  it('accepts exactly the minimum at one station and refuses a minute less', () => {
    expect(checkConnection(first, after(20), same, AT)).toEqual({
      ok: true,
      kind: 'sameStation',
      waitMinutes: 20,
      minMinutes: 20,
    });
    expect(checkConnection(first, after(19), same, AT)).toMatchObject({
      ok: false,
      reason: 'too_short',
      minMinutes: 20,
    });
    expect(checkConnection(first, after(29, 'K7'), same, AT)).toMatchObject({
      ok: false,
      reason: 'too_short',
      minMinutes: 30,
    });
    expect(checkConnection(first, after(30, 'K7'), same, AT)).toMatchObject({ ok: true, waitMinutes: 30 });
  });
  it('accepts exactly the maximum wait and refuses a minute more', () => {
    expect(checkConnection(first, after(maxWait), same, AT)).toMatchObject({ ok: true, waitMinutes: maxWait });
    expect(checkConnection(first, after(maxWait + 1), same, AT)).toMatchObject({ ok: false, reason: 'too_long' });
  });
  it('refuses a second train that left before the first arrived', () => {
    expect(checkConnection(first, after(-5), same, AT)).toMatchObject({
      ok: false,
      reason: 'too_short',
      waitMinutes: -5,
    });
  });
  it('allows another station of the same city with the cross-city time, never another city', () => {
    const need = cross.pairs['徐州东|徐州']!;
    expect(checkConnection(first, after(need, 'K7', '徐州'), same, AT)).toMatchObject({
      ok: true,
      kind: 'sameCity',
      minMinutes: need,
    });
    expect(checkConnection(first, after(need - 1, 'K7', '徐州'), same, AT)).toMatchObject({
      ok: false,
      reason: 'too_short',
    });
    expect(checkConnection(first, after(100, 'G7', '宿州东'), { arrive: '徐州', depart: '宿州' }, AT)).toMatchObject({
      ok: false,
      reason: 'other_city',
    });
    expect(checkConnection(first, after(100, 'G7', '某站'), { arrive: '徐州', depart: null }, AT)).toMatchObject({
      ok: false,
      reason: 'other_city',
    });
  });
});

describe('withinTotalLimit', () => {
  it('allows up to twice the reference and not a minute more; no reference, no limit', () => {
    expect(withinTotalLimit(600, 300, AT)).toBe(true);
    expect(withinTotalLimit(601, 300, AT)).toBe(false);
    expect(withinTotalLimit(10_000, null, AT)).toBe(true);
  });
});

describe('compareJourneys', () => {
  const j = (arr: string, total: number, price: number | null) => ({
    arriveAt: t(arr),
    totalMinutes: total,
    priceFen: price,
  });
  it('ranks by arrival, then total time, then price, unknown price last', () => {
    const list = [
      j('15:00', 300, 100),
      j('14:00', 400, 900),
      j('15:00', 200, 500),
      j('15:00', 200, null),
      j('15:00', 200, 400),
    ];
    expect(list.sort(compareJourneys)).toEqual([
      j('14:00', 400, 900),
      j('15:00', 200, 400),
      j('15:00', 200, 500),
      j('15:00', 200, null),
      j('15:00', 300, 100),
    ]);
  });
});

describe('unrollStopTimes', () => {
  it('unrolls wall-clock times over midnight and ignores the first arrival and last departure', () => {
    const out = unrollStopTimes([
      { arrive: '----', depart: '22:00' },
      { arrive: '23:50', depart: '00:05' },
      { arrive: '06:30', depart: '06:40' },
      { arrive: '12:00', depart: '----' },
    ]);
    expect(out.map((s) => [s.arriveMinute, s.departMinute])).toEqual([
      [null, 1320],
      [1430, 1445],
      [1830, 1840],
      [2160, null],
    ]);
  });
  it('reads the documented "HH;mm" form too and drops a stop without any time', () => {
    const out = unrollStopTimes([
      { arrive: null, depart: '07;22' },
      { arrive: null, depart: null },
      { arrive: '13;23', depart: null },
    ]);
    expect(out.map((s) => [s.arriveMinute, s.departMinute])).toEqual([
      [null, 442],
      [803, null],
    ]);
  });
  it('keeps a train that runs more than one night on its later days', () => {
    const out = unrollStopTimes([
      { arrive: null, depart: '10:00' },
      { arrive: '09:00', depart: '09:10' },
      { arrive: '08:00', depart: null },
    ]);
    expect(out.map((s) => s.arriveMinute ?? s.departMinute)).toEqual([600, 1980, 3360]);
  });
});

import { describe, expect, it } from 'vitest';
import { addDays } from './calendar';
import {
  consistFor,
  dayOffsetAt,
  faresFor,
  findTrain,
  getStops,
  listStations,
  loadNetwork,
  profileOf,
  resolvePlace,
  runsOnDate,
  searchSegments,
  searchTrains,
  segmentOf,
  templateFor,
  trainRun,
} from './network';

// How fast it loads and searches is measured by `npm run bench:network`, not asserted here.
const net = loadNetwork();
const DATE = '2026-12-01'; // any projected date

describe('loading', () => {
  it('loads and indexes the whole network once', () => {
    expect(loadNetwork()).toBe(net);
  });
  it('reads every station and most of the timetable', () => {
    expect(net.stations).toHaveLength(3381);
    expect(net.stats.headers).toBeGreaterThan(21_500);
    expect(net.stats.trainCodes).toBeGreaterThan(11_000);
    expect(net.stats.inService + net.stats.dropped).toBe(net.stats.headers);
    expect(net.stationByName.get('北京南')).toMatchObject({ telecode: 'VNP', city: '北京', saleStart: '12:45' });
    expect(net.stationByName.get('北京北')!.saleStart).toBe('12:00'); // "12" in the file
  });
  it('keeps stops whose telecode is not in station.csv (named by the telecode) and stops named in Chinese', () => {
    const unknownCode = net.trains.flatMap((t) => t.stops).find((s) => !s.known && /^[A-Z]{3}$/.test(s.name));
    expect(unknownCode).toMatchObject({ telecode: unknownCode!.name, known: false });
    const chineseOnly = net.trains.flatMap((t) => t.stops).find((s) => !s.known && !/^[A-Z]{3}$/.test(s.name));
    expect(chineseOnly).toBeDefined();
    expect(resolvePlace(net, chineseOnly!.name)).toEqual([chineseOnly!.name]);
    // A Chinese-name row of a known station resolves to that station's telecode.
    const namedKnown = net.trains
      .flatMap((t) => t.stops)
      .find((s) => s.known && s.telecode && !net.stationByTelecode.has(s.name));
    expect(namedKnown).toBeDefined();
  });
  it('projects codes that start shortly after the snapshot (G77 240616-0910)', () => {
    expect(findTrain(net, 'G77')?.projectedFrom).toBe('2024-06-16');
    expect(findTrain(net, 'G1')?.projectedFrom).toBe('2024-06-15');
  });
});

describe('places', () => {
  it('a city name means its stations named after it; a station name means itself and its extensions', () => {
    expect(resolvePlace(net, '上海')).toEqual(expect.arrayContaining(['上海', '上海虹桥', '上海南', '上海西']));
    expect(resolvePlace(net, '上海')).not.toContain('安亭北');
    expect(resolvePlace(net, '苏州')).toEqual(expect.arrayContaining(['苏州', '苏州北', '苏州园区']));
    expect(resolvePlace(net, '苏州')).not.toContain('昆山');
    expect(resolvePlace(net, '昆山').sort()).toEqual(['昆山', '昆山南']);
    expect(resolvePlace(net, '北京南')).toEqual(['北京南']);
    expect(resolvePlace(net, '上海虹桥')).toEqual(['上海虹桥']);
    expect(resolvePlace(net, ' 北京南 ')).toEqual(['北京南']);
    expect(resolvePlace(net, '不存在')).toEqual([]);
    expect(resolvePlace(net, '')).toEqual([]);
  });
});

describe('searchTrains', () => {
  it('G1 on a projected date leaves 北京南 07:00 and reaches 上海 11:29', () => {
    const g1 = searchTrains(net, '北京南', '上海', DATE).find((r) => r.trainCode === 'G1')!;
    expect(g1).toMatchObject({
      trainNo: '24000000G10I',
      fromStation: '北京南',
      toStation: '上海',
      fromIdx: 0,
      toIdx: 3,
      runDate: DATE,
      fromTime: '07:00',
      toTime: '11:29',
      fromDateTime: '2026-12-01 07:00',
      toDateTime: '2026-12-01 11:29',
      arriveDays: 0,
      runTime: '04:29',
      trainsType: 1,
      trainsTypeName: '高铁',
      beginStation: '北京南',
      endStation: '上海',
      isSupportChooseSeat: true,
      isSupportChooseSleeper: false,
    });
    expect(g1.departAt.toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(g1.arriveAt.toISOString()).toBe('2026-12-01T03:29:00.000Z');
    expect(g1.distanceKm).toBeGreaterThan(1250);
    expect(g1.distanceKm).toBeLessThan(1400);
    expect(g1.fares.map((f) => f.seatTypeName)).toEqual(['二等座', '一等座', '商务座', '无座']);
  });
  it('uses line mileage where both stations are on a listed line: 北京南-上海虹桥 1318 km', () => {
    const g = searchTrains(net, '北京南', '上海虹桥', DATE).filter((r) => r.trainCode.startsWith('G'));
    expect(g.length).toBeGreaterThan(20);
    expect(g.some((r) => r.distanceKm === 1318)).toBe(true);
  });
  it('苏州 → 上海 includes trains to 上海虹桥 (city search), sorted by departure', () => {
    const r = searchTrains(net, '苏州', '上海', DATE);
    expect(r.some((x) => x.toStation === '上海虹桥')).toBe(true);
    expect(r.some((x) => x.toStation === '上海')).toBe(true);
    expect(r.some((x) => x.fromStation === '苏州北')).toBe(true);
    for (let i = 1; i < r.length; i++)
      expect(r[i]!.departAt.getTime()).toBeGreaterThanOrEqual(r[i - 1]!.departAt.getTime());
    expect(new Set(r.map((x) => `${x.trainCode}|${x.fromDateTime}`)).size).toBe(r.length);
  });
  it('苏州 → 昆山 lists trains to 昆山 and 昆山南, as in the provider example', () => {
    const r = searchTrains(net, '苏州', '昆山', DATE);
    expect(new Set(r.map((x) => x.toStation))).toEqual(new Set(['昆山', '昆山南']));
    expect(r.find((x) => x.trainCode === 'K289')).toMatchObject({
      fromStation: '苏州',
      toStation: '昆山',
      trainsType: 5,
    });
  });
  it('a K train has 硬卧 with three berth prices, the lower dearest; 软卧 has two', () => {
    const k = searchTrains(net, '北京', '上海', DATE).find(
      (r) => r.trainCode.startsWith('K') || r.trainCode.startsWith('T'),
    )!;
    expect(k.isSupportChooseSleeper).toBe(true);
    expect(k.isSupportChooseSeat).toBe(false);
    const hard = k.fares.find((f) => f.seatType === 8)!;
    const by = (t: number) => hard.berths!.find((b) => b.sleeperType === t)!.priceFen;
    expect(hard.berths).toHaveLength(3);
    expect(by(1)).toBeGreaterThan(by(2));
    expect(by(2)).toBeGreaterThan(by(3));
    expect(
      k.fares
        .find((f) => f.seatType === 6)!
        .berths!.map((b) => b.sleeperType)
        .sort(),
    ).toEqual([1, 3]);
    expect(k.fares.at(-1)).toMatchObject({ seatType: 98, priceFen: k.fares.find((f) => f.seatType === 10)!.priceFen });
  });
  it('rolls over midnight: T109 北京 → 上海 arrives the next day', () => {
    const t = searchTrains(net, '北京', '上海', DATE).find((r) => r.trainCode === 'T109')!;
    expect(t.arriveDays).toBe(1);
    expect(t.toDateTime.startsWith('2026-12-02 ')).toBe(true);
    expect(t.runTime).toMatch(/^1\d:\d{2}$/);
  });
  it('boarding after midnight on the second day of a run: the run left its origin the day before', () => {
    const t109 = findTrain(net, 'T109')!;
    const idx = t109.stops.findIndex((s, i) => i > 0 && dayOffsetAt(t109, i) === 1 && s.depart !== null);
    const station = t109.stops[idx]!.name;
    const r = searchTrains(net, station, '上海', DATE).find((x) => x.trainCode === 'T109')!;
    expect(r.fromStation).toBe(station);
    expect(r.runDate).toBe(addDays(DATE, -1));
    expect(r.fromDateTime.startsWith(`${DATE} `)).toBe(true);
  });
  it('keeps odd/even-day trains to their days', () => {
    const even = net.trains.find((t) => t.parity === 'even' && t.stops[0]!.known && t.stops.at(-1)!.known)!;
    const from = even.stops[0]!.name;
    const to = even.stops.at(-1)!.name;
    const on = (date: string) => searchTrains(net, from, to, date).some((r) => r.trainNo === even.trainNo);
    expect(on('2026-12-02')).toBe(true);
    expect(on('2026-12-03')).toBe(false);
    expect(runsOnDate(even, '2026-12-04')).toBe(true);
  });
  it('returns nothing for unknown places or the wrong direction', () => {
    expect(searchTrains(net, '不存在', '上海', DATE)).toEqual([]);
    expect(searchTrains(net, '上海', '北京南', DATE).some((r) => r.trainCode === 'G1')).toBe(false);
  });
  it('answers busy city pairs on every date', () => {
    const pairs = [
      ['北京', '上海'],
      ['苏州', '上海'],
      ['广州', '武汉'],
      ['成都', '重庆'],
    ] as const;
    let n = 0;
    for (let i = 0; i < 20; i++) for (const [a, b] of pairs) n += searchTrains(net, a, b, addDays(DATE, i)).length;
    expect(n).toBeGreaterThan(80 * 20);
  });
});

describe('legacy segment API (engine)', () => {
  it('searchSegments and segmentOf agree with searchTrains', () => {
    const seg = searchSegments(net, '北京南', '上海', DATE).find((s) => s.train.trainCode === 'G1')!;
    expect(seg.departAt.toISOString()).toBe('2026-11-30T23:00:00.000Z');
    const again = segmentOf(net, seg.train, seg.fromIdx, seg.toIdx, seg.runDate);
    expect(again).toEqual(seg);
    expect(trainRun(net, seg.train.trainNo, 1, 2, DATE)).toMatchObject({ fromStation: '天津南', toStation: '南京南' });
    expect(trainRun(net, seg.train.trainNo, 2, 1, DATE)).toBeNull();
    expect(() => segmentOf(net, seg.train, 3, 1, DATE)).toThrow(RangeError);
  });
});

describe('getStops (查询经停站V2)', () => {
  it('G1: 北京南 07:00 → 天津南 → 南京南 → 上海 11:29', () => {
    expect(getStops(net, 'G1', DATE)).toEqual([
      { stationId: 1, stationName: '北京南', arriveTime: '07:00', startTime: '07:00', interval: '----' },
      { stationId: 2, stationName: '天津南', arriveTime: '07:31', startTime: '07:33', interval: '2分钟' },
      { stationId: 3, stationName: '南京南', arriveTime: '10:24', startTime: '10:26', interval: '2分钟' },
      { stationId: 4, stationName: '上海', arriveTime: '11:29', startTime: '11:29', interval: '----' },
    ]);
    expect(getStops(net, '24000000G10I')).toEqual(getStops(net, 'G1'));
    expect(getStops(net, 'G0000')).toBeNull();
  });
  it('wraps clock times past midnight', () => {
    const rows = getStops(net, 'T109')!;
    expect(rows.every((r) => /^\d{2}:\d{2}$/.test(r.arriveTime) && /^\d{2}:\d{2}$/.test(r.startTime))).toBe(true);
    expect(rows.at(-1)!.stationName).toBe('上海');
  });
});

describe('listStations (车站列表)', () => {
  it('lists every station in the provider format', () => {
    const rows = listStations(net);
    expect(rows).toHaveLength(3381);
    expect(rows.find((r) => r.stationName === '北京')).toEqual({
      stationName: '北京',
      stationShortChar: 'bj',
      stationPinYin: 'beijing',
      stationCode: 'BJP',
    });
  });
});

describe('consists and fares per train code', () => {
  it('16 cars for long G trains, 8 for short ones; sleepers on long conventional trains', () => {
    expect(consistFor('G1').template).toBe('emu16');
    expect(consistFor('G1').carriages).toHaveLength(16);
    const shortG = net.trains.find((t) => t.cls === 'G' && t.routeKm < 300 && t.runMinutes < 120)!;
    expect(consistFor(shortG.trainCode).template).toBe('emu8');
    expect(consistFor('T109').template).toBe('conv-sleeper');
    expect(consistFor('Z1').template).toBe('conv-z');
    expect(consistFor('G1')).toBe(consistFor('G1', 5)); // the legacy 2nd argument does not change a known code
    expect(profileOf(net, 'G1').cls).toBe('G');
  });
  it('decides templates from route length, time and night running', () => {
    expect(templateFor('G', { km: 999, minutes: 299, overnight: false })).toBe('emu8');
    expect(templateFor('G', { km: 1000, minutes: 200, overnight: false })).toBe('emu16');
    expect(templateFor('D', { km: 600, minutes: 300, overnight: false })).toBe('emu16');
    expect(templateFor('C', { km: 1200, minutes: 400, overnight: false })).toBe('emu8');
    expect(templateFor('K', { km: 200, minutes: 180, overnight: false })).toBe('conv-day');
    expect(templateFor('K', { km: 200, minutes: 180, overnight: true })).toBe('conv-sleeper');
    expect(templateFor('T', { km: 500, minutes: 360, overnight: false })).toBe('conv-sleeper');
  });
  it('faresFor prices exactly the consist classes plus 无座', () => {
    expect(faresFor('G1', 1318).map((f) => f.seatType)).toEqual([4, 3, 1, 98]);
    expect(faresFor('T109', 1463).map((f) => f.seatType)).toEqual([10, 8, 6, 98]);
    const day = net.trains.find((t) => t.cls === 'K' && consistFor(t.trainCode).template === 'conv-day')!;
    expect(faresFor(day.trainCode, 100).map((f) => f.seatType)).toEqual([10, 98]);
  });
  it('unknown codes get a class default', () => {
    expect(consistFor('G99999').template).toBe('emu8');
    expect(consistFor('D99999', 30).template).toBe('emu16');
    expect(consistFor('K99999').template).toBe('conv-sleeper');
    expect(consistFor('K99998', 5).template).toBe('conv-day');
  });
});

import { describe, expect, it } from 'vitest';
import { cityOfStation } from '@/lib/stations';
import {
  changesLeftRefusal,
  changeStationsVerdict,
  destinationChangeAllowed,
  destinationChangeDeadline,
} from './change-stations';
import { ruleAt } from './rules';

const HOUR = 3_600_000;
const now = new Date('2026-06-10T02:00:00Z');
/** The panhe 订单详情 example's original ticket: G7199 苏州北→昆山南. */
const original = (hoursAhead: number) => ({
  fromStation: '苏州北',
  toStation: '昆山南',
  departureAt: new Date(now.getTime() + hoursAhead * HOUR),
});
const verdict = (next: { fromStation: string; toStation: string }, hoursAhead = 100, changesDone = 0) =>
  changeStationsVerdict({ original: original(hoursAhead), next, cityOf: cityOfStation, now, changesDone });

describe('改签 stations (panhe 申请改签 l.158-159, example l.291)', () => {
  it('the example: 苏州北→昆山南 may change to 苏州→昆山 and 苏州→昆山南 (same cities), even inside 48 h', () => {
    expect(cityOfStation('苏州北')).toBe('苏州');
    expect(cityOfStation('昆山南')).toBe('苏州');
    expect(verdict({ fromStation: '苏州', toStation: '昆山' }, 1)).toEqual({ ok: true, kind: 'sameCity' });
    expect(verdict({ fromStation: '苏州', toStation: '昆山南' }, 1)).toEqual({ ok: true, kind: 'sameCity' });
    expect(verdict({ fromStation: '苏州北', toStation: '昆山南' }, 1)).toEqual({ ok: true, kind: 'same' });
  });

  it('a departure from another city is refused with the city named', () => {
    const r = verdict({ fromStation: '上海虹桥', toStation: '昆山南' });
    expect(r).toMatchObject({ ok: false, field: 'fromStation', status: 'validation' });
    if (!r.ok) expect(r.message).toMatch(/原出发城市（苏州）.*上海虹桥属于上海/);
  });

  it('an unknown station is refused in words', () => {
    expect(verdict({ fromStation: '苏州北', toStation: '不存在站' })).toMatchObject({ ok: false, field: 'toStation' });
    expect(verdict({ fromStation: '火星', toStation: '昆山南' })).toMatchObject({ ok: false, field: 'fromStation' });
  });
});

describe('变更到站 (DOMAIN_NOTES l.58, changeDestinationHoursBefore)', () => {
  const limit = ruleAt('changeDestinationHoursBefore', now);
  it('is 48 h', () => expect(limit).toBe(48));

  it('an arrival in another city is allowed exactly 48 h before departure and refused a minute later', () => {
    expect(verdict({ fromStation: '苏州北', toStation: '上海虹桥' }, limit)).toEqual({ ok: true, kind: 'destination' });
    const late = verdict({ fromStation: '苏州北', toStation: '上海虹桥' }, limit - 1 / 60);
    expect(late).toMatchObject({ ok: false, field: 'toStation', status: 'conflict' });
    if (!late.ok) expect(late.message).toMatch(/48 小时以上.*苏州的其他车站/);
    expect(destinationChangeAllowed(original(limit).departureAt, now)).toBe(true);
    expect(destinationChangeAllowed(new Date(original(limit).departureAt.getTime() - 1), now)).toBe(false);
    expect(destinationChangeDeadline(original(50).departureAt, now)).toEqual(new Date(now.getTime() + 2 * HOUR));
  });

  it('a same-city arrival is never 变更到站, whatever the time', () => {
    expect(verdict({ fromStation: '苏州北', toStation: '阳澄湖' }, 0.5)).toEqual({ ok: true, kind: 'sameCity' });
  });
});

describe('one change per ticket (panhe l.153, changesPerTicket)', () => {
  it('a ticket changed once cannot change again, 变更到站 included', () => {
    expect(changesLeftRefusal(0, now)).toBeNull();
    expect(changesLeftRefusal(1, now)).toMatch(/只能成功改签 1 次/);
    expect(verdict({ fromStation: '苏州北', toStation: '上海虹桥' }, 100, 1)).toMatchObject({
      ok: false,
      field: 'ticketIds',
      status: 'conflict',
    });
    expect(verdict({ fromStation: '苏州', toStation: '昆山' }, 100, 1)).toMatchObject({ ok: false });
  });
});

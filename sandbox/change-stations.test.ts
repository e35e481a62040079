import { describe, expect, it } from 'vitest';
import { changeStationsRefusal, CHANGE_DESTINATION_HOURS_BEFORE } from './change-stations';
import { cityOf } from './network';

const now = new Date('2026-06-10T10:00:00+08:00');
const HOUR = 3_600_000;
const original = (hours: number) => ({
  fromStation: '苏州北',
  toStation: '昆山南',
  departAt: new Date(now.getTime() + hours * HOUR),
});

describe('sandbox 改签 stations (panhe l.158-159, example l.291; DOMAIN_NOTES l.58)', () => {
  it('accepts other stations of the same cities, as in the example, at any time', () => {
    expect(cityOf('昆山')).toBe('苏州');
    expect(changeStationsRefusal(original(1), { fromStation: '苏州', toStation: '昆山' }, cityOf, now)).toBeNull();
    expect(changeStationsRefusal(original(1), { fromStation: '苏州', toStation: '昆山南' }, cityOf, now)).toBeNull();
  });

  it('refuses a departure from another city with 316', () => {
    expect(
      changeStationsRefusal(original(100), { fromStation: '上海', toStation: '昆山南' }, cityOf, now),
    ).toMatchObject({ msgCode: 316 });
    expect(
      changeStationsRefusal(original(100), { fromStation: '上海', toStation: '昆山南' }, cityOf, now)?.msg,
    ).toMatch(/^该订单不支持改签/);
  });

  it('变更到站: accepted 48 h before departure, refused with 314 a minute later', () => {
    expect(CHANGE_DESTINATION_HOURS_BEFORE).toBe(48);
    const next = { fromStation: '苏州北', toStation: '上海虹桥' };
    expect(changeStationsRefusal(original(48), next, cityOf, now)).toBeNull();
    const late = changeStationsRefusal(original(48 - 1 / 60), next, cityOf, now);
    expect(late?.msgCode).toBe(314);
    expect(late?.msg).toMatch(/^距离发车时间太近,无法改签/);
  });
});

import { describe, expect, it } from 'vitest';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { AppError } from '@/lib/errors';
import { shanghaiInstant } from '@/lib/time';
import { CALENDAR_SEAT_TYPES, parseCalendarQuery } from './calendar-query';

const NOW = shanghaiInstant('2026-12-06', '10:00');

/** The AppError a bad query is refused with. */
function refusal(raw: Record<string, unknown>): AppError {
  try {
    parseCalendarQuery(raw, NOW);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('the calendar query', () => {
  it('reads from, to, an optional date and an optional class (blank is absent)', () => {
    expect(parseCalendarQuery({ from: ' 北京南 ', to: '上海' }, NOW)).toEqual({ from: '北京南', to: '上海' });
    expect(parseCalendarQuery({ from: '北京', to: '上海', date: '2026-12-20', seat: '4' }, NOW)).toEqual({
      from: '北京',
      to: '上海',
      date: '2026-12-20',
      seat: 4,
    });
    expect(parseCalendarQuery({ from: '北京', to: '上海', date: '', seat: '' }, NOW)).toEqual({
      from: '北京',
      to: '上海',
    });
  });

  it('refuses missing or equal stations with a 422 and a Chinese message', () => {
    const noFrom = refusal({ to: '上海' });
    expect(noFrom).toMatchObject({ status: 422, message: '请填写出发站。', fieldErrors: { from: ['请填写出发站。'] } });
    expect(refusal({ from: '北京', to: ' ' }).message).toBe('请填写到达站。');
    expect(refusal({ from: '北京', to: '北京' })).toMatchObject({
      message: '出发站和到达站不能相同。',
      fieldErrors: { to: ['出发站和到达站不能相同。'] },
    });
    expect(refusal({ from: '北'.repeat(41), to: '上海' }).message).toBe('出发站名称过长。');
  });

  it('refuses a date that is not one, or outside the pre-sale window (both edges)', () => {
    expect(refusal({ from: '北京', to: '上海', date: '2026-02-30' }).message).toBe(
      '日期无效，应为 yyyy-MM-dd 格式的日期。',
    );
    expect(refusal({ from: '北京', to: '上海', date: '2026-12-05' }).message).toBe(
      '2026-12-05 不在预售期内：可查询 2026-12-06 至 2026-12-20。',
    );
    expect(refusal({ from: '北京', to: '上海', date: '2026-12-21' }).status).toBe(422);
    expect(parseCalendarQuery({ from: '北京', to: '上海', date: '2026-12-06' }, NOW).date).toBe('2026-12-06');
    expect(parseCalendarQuery({ from: '北京', to: '上海', date: '2026-12-20' }, NOW).date).toBe('2026-12-20');
  });

  it('refuses an unknown class, 无座 and 其他', () => {
    for (const seat of ['abc', '0', '98', '99', '4.5'])
      expect(refusal({ from: '北京', to: '上海', seat }).message).toBe('席别无效。');
    expect(CALENDAR_SEAT_TYPES).toContain(SEAT_TYPE.SECOND);
    expect(CALENDAR_SEAT_TYPES).not.toContain(SEAT_TYPE.STANDING);
  });
});

import { describe, expect, it } from 'vitest';
import { ruleAt } from '@/lib/domain/rules';
import { formatShanghai, shanghaiInstant } from '@/lib/time';
import {
  HOLD_GIVE_UP_MINUTES,
  holdGiveUpAt,
  inNightClosure,
  nightBookingNotice,
  nightHoldNotice,
  nightOpensAt,
  nightWaitUntil,
} from './night-closure';

const at = (date: string, time: string) => shanghaiInstant(date, time);
const show = (d: Date | null) => (d ? formatShanghai(d, { seconds: true }) : null);

describe('nightClosure rule (FAQ §3 l.101)', () => {
  it('reads 23:00–06:00 from the rules table', () => {
    expect(ruleAt('nightClosure', '2026-12-06')).toEqual({ closesAt: '23:00', opensAt: '06:00' });
  });

  it.each([
    ['22:59', false],
    ['23:00', true],
    ['23:30', true],
    ['00:00', true],
    ['05:59', true],
    ['06:00', false],
    ['12:00', false],
  ])('at %s Shanghai time the closure is %s', (time, closed) => {
    expect(inNightClosure(at('2026-12-06', time))).toBe(closed);
  });

  it('opens next at 06:00, the same morning after midnight, the next morning before it', () => {
    expect(show(nightOpensAt(at('2026-12-06', '23:30')))).toBe('2026-12-07 06:00:00');
    expect(show(nightOpensAt(at('2026-12-07', '05:59')))).toBe('2026-12-07 06:00:00');
    expect(show(nightOpensAt(at('2026-12-07', '06:00')))).toBe('2026-12-08 06:00:00');
    // Across a month and a year end.
    expect(show(nightOpensAt(at('2026-12-31', '23:10')))).toBe('2027-01-01 06:00:00');
  });
});

describe('holdGiveUpAt: when a hold with no answer is given up', () => {
  it.each([
    // submitted, given up at: the usual 15 minutes outside the closure, else 15 minutes after 06:00
    ['2026-12-06 12:00', '2026-12-06 12:15:00'],
    ['2026-12-06 22:44', '2026-12-06 22:59:00'],
    ['2026-12-06 22:45', '2026-12-06 23:00:00'], // the usual wait ends as it closes: not held up
    ['2026-12-06 22:59', '2026-12-07 06:15:00'], // "23点左右提交": the wait runs into the closure
    ['2026-12-06 23:00', '2026-12-07 06:15:00'],
    ['2026-12-06 23:30', '2026-12-07 06:15:00'],
    ['2026-12-07 00:10', '2026-12-07 06:15:00'],
    ['2026-12-07 05:59', '2026-12-07 06:15:00'],
    ['2026-12-07 06:00', '2026-12-07 06:15:00'], // open again: the usual wait
  ])('submitted %s → %s', (submitted, giveUp) => {
    const [d, t] = submitted.split(' ') as [string, string];
    expect(show(holdGiveUpAt(at(d, t)))).toBe(giveUp);
  });

  it('the usual wait is HOLD_GIVE_UP_MINUTES', () => {
    const s = at('2026-12-06', '09:00');
    expect(holdGiveUpAt(s).getTime() - s.getTime()).toBe(HOLD_GIVE_UP_MINUTES * 60_000);
  });

  it('nightWaitUntil names the morning only when the closure holds the hold up', () => {
    expect(nightWaitUntil(at('2026-12-06', '22:58'))).not.toBeNull();
    expect(nightWaitUntil(at('2026-12-06', '22:40'))).toBeNull();
    expect(nightWaitUntil(at('2026-12-07', '06:00'))).toBeNull();
    expect(show(nightWaitUntil(at('2026-12-06', '23:30')))).toBe('2026-12-07 06:00:00');
  });
});

describe('what the traveller is told', () => {
  it('the order page: the closure, the morning, no need to book again; gone once the wait is over', () => {
    const submitted = at('2026-12-06', '23:30');
    const text = nightHoldNotice(submitted, at('2026-12-06', '23:31'));
    expect(text).toBe(
      '12306 每天 23:00–次日 06:00（北京时间）不处理订单。此订单将在 12月7日 06:00 后处理，' +
        '预计 06:00 后几分钟内出占座结果，无需重新下单；出结果前不会扣款。',
    );
    expect(nightHoldNotice(submitted, at('2026-12-07', '06:10'))).toBe(text);
    expect(nightHoldNotice(submitted, at('2026-12-07', '06:15'))).toBeNull();
    expect(nightHoldNotice(at('2026-12-06', '20:00'), at('2026-12-06', '20:01'))).toBeNull();
  });

  it('the booking form: in the closure, just before it, and not by day', () => {
    expect(nightBookingNotice(at('2026-12-07', '01:00'))).toBe(
      '12306 每天 23:00–次日 06:00（北京时间）不处理订单。现在提交的订单将在 12月7日 06:00 后处理，届时才有占座结果；' +
        '这期间余票可能售完，占座可能失败（不会扣款）。',
    );
    expect(nightBookingNotice(at('2026-12-06', '22:50'))).toContain(
      '临近 23:00，现在提交的订单若来不及处理，将在 12月7日 06:00 后处理',
    );
    expect(nightBookingNotice(at('2026-12-06', '22:40'))).toBeNull();
    expect(nightBookingNotice(at('2026-12-07', '06:00'))).toBeNull();
  });
});

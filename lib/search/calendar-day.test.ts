import { describe, expect, it } from 'vitest';
import { PRESALE_DAYS } from '@/lib/domain/rules';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { shanghaiInstant } from '@/lib/time';
import {
  calendarDates,
  calendarDayOf,
  calendarErrorDay,
  dateParts,
  dayLabel,
  priceText,
  saleOpensAt,
  statusText,
  type CalendarOffer,
} from './calendar-day';

// 2026-12-06 10:00 in Beijing: the window runs 12-06 … 12-20.
const NOW = shanghaiInstant('2026-12-06', '10:00');
const DATE = '2026-12-08';

type Seat = CalendarOffer['seats'][number];
const seat = (seatType: number, priceFen: number, left: number, berths: number[] = []): Seat => ({
  seatType,
  priceFen,
  left,
  berths: berths.map((priceFen) => ({ priceFen })),
});
const train = (seats: Seat[], o: Partial<CalendarOffer> = {}): CalendarOffer => ({
  fromStation: '北京南',
  departAt: shanghaiInstant(DATE, '09:00'),
  saleTime: null,
  seats,
  ...o,
});

describe('the calendar dates', () => {
  it('are the pre-sale window: PRESALE_DAYS days from today in Shanghai, today included', () => {
    const dates = calendarDates(NOW);
    expect(dates).toHaveLength(PRESALE_DAYS);
    expect(dates[0]).toBe('2026-12-06');
    expect(dates.at(-1)).toBe('2026-12-20');
  });

  it('follow the Shanghai day, not UTC: 23:30 UTC is already the next day in Beijing', () => {
    const dates = calendarDates(new Date('2026-12-31T16:30:00Z'));
    expect(dates[0]).toBe('2027-01-01');
    expect(dates.at(-1)).toBe('2027-01-15');
  });

  it('cross a month end and a year end in calendar order', () => {
    const dates = calendarDates(shanghaiInstant('2026-12-25', '08:00'));
    expect(dates.slice(6, 8)).toEqual(['2026-12-31', '2027-01-01']);
    expect(new Set(dates).size).toBe(PRESALE_DAYS);
  });
});

describe('a day from its trains', () => {
  it('has seats when a bookable class has tickets; the lowest fare over the classes with tickets', () => {
    const day = calendarDayOf(
      DATE,
      [
        train([seat(SEAT_TYPE.SECOND, 55300, 0), seat(SEAT_TYPE.FIRST, 93000, 5)]),
        train([seat(SEAT_TYPE.SECOND, 66200, 12), seat(SEAT_TYPE.BUSINESS, 174800, 1)]),
      ],
      { now: NOW },
    );
    // 二等座 at 553 is sold out: the cheapest ticket one can buy is 662.
    expect(day).toMatchObject({ date: DATE, status: 'seats', lowestFen: 66200, saleOpensAt: null, message: null });
  });

  it('counts a sleeper by its cheapest berth', () => {
    const day = calendarDayOf(DATE, [train([seat(SEAT_TYPE.HARD_SLEEPER, 15800, 3, [16300, 15200, 14600])])], {
      now: NOW,
    });
    expect(day.lowestFen).toBe(14600);
  });

  it("never counts 无座 as a ticket: only 无座 left is 无票, at the bookable classes' fare", () => {
    const day = calendarDayOf(
      DATE,
      [train([seat(SEAT_TYPE.HARD_SEAT, 15650, 0), seat(SEAT_TYPE.STANDING, 15650, 80)])],
      { now: NOW },
    );
    expect(day).toMatchObject({ status: 'soldout', lowestFen: 15650 });
  });

  it('no tickets in any class: soldout, with the lowest listed fare', () => {
    const day = calendarDayOf(
      DATE,
      [
        train([seat(SEAT_TYPE.SECOND, 55300, 0), seat(SEAT_TYPE.FIRST, 93000, 0)]),
        train([seat(SEAT_TYPE.SECOND, 52000, 0)]),
      ],
      { now: NOW },
    );
    expect(day).toMatchObject({ status: 'soldout', lowestFen: 52000 });
  });

  it('a class asked for: seats and fares of that class only', () => {
    const offers = [
      train([seat(SEAT_TYPE.SECOND, 55300, 0), seat(SEAT_TYPE.FIRST, 93000, 4)]),
      train([seat(SEAT_TYPE.SECOND, 60000, 0), seat(SEAT_TYPE.FIRST, 91000, 0)]),
    ];
    expect(calendarDayOf(DATE, offers, { now: NOW, seatType: SEAT_TYPE.SECOND })).toMatchObject({
      status: 'soldout',
      lowestFen: 55300,
    });
    expect(calendarDayOf(DATE, offers, { now: NOW, seatType: SEAT_TYPE.FIRST })).toMatchObject({
      status: 'seats',
      lowestFen: 93000,
    });
    // No train has the class: nothing to book in it that day.
    expect(calendarDayOf(DATE, offers, { now: NOW, seatType: SEAT_TYPE.HARD_SLEEPER })).toMatchObject({
      status: 'none',
      lowestFen: null,
    });
  });

  it('no train at all: none', () => {
    expect(calendarDayOf(DATE, [], { now: NOW })).toMatchObject({ status: 'none', lowestFen: null });
  });

  it('a train whose online sales have closed (25 min before departure) has no tickets to offer', () => {
    const today = '2026-12-06';
    const leaving = train([seat(SEAT_TYPE.SECOND, 55300, 40)], { departAt: shanghaiInstant(today, '10:20') });
    expect(calendarDayOf(today, [leaving], { now: NOW })).toMatchObject({ status: 'soldout', lowestFen: 55300 });
    const later = train([seat(SEAT_TYPE.SECOND, 55300, 40)], { departAt: shanghaiInstant(today, '10:25') });
    expect(calendarDayOf(today, [later], { now: NOW }).status).toBe('seats');
  });

  it("the window's last day before the station's 起售 time: presale, opening today at that time", () => {
    const last = '2026-12-20';
    const day = calendarDayOf(
      last,
      [
        train([seat(SEAT_TYPE.SECOND, 55300, 0)], { saleTime: '12:45', departAt: shanghaiInstant(last, '09:00') }),
        train([seat(SEAT_TYPE.SECOND, 54800, 0)], {
          fromStation: '北京',
          saleTime: '12:30',
          departAt: shanghaiInstant(last, '10:00'),
        }),
        train([seat(SEAT_TYPE.FIRST, 93000, 0)], { saleTime: '12:45', departAt: shanghaiInstant(last, '11:00') }),
      ],
      { now: NOW },
    );
    expect(day).toMatchObject({
      status: 'presale',
      lowestFen: 54800,
      saleStarts: [
        { station: '北京', time: '12:30' },
        { station: '北京南', time: '12:45' },
      ],
    });
    expect(day.saleOpensAt).toBe(shanghaiInstant('2026-12-06', '12:30').toISOString());
  });

  it('a city whose stations open at different times: once one sells, the day is read from its trains', () => {
    const last = '2026-12-20';
    const day = calendarDayOf(
      last,
      [
        train([seat(SEAT_TYPE.SECOND, 55300, 0)], { saleTime: '12:45' }),
        train([seat(SEAT_TYPE.SECOND, 54800, 300)], { fromStation: '北京' }),
      ],
      { now: NOW },
    );
    expect(day).toMatchObject({ status: 'seats', lowestFen: 54800, saleStarts: [] });
  });

  it('the sale of a date opens on the day it enters the window, at the time given', () => {
    expect(saleOpensAt('2026-12-20', '12:45').toISOString()).toBe(shanghaiInstant('2026-12-06', '12:45').toISOString());
    expect(saleOpensAt('2027-01-03', '08:00').toISOString()).toBe(shanghaiInstant('2026-12-20', '08:00').toISOString());
  });
});

describe('labels', () => {
  it('name the date and its weekday (Beijing calendar)', () => {
    expect(dateParts('2026-12-08')).toEqual({ date: '12月8日', short: '12/8', weekday: '周二' });
    expect(dateParts('2027-01-03')).toEqual({ date: '1月3日', short: '1/3', weekday: '周日' });
  });

  it('a day with tickets: "12月8日 周二 有票 ¥553起"', () => {
    const day = calendarDayOf(DATE, [train([seat(SEAT_TYPE.SECOND, 55300, 9)])], { now: NOW });
    expect(dayLabel(day)).toBe('12月8日 周二 有票 ¥553起');
  });

  it('a sold-out day keeps its fare; a day without trains or without the class says so', () => {
    const sold = calendarDayOf(DATE, [train([seat(SEAT_TYPE.SECOND, 55350, 0)])], { now: NOW });
    expect(dayLabel(sold)).toBe('12月8日 周二 无票 ¥553.5起');
    const none = calendarDayOf(DATE, [], { now: NOW });
    expect(dayLabel(none)).toBe('12月8日 周二 无车次');
    expect(statusText(none, '硬卧')).toBe('无硬卧');
    expect(priceText(none)).toBe('');
  });

  it('a presale day names its sale date, time and stations', () => {
    const last = '2026-12-20';
    const day = calendarDayOf(last, [train([seat(SEAT_TYPE.SECOND, 55300, 0)], { saleTime: '12:45' })], { now: NOW });
    expect(statusText(day)).toBe('12:45起售');
    expect(dayLabel(day)).toBe('12月20日 周日 12:45起售 ¥553起，12月6日 12:45起售（北京南 12:45）');
  });

  it('a day the provider could not answer says the search failed, without a fare', () => {
    const day = calendarErrorDay(DATE, '余票查询暂时不可用，请稍后再试。');
    expect(day).toMatchObject({ status: 'error', lowestFen: null, message: '余票查询暂时不可用，请稍后再试。' });
    expect(dayLabel(day)).toBe('12月8日 周二 查询失败');
  });

  it('in English, in the order the strip shows it: "Dec 8 Tue available from ¥553"', () => {
    expect(dateParts('2026-12-08', 'en')).toEqual({ date: 'Dec 8', short: '12/8', weekday: 'Tue' });
    const day = calendarDayOf(DATE, [train([seat(SEAT_TYPE.SECOND, 55300, 9)])], { now: NOW });
    expect(dayLabel(day, undefined, 'en')).toBe('Dec 8 Tue available from ¥553');
    const none = calendarDayOf(DATE, [], { now: NOW });
    expect(dayLabel(none, undefined, 'en')).toBe('Dec 8 Tue no trains');
    expect(statusText(none, 'Hard sleeper', 'en')).toBe('no Hard sleeper');
    const presale = calendarDayOf('2026-12-20', [train([seat(SEAT_TYPE.SECOND, 55300, 0)], { saleTime: '12:45' })], {
      now: NOW,
    });
    expect(dayLabel(presale, undefined, 'en', (n) => (n === '北京南' ? 'Beijing South' : n))).toBe(
      'Dec 20 Sun on sale 12:45 from ¥553; on sale Dec 6 12:45 (Beijing South 12:45)',
    );
    expect(dayLabel(calendarErrorDay(DATE, 'x'), undefined, 'en')).toBe('Dec 8 Tue failed');
  });
});

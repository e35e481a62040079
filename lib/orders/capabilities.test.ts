import { describe, expect, it } from 'vitest';
import type { ProviderCapabilities } from '@/lib/provider/port';
import {
  bookableTicketTypes,
  bookingCapabilityIssues,
  CHANGE_ELSEWHERE_FALLBACK,
  changeUnavailable,
  passengerLimit,
  standingNote,
  strictestPassengerLimit,
  studentTicketMessage,
} from './capabilities';

const full: ProviderCapabilities = {
  change: true,
  changeElsewhere: null,
  seatChoice: true,
  berthChoice: true,
  maxPassengers: 9,
  trainAccount: true,
  standingByDefault: false,
  stops: true,
  balance: false,
  confirmChecksAmount: true,
  studentTickets: true,
  cardTypes: [1, 2, 3, 4, 8, 9],
};
const lean: ProviderCapabilities = {
  ...full,
  change: false,
  changeElsewhere: '请到车站窗口办理改签。',
  berthChoice: false,
  maxPassengers: 5,
  trainAccount: false,
  standingByDefault: true,
  stops: false,
};
const A = { label: '甲渠道', capabilities: full };
const B = { label: '乙渠道', capabilities: lean };

describe('passenger limits', () => {
  it.each([
    [9, 9],
    [5, 5],
    [12, 9], // never above the portal's own ceiling
  ])('a provider taking %i per order allows %i', (max, allowed) => {
    expect(passengerLimit({ maxPassengers: max })).toBe(allowed);
  });

  it('a grab follows the strictest provider, naming it only when it is stricter than the grab rule', () => {
    expect(strictestPassengerLimit([A, B], 9)).toEqual({ max: 5, by: '乙渠道' });
    expect(strictestPassengerLimit([A, B], 5)).toEqual({ max: 5, by: null });
    expect(strictestPassengerLimit([A], 5)).toEqual({ max: 5, by: null });
    expect(strictestPassengerLimit([], 5)).toEqual({ max: 5, by: null });
  });
});

describe('bookingCapabilityIssues', () => {
  it('accepts what the provider can do', () => {
    expect(bookingCapabilityIssues(A, { passengers: 9, chooseSeats: '1A', chooseSleeper: '101' })).toEqual([]);
    expect(bookingCapabilityIssues(B, { passengers: 5, chooseSeats: '1A' })).toEqual([]);
  });

  it('names the limit when there are more passengers than the provider takes', () => {
    expect(bookingCapabilityIssues(B, { passengers: 6 })).toEqual([
      { path: 'passengers', message: '经乙渠道出票的订单最多 5 位乘客，请减少乘客或分两单预订。' },
    ]);
  });

  it('refuses 选铺 without berthChoice ("000", no preference, is no choice)', () => {
    expect(bookingCapabilityIssues(B, { passengers: 1, chooseSleeper: '100' })).toEqual([
      { path: 'chooseSleeper', message: '经乙渠道出票不支持选铺，铺位由 12306 分配。' },
    ]);
    expect(bookingCapabilityIssues(B, { passengers: 1, chooseSleeper: '000' })).toEqual([]);
  });

  it('refuses 选座 without seatChoice', () => {
    const noSeats = { label: '丙渠道', capabilities: { ...full, seatChoice: false } };
    expect(bookingCapabilityIssues(noSeats, { passengers: 1, chooseSeats: '1F' })).toEqual([
      { path: 'chooseSeats', message: '经丙渠道出票不支持选座，座位由 12306 分配。' },
    ]);
  });
});

describe('changeUnavailable', () => {
  it('is null where 改签 goes through the API', () => {
    expect(changeUnavailable(full)).toBeNull();
  });
  it("gives the provider's plain words, or a fallback when it has none", () => {
    expect(changeUnavailable(lean)).toBe('请到车站窗口办理改签。');
    expect(changeUnavailable({ change: false, changeElsewhere: null })).toBe(CHANGE_ELSEWHERE_FALLBACK);
    expect(changeUnavailable({ change: false, changeElsewhere: '  ' })).toBe(CHANGE_ELSEWHERE_FALLBACK);
  });
});

describe('standingNote', () => {
  it('speaks only for a provider that sells 无座 unless told otherwise', () => {
    expect(standingNote(A)).toBeNull();
    expect(standingNote(B)).toContain('默认会出无座票');
  });
});

describe('学生票 by capability', () => {
  const noStudents = { label: '聚合数据', capabilities: { ...full, studentTickets: false } };
  it('offers and accepts 学生票 only where the provider sells it (panhe l.101 yes, juhe l.406 not documented)', () => {
    const types = [{ value: 1 }, { value: 2 }, { value: 3 }, { value: 4 }];
    expect(bookableTicketTypes(full, types).map((t) => t.value)).toEqual([1, 2, 3, 4]);
    expect(bookableTicketTypes(noStudents.capabilities, types).map((t) => t.value)).toEqual([1, 2, 4]);
    expect(bookingCapabilityIssues(A, { passengers: 1, ticketTypes: [3] })).toEqual([]);
    expect(bookingCapabilityIssues(noStudents, { passengers: 2, ticketTypes: [1, 3] })).toEqual([
      { path: 'passengers', message: studentTicketMessage('聚合数据') },
    ]);
    expect(bookingCapabilityIssues(noStudents, { passengers: 2, ticketTypes: [1, 2] })).toEqual([]);
  });
});

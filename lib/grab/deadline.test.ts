import { describe, expect, it } from 'vitest';
import { grabSchema } from './orders';

const input = (deadline: string) => ({
  requestNo: 'GTEST12345',
  alternates: [{ trainCode: 'G1', fromStation: '北京南', toStation: '上海', date: '2026-12-20', seatType: 1 }],
  passengers: [{ passengerId: '00000000-0000-4000-8000-000000000001', ticketType: 1 }],
  deadline,
  contactMobile: '13800138000',
});

describe('grab deadline', () => {
  it('refuses a deadline that looks like one but is no real time, with the field and a message', () => {
    for (const deadline of ['2026-13-01T10:00', '2026-02-30T10:00', '2026-12-01T25:00']) {
      const r = grabSchema.safeParse(input(deadline));
      expect(r.success, deadline).toBe(false);
      expect(r.error?.issues[0]).toMatchObject({ path: ['deadline'], message: '截止时间不是有效的日期和时间。' });
    }
  });

  it('accepts a real one', () => {
    expect(grabSchema.safeParse(input('2026-12-19T10:00')).success).toBe(true);
  });
});

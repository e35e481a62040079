import { describe, expect, it } from 'vitest';
import { StepJobs } from '@/lib/aggregate';
import { formatShanghai } from '@/lib/time';
import { eveningBefore, notifyOrderEvents } from './events';
import { inQuietHours } from './kinds';

const order = (o: Partial<Parameters<typeof notifyOrderEvents>[1]> = {}) => ({
  id: 'o1',
  userId: 'u1',
  agencyId: null,
  grabOrderId: null,
  payLimitAt: new Date('2026-12-10T02:30:00Z'),
  departureAt: new Date('2026-12-12T01:00:00Z'),
  ...o,
});
const now = new Date('2026-12-10T02:00:00Z');

describe('notifyOrderEvents', () => {
  it('a hold: the hold notification now and the pay reminder 10 minutes before the pay-by time', () => {
    const s = new StepJobs();
    notifyOrderEvents(s, order(), [{ kind: 'order', toStatus: 2 }], now);
    expect(s.jobs.map((j) => [(j.data as { key: string }).key, j.options?.startAfter ?? null])).toEqual([
      ['order:o1:held', null],
      ['order:o1:pay-reminder', new Date('2026-12-10T02:20:00Z')],
    ]);
  });

  it('no pay reminder when less than 10 minutes are left; none for a grab order', () => {
    const s = new StepJobs();
    notifyOrderEvents(
      s,
      order({ payLimitAt: new Date('2026-12-10T02:05:00Z') }),
      [{ kind: 'order', toStatus: 2 }],
      now,
    );
    expect(s.jobs.map((j) => (j.data as { kind: string }).kind)).toEqual(['hold_succeeded']);
    const g = new StepJobs();
    notifyOrderEvents(g, order({ grabOrderId: 'g1' }), [{ kind: 'order', toStatus: 2 }], now);
    expect(g.jobs).toEqual([]);
  });

  it('issued: the ticket email and both departure reminders; an agency order goes to the clerk as a customer order', () => {
    const s = new StepJobs();
    notifyOrderEvents(s, order(), [{ kind: 'order', toStatus: 8 }], now);
    expect(s.jobs.map((j) => [(j.data as { kind: string }).kind, j.options?.startAfter ?? null])).toEqual([
      ['tickets_issued', null],
      ['departure_eve', new Date('2026-12-11T12:00:00Z')],
      ['departure_2h', new Date('2026-12-11T23:00:00Z')],
    ]);
    const a = new StepJobs();
    notifyOrderEvents(a, order({ agencyId: 'a1' }), [{ kind: 'order', toStatus: 9 }], now);
    expect(a.jobs.map((j) => (j.data as { kind: string }).kind)).toEqual(['agency_customer_order']);
  });

  it('refund and change results, keyed by their record and state', () => {
    const s = new StepJobs();
    notifyOrderEvents(
      s,
      order(),
      [
        { kind: 'refund', refId: 'r1', toStatus: 21 },
        { kind: 'refund', refId: 'r2', toStatus: 20 },
        { kind: 'change', refId: 'c1', toStatus: 34 },
        { kind: 'ticket', refId: 't1', toStatus: 21 },
      ],
      now,
    );
    expect(s.jobs.map((j) => (j.data as { key: string }).key)).toEqual(['refund:r1:21', 'change:c1:34']);
  });

  it('a completed 改签: its result and the reminders of the new train (keyed by the change, refId the change)', () => {
    const s = new StepJobs();
    const changed = new Map([['c1', new Date('2026-12-13T06:00:00Z')]]);
    notifyOrderEvents(s, order(), [{ kind: 'change', refId: 'c1', toStatus: 34 }], now, changed);
    expect(
      s.jobs.map((j) => [
        (j.data as { key: string }).key,
        (j.data as { refId?: string }).refId,
        j.options?.startAfter ?? null,
      ]),
    ).toEqual([
      ['change:c1:34', 'c1', null],
      ['change:c1:depart-eve', 'c1', new Date('2026-12-12T12:00:00Z')],
      ['change:c1:depart-2h', 'c1', new Date('2026-12-13T04:00:00Z')],
    ]);
    // A failed change (35) has no new train.
    const f = new StepJobs();
    notifyOrderEvents(f, order(), [{ kind: 'change', refId: 'c1', toStatus: 35 }], now, changed);
    expect(f.jobs.map((j) => (j.data as { key: string }).key)).toEqual(['change:c1:35']);
  });
});

describe('times', () => {
  it('the evening before is 20:00 Beijing time the day before, across midnight UTC', () => {
    expect(formatShanghai(eveningBefore(new Date('2026-12-12T01:00:00Z')))).toBe('2026-12-11 20:00');
    expect(formatShanghai(eveningBefore(new Date('2026-12-11T17:30:00Z')))).toBe('2026-12-11 20:00');
  });

  it('quiet hours span midnight when start > end', () => {
    expect(inQuietHours(23 * 60, 22 * 60, 7 * 60)).toBe(true);
    expect(inQuietHours(6 * 60 + 59, 22 * 60, 7 * 60)).toBe(true);
    expect(inQuietHours(7 * 60, 22 * 60, 7 * 60)).toBe(false);
    expect(inQuietHours(13 * 60, 12 * 60, 14 * 60)).toBe(true);
    expect(inQuietHours(13 * 60, null, null)).toBe(false);
  });
});

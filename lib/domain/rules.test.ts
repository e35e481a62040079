import { describe, expect, it } from 'vitest';
import {
  CHANGE_FEE_PERCENT,
  CHILD_AGE_FROM,
  CHILD_AGE_UNDER,
  MAX_FREQUENT_PASSENGERS,
  MAX_PASSENGERS_PER_ORDER,
  MIN_REFUND_FEE_FEN,
  PAY_LIMIT_MINUTES,
  PRESALE_DAYS,
  REFUND_FEE_SCHEDULE,
  REFUND_LOCK_AFTER_ISSUE_MINUTES,
  RULE_TABLE,
  SALES_CLOSE_MINUTES_BEFORE_DEPARTURE,
  SHORT_PAY_LIMIT_MINUTES,
  SHORT_PAY_LIMIT_WHEN_DEPARTING_WITHIN_MINUTES,
  TRAIN_ACCOUNT_SESSION_HOURS,
  VERIFIED_PASSENGER_DELETE_LOCK_DAYS,
  cancelLimit,
  payLimitAt,
  ruleAt,
  ruleVersionAt,
  salesOpen,
  type RuleVersion,
} from './rules';

const MIN = 60_000;

describe('the dated rule table', () => {
  it('every rule has versions in ascending effectiveFrom order, real dates and a source', () => {
    for (const [key, versions] of Object.entries(RULE_TABLE) as [string, readonly RuleVersion<unknown>[]][]) {
      expect(versions.length, key).toBeGreaterThan(0);
      for (const [i, v] of versions.entries()) {
        expect(v.effectiveFrom, key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(new Date(`${v.effectiveFrom}T00:00:00Z`).toISOString().slice(0, 10)).toBe(v.effectiveFrom);
        expect(v.source.length, key).toBeGreaterThan(5);
        if (i > 0) expect(v.effectiveFrom > versions[i - 1]!.effectiveFrom, key).toBe(true);
      }
    }
  });

  it('holds the sandbox defaults of DOMAIN_NOTES', () => {
    expect(PRESALE_DAYS).toBe(15);
    expect(SALES_CLOSE_MINUTES_BEFORE_DEPARTURE).toBe(25);
    expect(ruleAt('refundCloseMinutes')).toBe(25);
    expect(REFUND_LOCK_AFTER_ISSUE_MINUTES).toBe(5);
    expect(PAY_LIMIT_MINUTES).toBe(10);
    expect(SHORT_PAY_LIMIT_MINUTES).toBe(2);
    expect(SHORT_PAY_LIMIT_WHEN_DEPARTING_WITHIN_MINUTES).toBe(30);
    expect(CHANGE_FEE_PERCENT).toBe(5);
    expect(MAX_PASSENGERS_PER_ORDER).toBe(9);
    expect(MAX_FREQUENT_PASSENGERS).toBe(15);
    expect(VERIFIED_PASSENGER_DELETE_LOCK_DAYS).toBe(30);
    expect(TRAIN_ACCOUNT_SESSION_HOURS).toBe(10);
    expect([CHILD_AGE_FROM, CHILD_AGE_UNDER]).toEqual([6, 14]);
    expect(MIN_REFUND_FEE_FEN).toBe(200);
    expect(REFUND_FEE_SCHEDULE).toEqual([
      { atLeastHoursBefore: 192, percent: 0 },
      { atLeastHoursBefore: 48, percent: 5 },
      { atLeastHoursBefore: 24, percent: 10 },
      { atLeastHoursBefore: Number.NEGATIVE_INFINITY, percent: 20 },
    ]);
  });

  it('marks the (verify) rules', () => {
    for (const k of [
      'salesCloseMinutes',
      'changeFeePercent',
      'changeDestinationHoursBefore',
      'studentFarePercent',
    ] as const)
      expect(RULE_TABLE[k][0].verify, k).toBe(true);
    expect(RULE_TABLE.childAgeFrom[0].effectiveFrom).toBe('2023-01-01');
  });

  it('looks a rule up by date (Shanghai calendar), earliest version before its start', () => {
    const table = {
      presaleDays: [
        { value: 30, effectiveFrom: '2020-01-01', source: 'old notice' },
        { value: 15, effectiveFrom: '2024-01-01', source: 'new notice' },
      ],
    } as unknown as typeof RULE_TABLE;
    expect(ruleVersionAt('presaleDays', '2019-05-05', table).value).toBe(30);
    expect(ruleVersionAt('presaleDays', '2023-12-31', table).value).toBe(30);
    expect(ruleVersionAt('presaleDays', '2024-01-01', table).value).toBe(15);
    // 2023-12-31T16:00Z is already 2024-01-01 in Shanghai.
    expect(ruleVersionAt('presaleDays', new Date('2023-12-31T15:59:59Z'), table).value).toBe(30);
    expect(ruleVersionAt('presaleDays', new Date('2023-12-31T16:00:00Z'), table).value).toBe(15);
    expect(ruleAt('presaleDays', '2030-01-01')).toBe(15);
  });
});

describe('payLimitAt', () => {
  const held = new Date('2026-12-01T10:00:00+08:00');
  it.each([
    [30 * MIN + 1, 10],
    [31 * MIN, 10],
    [30 * MIN, 2],
    [29 * MIN, 2],
    [0, 2],
  ])('departure %d ms after the hold → %d minutes to pay', (ms, minutes) => {
    expect(payLimitAt(held, new Date(held.getTime() + ms)).getTime() - held.getTime()).toBe(minutes * MIN);
  });
});

describe('salesOpen', () => {
  const dep = new Date('2026-12-01T10:00:00+08:00');
  it('closes 25 minutes before departure (exactly 25 is still open)', () => {
    expect(salesOpen(dep, new Date(dep.getTime() - 25 * MIN))).toBe(true);
    expect(salesOpen(dep, new Date(dep.getTime() - 25 * MIN + 1))).toBe(false);
  });
});

describe('cancelLimit (maxCancellationsPerDay: DOMAIN_NOTES l.13, juhe dictionary 206)', () => {
  const on = new Date('2026-12-06T10:00:00+08:00');
  it('allows the first two cancels of the day without a word', () => {
    expect(cancelLimit(0, on)).toEqual({ refuse: null, warn: null });
    expect(cancelLimit(1, on)).toEqual({ refuse: null, warn: null });
  });
  it('warns before the third ("今天已取消 2 次，再取消将…")', () => {
    const r = cancelLimit(2, on);
    expect(r.refuse).toBeNull();
    expect(r.warn).toMatch(/^今天已取消 2 次，再取消将/);
  });
  it('refuses the fourth and later in plain words', () => {
    for (const n of [3, 4]) {
      const r = cancelLimit(n, on);
      expect(r.warn).toBeNull();
      expect(r.refuse).toContain(`今天已取消 ${n} 次订单`);
      expect(r.refuse).toContain('取消请求已锁定');
    }
  });
});

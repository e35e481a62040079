import { describe, expect, it } from 'vitest';
import { csvResponse, LAST_DAY, parseListFilter, parseRangeForPage, rangeSchema, toDayRange } from './pages';

describe('reconciliation date ranges far out', () => {
  it('refuses a day the range end cannot be computed for (9999-12-31) with a message', () => {
    const r = rangeSchema.safeParse({ from: '9999-12-30', to: '9999-12-31' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join()).toMatch(/2000–2099/);
    expect(rangeSchema.safeParse({ to: '9999-12-31' }).success).toBe(false);
    expect(rangeSchema.safeParse({ from: '0001-01-01' }).success).toBe(false);
  });

  it('pages report the bad day and fall back to the default range, whose instants are valid', () => {
    const page = parseRangeForPage({ from: '9999-12-31', to: '9999-12-31' });
    expect(page.errors.from?.[0]).toMatch(/2000–2099/);
    expect(Number.isNaN(page.range.to.getTime())).toBe(false);
    const list = parseListFilter({ to: '9999-12-31' });
    expect(list.filter.to).toBeUndefined();
    expect(list.errors.to).toBeDefined();
  });

  it('the last day accepted still has a valid end instant', () => {
    const r = toDayRange(rangeSchema.parse({ from: LAST_DAY, to: LAST_DAY }));
    expect(r.to.toISOString()).toBe('2099-12-31T16:00:00.000Z');
  });
});

describe('csvResponse', () => {
  it('a query that fails before the first rows is an error, not a 200 download that breaks off', async () => {
    async function* rows(): AsyncGenerator<string[]> {
      yield ['时间', '金额'];
      await Promise.resolve();
      throw new Error('invalid input syntax for type timestamp with time zone: "Invalid Date"');
    }
    await expect(Promise.resolve().then(() => csvResponse(rows(), 'x.csv'))).rejects.toThrow(/Invalid Date/);
  });
});

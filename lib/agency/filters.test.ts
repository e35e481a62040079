import { describe, expect, it } from 'vitest';
import { parseOrderFilter } from './filters';

describe('parseOrderFilter', () => {
  it('ignores query keys that are not filters, Object.prototype member names included', () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'unknown'])
      expect(parseOrderFilter({ [key]: '1', train: 'G1' })).toEqual({ train: 'G1' });
  });

  it('drops bad values and keeps good ones', () => {
    expect(parseOrderFilter({ status: '99', from: '2026-13-01', orderNo: 'ABCD1234' })).toEqual({
      orderNo: 'ABCD1234',
    });
  });

  it('drops days the query cannot bound (the day after 9999-12-31 is no Date)', () => {
    expect(parseOrderFilter({ from: '1999-12-31', to: '9999-12-31' })).toEqual({});
    expect(parseOrderFilter({ from: '2000-01-01', to: '2099-12-31' })).toEqual({
      from: '2000-01-01',
      to: '2099-12-31',
    });
  });
});

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
});

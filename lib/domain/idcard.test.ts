import { describe, expect, it } from 'vitest';
import { ageOn, birthDateOfId, isValidIdCard, makeIdCard } from './idcard';

describe('GB 11643 ID numbers', () => {
  it('accepts a known valid number and rejects a wrong check digit', () => {
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('110105194912310021')).toBe(false);
  });
  it('rejects impossible birth dates and wrong lengths', () => {
    expect(isValidIdCard(makeIdCard('110101', '1990-02-30', 1))).toBe(false);
    expect(isValidIdCard('1101011990010100')).toBe(false);
  });
  it('makes valid numbers and reads the birth date back', () => {
    const id = makeIdCard('320102', '2015-06-01', 7);
    expect(isValidIdCard(id)).toBe(true);
    expect(birthDateOfId(id)).toBe('2015-06-01');
  });
  it('computes the age on a travel date', () => {
    expect(ageOn('2015-06-01', '2029-05-31')).toBe(13);
    expect(ageOn('2015-06-01', '2029-06-01')).toBe(14);
  });
});

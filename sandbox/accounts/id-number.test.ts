import { describe, expect, it } from 'vitest';
import { birthDateOfIdNumber, idNumberCheckChar, idNumberFor, isIdNumber } from './id-number';

describe('GB 11643 ID numbers as the sandbox checks them', () => {
  it("accepts the documents' own example and its lower-case x", () => {
    // juhe-train-api.md's passenger example.
    expect(isIdNumber('11010519491231002X')).toBe(true);
    expect(isIdNumber(' 11010519491231002x ')).toBe(true);
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });
  it('refuses a wrong check character, an impossible birth date and a wrong shape', () => {
    expect(isIdNumber('110105194912310021')).toBe(false);
    expect(isIdNumber(idNumberFor('110101', '1990-02-30', 1))).toBe(false);
    expect(isIdNumber(idNumberFor('110101', '1899-12-31', 1))).toBe(false);
    expect(isIdNumber('1101051949123100')).toBe(false);
  });
  it('reads the birth date and builds numbers that pass', () => {
    expect(birthDateOfIdNumber('11010519491231002X')).toBe('1949-12-31');
    expect(birthDateOfIdNumber('110105194902300021')).toBeNull();
    for (let seq = 0; seq < 50; seq++) expect(isIdNumber(idNumberFor('320505', '2016-08-08', seq))).toBe(true);
  });
});

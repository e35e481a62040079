import { describe, expect, it } from 'vitest';
import {
  ageOn,
  birthDateOfId,
  generateIdCard,
  idCheckChar,
  isRealDate,
  isValidIdCard,
  makeIdCard,
  parseIdCard,
  sexOfId,
  ticketTypeForAge,
  ticketTypeForBirthDate,
} from './idcard';

describe('GB 11643 check character', () => {
  it('matches published examples', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    // The standard's own example is born in 1880: right check character, but before 1900 we refuse it.
    expect(isValidIdCard('440524188001010014')).toBe(false);
  });
  it('accepts a lower-case x and surrounding spaces', () => {
    expect(isValidIdCard(' 11010519491231002x ')).toBe(true);
    expect(parseIdCard('11010519491231002x')?.id).toBe('11010519491231002X');
  });
  it('rejects every wrong check character', () => {
    for (const c of '0123456789X') if (c !== 'X') expect(isValidIdCard(`11010519491231002${c}`)).toBe(false);
  });
  it('needs exactly 17 digits to compute', () => {
    expect(() => idCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => idCheckChar('1101051949123100A')).toThrow(RangeError);
  });
});

describe('format and birth date', () => {
  it.each([
    ['1101011990010100', 'too short'],
    ['1101011990010100123', 'too long'],
    ['11010119900101001A', 'bad last char'],
    ['A10101199001010010', 'letter'],
  ])('rejects %s (%s)', (id) => expect(isValidIdCard(id)).toBe(false));
  it('rejects impossible birth dates even with a correct check character', () => {
    for (const birth of ['1990-02-30', '1991-02-29', '1990-13-01', '1990-00-10', '1990-04-31', '1899-12-31'])
      expect(isValidIdCard(makeIdCard('110101', birth, 1)), birth).toBe(false);
    expect(isValidIdCard(makeIdCard('110101', '2000-02-29', 1))).toBe(true);
  });
  it('rejects a birth date after `today` when given', () => {
    const id = makeIdCard('110101', '2030-01-01', 1);
    expect(isValidIdCard(id)).toBe(true);
    expect(isValidIdCard(id, '2026-11-24')).toBe(false);
  });
  it('reads birth date and sex (odd sequence = male 1, even = female 2)', () => {
    expect(birthDateOfId('11010519491231002X')).toBe('1949-12-31');
    expect(sexOfId('11010519491231002X')).toBe(2);
    expect(sexOfId(makeIdCard('320102', '2015-06-01', 7))).toBe(1);
    expect(sexOfId('110105194912310021')).toBeNull();
    expect(parseIdCard(makeIdCard('320102', '2015-06-01', 7))).toEqual({
      id: makeIdCard('320102', '2015-06-01', 7),
      areaCode: '320102',
      birthDate: '2015-06-01',
      sex: 1,
    });
  });
  it('isRealDate', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
    expect(isRealDate('2024-2-29')).toBe(false);
  });
});

describe('age and ticket type', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2015-06-01', '2029-05-31')).toBe(13);
    expect(ageOn('2015-06-01', '2029-06-01')).toBe(14);
    expect(ageOn('2015-06-01', '2015-06-01')).toBe(0);
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(13);
    expect(ageOn('2012-02-29', '2026-03-01')).toBe(14);
    expect(() => ageOn('2012/02/29', '2026-03-01')).toThrow(RangeError);
  });
  it.each([
    [0, 2, true],
    [5, 2, true],
    [6, 2, false],
    [13, 2, false],
    [14, 1, false],
    [60, 1, false],
  ])('age %d → ticket type %d, free under 6: %s', (age, type, free) => {
    expect(ticketTypeForAge(age)).toEqual({ ticketType: type, mayTravelFree: free });
  });
  it('uses the age on the travel date', () => {
    expect(ticketTypeForBirthDate('2012-12-02', '2026-12-01').ticketType).toBe(2); // 13
    expect(ticketTypeForBirthDate('2012-12-01', '2026-12-01').ticketType).toBe(1); // 14 that day
    expect(ticketTypeForBirthDate('2020-12-02', '2026-12-01').mayTravelFree).toBe(true); // 5
  });
  it('refuses a negative or fractional age', () => {
    expect(() => ticketTypeForAge(-1)).toThrow(RangeError);
    expect(() => ticketTypeForAge(6.5)).toThrow(RangeError);
  });
});

describe('test ID generation', () => {
  it('makes valid numbers that read back', () => {
    for (let i = 0; i < 400; i++) {
      const birth = new Date(Date.UTC(1930, 0, 1) + i * 97 * 86_400_000).toISOString().slice(0, 10);
      const id = generateIdCard({ birthDate: birth, seq: i % 1000, area: '310101' });
      expect(isValidIdCard(id), id).toBe(true);
      expect(birthDateOfId(id)).toBe(birth);
    }
  });
  it('forces the sex when asked, and defaults the area', () => {
    expect(sexOfId(generateIdCard({ birthDate: '1990-05-05', sex: 2 }))).toBe(2);
    expect(sexOfId(generateIdCard({ birthDate: '1990-05-05', seq: 998, sex: 1 }))).toBe(1);
    expect(sexOfId(generateIdCard({ birthDate: '1990-05-05', seq: 999, sex: 2 }))).toBe(2);
    expect(generateIdCard({ birthDate: '1990-05-05' }).startsWith('11010119900505')).toBe(true);
  });
  it('refuses a bad date, area or sequence', () => {
    expect(() => generateIdCard({ birthDate: '1990-02-30' })).toThrow(RangeError);
    expect(() => generateIdCard({ birthDate: '1990-02-03', area: '1101' })).toThrow(RangeError);
    expect(() => generateIdCard({ birthDate: '1990-02-03', seq: 1000 })).toThrow(RangeError);
  });
});

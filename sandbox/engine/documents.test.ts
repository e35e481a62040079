import { describe, expect, it } from 'vitest';
import { MSG } from '@/protocol/panhe/codes';
import { SandboxError } from './context';
import { checkDocuments, documentProblem, isRealDate } from './documents';

const at = new Date('2026-12-06T04:00:00Z');
const passport = { name: 'JOHN SMITH', cardType: 2, birthday: '1980-05-01', sex: 1, countryCode: 'US' };

describe('创单 document fields (panhe-train-api.md l.103-106)', () => {
  it('accepts a 身份证 without any and a complete passport, 港澳 and 台胞 passenger', () => {
    expect(documentProblem({ name: '张三', cardType: 1 }, at)).toBeNull();
    expect(documentProblem({ name: '李四', cardType: 9 }, at)).toBeNull();
    expect(documentProblem(passport, at)).toBeNull();
    // 3 and 4 need birthday and sex, not the country (l.106 names 2 and 8 only).
    expect(documentProblem({ name: '陈大文', cardType: 3, birthday: '1990-01-02', sex: 2 }, at)).toBeNull();
    expect(documentProblem({ name: '林志明', cardType: 4, birthday: '1990-01-02', sex: 1 }, at)).toBeNull();
  });

  it.each([
    [2, 'birthday', { ...passport, birthday: undefined }],
    [2, 'sex', { ...passport, sex: null }],
    [2, 'countryCode', { ...passport, countryCode: '' }],
    [3, 'birthday', { name: '陈大文', cardType: 3, sex: 1 }],
    [4, 'sex', { name: '林志明', cardType: 4, birthday: '1990-01-02' }],
    [8, 'countryCode', { name: 'ANNA', cardType: 8, birthday: '1990-01-02', sex: 2 }],
  ])('cardType %i without %s is refused, naming the passenger and the field', (_, field, p) => {
    const problem = documentProblem(p, at);
    expect(problem).toMatch(/^参数无效:/);
    expect(problem).toContain(`缺少${field}`);
    expect(problem).toContain(p.name);
  });

  it.each([
    ['birthday not yyyy-MM-dd', { ...passport, birthday: '1980/05/01' }, 'birthday'],
    ['birthday not a real date', { ...passport, birthday: '1980-02-30' }, 'birthday'],
    ['birthday masked as 12306 lists it', { ...passport, birthday: '****-**-**' }, 'birthday'],
    ['birthday in the future', { ...passport, birthday: '2030-01-01' }, 'birthday'],
    ['sex 0', { ...passport, sex: 0 }, 'sex'],
    ['sex 3', { ...passport, sex: 3 }, 'sex'],
    ['countryCode with digits', { ...passport, countryCode: 'U1' }, 'countryCode'],
    ['cardValidEndDate not a date', { ...passport, cardValidEndDate: '2030-13-01' }, 'cardValidEndDate'],
    ['a card type outside the table', { name: 'X', cardType: 5 }, 'cardType'],
  ])('%s is refused', (_, p, field) => {
    expect(documentProblem(p, at)).toContain(field);
  });

  it('a malformed optional field is refused even where the card type does not require it', () => {
    expect(documentProblem({ name: '张三', cardType: 1, birthday: '1990-1-1' }, at)).toContain('birthday');
  });

  it('checkDocuments throws msgCode 101 参数无效 for the first bad passenger', () => {
    try {
      checkDocuments(
        [
          { name: '张三', cardType: 1 },
          { ...passport, birthday: null },
        ],
        at,
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SandboxError);
      expect((e as SandboxError).msgCode).toBe(MSG.BAD_PARAMS);
      expect((e as SandboxError).msgCode).toBe(101);
      expect((e as Error).message).toContain('JOHN SMITH缺少birthday');
    }
    expect(() => checkDocuments([passport], at)).not.toThrow();
  });

  it('isRealDate', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
    expect(isRealDate('2023-2-28')).toBe(false);
  });
});

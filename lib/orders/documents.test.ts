import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { ProviderCapabilities } from '@/lib/provider/port';
import { holdDocuments, requireBookableDocuments } from './documents';

const caps = (cardTypes: number[]) => ({ cardTypes }) as unknown as ProviderCapabilities;
const panhe = { label: '盘河', capabilities: caps([1, 2, 3, 4, 8, 9]) };
const juhe = { label: '聚合数据', capabilities: caps([1, 2, 3, 4]) };
const passport = {
  name: 'JOHN SMITH',
  idType: '2',
  idNo: 'E12345678',
  birthday: '1980-05-01',
  sex: 1,
  countryCode: 'US',
};

function refusal(f: () => void): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('requireBookableDocuments', () => {
  it('passes complete documents the provider takes', () => {
    expect(() =>
      requireBookableDocuments([panhe, juhe], [passport, { name: '张三', idType: '1', idNo: 'x' }]),
    ).not.toThrow();
  });

  it('refuses a passport without its birthday with a 422 naming passenger, field and 常用乘客', () => {
    const e = refusal(() => requireBookableDocuments([panhe], [{ ...passport, birthday: null }]));
    expect(e.code).toBe('validation');
    expect(e.status).toBe(422);
    expect(e.message).toContain('JOHN SMITH');
    expect(e.message).toContain('出生日期');
    expect(e.message).toContain('常用乘客');
    expect(e.fieldErrors?.passengers).toHaveLength(1);
  });

  it('names every passenger with a problem once, even when a child travels on the same ID', () => {
    const hk = { name: '陈大文', idType: '3', idNo: 'H12345678', birthday: null, sex: null };
    const e = refusal(() => requireBookableDocuments([panhe], [{ ...passport, sex: null }, hk, hk]));
    expect(e.fieldErrors?.passengers).toHaveLength(2);
    expect(e.message).toMatch(/JOHN SMITH.*性别/);
    expect(e.message).toMatch(/陈大文.*出生日期、性别/);
  });

  it('refuses a card type a provider cannot book (Juhe: no 8 外国人永久居留身份证)', () => {
    const pr = { ...passport, idType: '8', idNo: 'USA123456789012' };
    expect(() => requireBookableDocuments([panhe], [pr])).not.toThrow();
    const e = refusal(() => requireBookableDocuments([panhe, juhe], [pr]));
    expect(e.message).toContain('经聚合数据出票不能使用外国人永久居留身份证');
    expect(e.message).toContain('JOHN SMITH');
  });
});

describe('holdDocuments', () => {
  it('maps the ticket columns to the hold passenger, the contact mobile when the ticket has none', () => {
    const t = { idNoHash: 'h', birthday: '1980-05-01', sex: 2, countryCode: 'GB', cardValidUntil: null, mobile: null };
    expect(holdDocuments(t, '13800138000')).toEqual({
      mobile: '13800138000',
      birthday: '1980-05-01',
      sex: 2,
      countryCode: 'GB',
      cardValidUntil: null,
    });
    expect(holdDocuments({ ...t, sex: 0 }, null).sex).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  holdFieldsFor,
  missingHoldFields,
  missingHoldFieldsMessage,
  missingRegistrationFields,
  registrationFieldsFor,
} from './documents';
import { RULE_TABLE } from './rules';

describe('holdDocumentFields (panhe-train-api.md 创单 l.103, l.105, l.106)', () => {
  it('the rules table holds the documented card types', () => {
    expect(RULE_TABLE.holdDocumentFields.at(-1)!.value).toEqual({ birthdayAndSex: [2, 3, 4, 8], country: [2, 8] });
    expect(RULE_TABLE.holdDocumentFields.at(-1)!.source).toMatch(/l\.103/);
  });

  it.each([
    [1, []],
    [9, []],
    [2, ['birthday', 'sex', 'countryCode']],
    [3, ['birthday', 'sex']],
    [4, ['birthday', 'sex']],
    [8, ['birthday', 'sex', 'countryCode']],
  ])('cardType %i needs %j', (cardType, fields) => {
    expect(holdFieldsFor(cardType)).toEqual(fields);
    expect(holdFieldsFor(String(cardType))).toEqual(fields);
  });

  it('counts ill-formed values as missing: masked or impossible birthdays, sex 0, a numeric country', () => {
    const ok = { birthday: '1980-05-01', sex: 1, countryCode: 'US' };
    expect(missingHoldFields(2, ok)).toEqual([]);
    expect(missingHoldFields(2, {})).toEqual(['birthday', 'sex', 'countryCode']);
    expect(missingHoldFields(2, { ...ok, birthday: '****-**-**' })).toEqual(['birthday']);
    expect(missingHoldFields(2, { ...ok, birthday: '1980-02-30' })).toEqual(['birthday']);
    expect(missingHoldFields(2, { ...ok, sex: 0 })).toEqual(['sex']);
    expect(missingHoldFields(8, { ...ok, countryCode: '840' })).toEqual(['countryCode']);
    expect(missingHoldFields(3, { birthday: '1980-05-01', sex: 2, countryCode: null })).toEqual([]);
    expect(missingHoldFields(1, {})).toEqual([]);
  });

  it('the message names the passenger, the fields and where to complete them', () => {
    const m = missingHoldFieldsMessage('JOHN SMITH', ['birthday', 'countryCode']);
    expect(m).toContain('JOHN SMITH');
    expect(m).toContain('出生日期、国家或地区代码');
    expect(m).toContain('常用乘客');
  });
});

describe('registrationDocumentFields (panhe-train-api.md 账号注册 l.302-306)', () => {
  it.each([
    [1, []],
    [9, []],
    [2, ['birthday', 'sex', 'cardValidUntil', 'countryCode']],
    [3, ['birthday', 'sex', 'cardValidUntil', 'email']],
    [4, ['birthday', 'sex', 'cardValidUntil', 'email']],
    [8, ['birthday', 'sex', 'cardValidUntil', 'countryCode']],
  ])('cardType %i needs %j', (cardType, fields) => {
    expect(registrationFieldsFor(cardType)).toEqual(fields);
  });

  it('a 港澳 registration without an e-mail lacks exactly the e-mail', () => {
    const d = { birthday: '1990-01-02', sex: 1, cardValidUntil: '2030-01-01' };
    expect(missingRegistrationFields(3, d)).toEqual(['email']);
    expect(missingRegistrationFields(3, { ...d, email: 'not-an-address' })).toEqual(['email']);
    expect(missingRegistrationFields(3, { ...d, email: 'chan@example.hk' })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { idNumberFor as makeIdCard } from '@/sandbox/accounts/id-number';
import { describeIssues, forgotCodeRequest, registerRequest, saveRequest, selfRequest } from './schemas';

const cred = { trainAccount: 'AAAA', trainPassword: 'BBBB' };
const id = makeIdCard('110101', '1990-03-07', 851);
const msg = (r: { success: boolean; error?: unknown }) =>
  r.success ? '' : describeIssues(r.error as Parameters<typeof describeIssues>[0]);

describe('request schemas', () => {
  it('accept numbers sent as strings, as in the documented examples', () => {
    const r = registerRequest.safeParse({
      ...cred,
      name: '张三',
      cardType: '1',
      cardNo: id.toLowerCase(),
      mobile: '15000000000',
      passengerType: 1,
      msgCode: '123456',
    });
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ cardType: 1, cardNo: id.toUpperCase(), passengerType: 1 });
  });

  it('names missing and invalid fields in Chinese', () => {
    expect(msg(selfRequest.safeParse({ ...cred }))).toBe('参数无效:passengerType 缺少该参数');
    expect(msg(selfRequest.safeParse({ ...cred, passengerType: 7 }))).toBe('参数无效:passengerType 须为 1/2/3/4 之一');
    expect(msg(selfRequest.safeParse({ trainPassword: 'x', passengerType: 1 }))).toBe(
      '参数无效:trainAccount 缺少该参数',
    );
    expect(msg(selfRequest.safeParse({ ...cred, trainAccount: '  ', passengerType: 1 }))).toBe(
      '参数无效:trainAccount 不能为空',
    );
    expect(msg(forgotCodeRequest.safeParse({ requestID: 'r1', cardType: 1, cardNo: id, mobile: '12345' }))).toBe(
      '参数无效:mobile 须为11位中国大陆手机号',
    );
  });

  it('checks GB 11643 numbers and the documented conditional fields', () => {
    const base = { ...cred, id: 0, name: '李四', mobile: '13800138000', passengerType: 1 };
    expect(msg(saveRequest.safeParse({ ...base, cardType: 1, cardNo: `${id.slice(0, 17)}0` }))).toMatch(
      /^参数无效:cardNo 证件号码无效/,
    );
    expect(msg(saveRequest.safeParse({ ...base, cardType: 2, cardNo: 'E12345678' }))).toBe(
      '参数无效:birthday 当 cardType 为 2 时必填',
    );
    const passport = saveRequest.safeParse({
      ...base,
      cardType: 2,
      cardNo: 'e12345678',
      birthday: '1990-01-01',
      cardValidEndDate: '2030-01-01',
      sex: '2',
      countryCode: 'us',
    });
    expect(passport.success).toBe(true);
    expect(
      msg(
        saveRequest.safeParse({
          ...base,
          cardType: 3,
          cardNo: 'H1234567',
          birthday: '1990-02-30',
          cardValidEndDate: '2030-01-01',
          sex: 1,
        }),
      ),
    ).toBe('参数无效:birthday 须为 yyyy-MM-dd 格式的日期');
  });

  it('账号注册 (panhe-train-api.md l.296-306): email for 3/4, birthday/sex/expiry beyond 1/9, country for 2/8, passengerType required', () => {
    const base = { ...cred, name: '陈大文', mobile: '15000000000', msgCode: '123456', passengerType: 1 };
    const hk = {
      ...base,
      cardType: 3,
      cardNo: 'H12345678',
      birthday: '1990-01-02',
      sex: 1,
      cardValidEndDate: '2030-01-01',
    };
    expect(msg(registerRequest.safeParse(hk))).toBe('参数无效:email 当 cardType 为 3 时必填');
    expect(msg(registerRequest.safeParse({ ...hk, cardType: 4, cardNo: '12345678' }))).toBe(
      '参数无效:email 当 cardType 为 4 时必填',
    );
    expect(registerRequest.safeParse({ ...hk, email: 'chan@example.hk' }).success).toBe(true);
    expect(msg(registerRequest.safeParse({ ...hk, email: 'x@y.z', cardValidEndDate: null }))).toBe(
      '参数无效:cardValidEndDate 当 cardType 为 3 时必填',
    );
    const passport = {
      ...base,
      cardType: 2,
      cardNo: 'E12345678',
      birthday: '1990-01-02',
      sex: 2,
      cardValidEndDate: '2030-01-01',
    };
    expect(msg(registerRequest.safeParse(passport))).toBe('参数无效:countryCode 当 cardType 为 2 时必填');
    expect(registerRequest.safeParse({ ...passport, countryCode: 'GB' }).success).toBe(true);
    // 身份证: none of them; passengerType is 是 (required) and may be any of 1-4.
    const idCard = { ...base, cardType: 1, cardNo: id };
    expect(registerRequest.safeParse({ ...idCard, passengerType: 3 }).data?.passengerType).toBe(3);
    const { passengerType: _omit, ...noType } = idCard;
    expect(msg(registerRequest.safeParse(noType))).toBe('参数无效:passengerType 缺少该参数');
  });

  it('allows a masked card number only when modifying (id > 0)', () => {
    const masked = {
      ...cred,
      name: '李四',
      cardType: 1,
      cardNo: '1101***********851',
      mobile: '13800138000',
      passengerType: 1,
    };
    expect(saveRequest.safeParse({ ...masked, id: 5 }).success).toBe(true);
    expect(saveRequest.safeParse({ ...masked, id: 0 }).success).toBe(false);
  });

  it('refuses the fields 增/改常旅 and 账号注册 mark 是 when left out (panhe-train-api.md l.301, l.376-381)', () => {
    const save = { ...cred, id: 0, name: '李四', cardType: 1, cardNo: id, mobile: '13800138000', passengerType: 1 };
    expect(saveRequest.safeParse(save).success).toBe(true);
    for (const field of ['id', 'mobile', 'passengerType'] as const) {
      const { [field]: _, ...rest } = save;
      expect(msg(saveRequest.safeParse(rest))).toBe(`参数无效:${field} 缺少该参数`);
    }
    const reg = { ...cred, name: '张三', cardType: 1, cardNo: id, mobile: '15000000000', msgCode: '123456' };
    expect(msg(registerRequest.safeParse(reg))).toBe('参数无效:passengerType 缺少该参数');
  });
});

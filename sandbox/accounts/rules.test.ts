import { describe, expect, it } from 'vitest';
import { idNumberFor as makeIdCard } from '@/sandbox/accounts/id-number';
import {
  beijingDate,
  cardNoMatches,
  decodeBase64,
  deleteLockMessage,
  deleteUnlockDate,
  identityVerifiedAtFor,
  identityVerifyStatus,
  isDeleteLocked,
  isMobile,
  isSessionLive,
  isTrainAccountName,
  isTrainPassword,
  isValidCardNo,
  maskCardNo,
  maskHolderName,
  mobileVerificationCode,
  mobileVerifyStatus,
  photoKind,
  sexOfIdNumber,
} from './rules';

describe('account rules', () => {
  it('user names: 6-30 letters, digits or _, starting with a letter', () => {
    expect(isTrainAccountName('sandbox')).toBe(true);
    expect(isTrainAccountName('a_1234')).toBe(true);
    expect(isTrainAccountName('1abcdef')).toBe(false);
    expect(isTrainAccountName('abc')).toBe(false);
    expect(isTrainAccountName('a'.repeat(31))).toBe(false);
    expect(isTrainAccountName('张三abcdef')).toBe(false);
  });

  it('passwords: at least 6, only letters/digits/_, at least two of the three kinds', () => {
    expect(isTrainPassword('sandbox123')).toBe(true);
    expect(isTrainPassword('abc_def')).toBe(true);
    expect(isTrainPassword('123_456')).toBe(true);
    expect(isTrainPassword('abcdefg')).toBe(false);
    expect(isTrainPassword('1234567')).toBe(false);
    expect(isTrainPassword('a1b2')).toBe(false);
    expect(isTrainPassword('abc-123')).toBe(false);
  });

  it('mobiles and document numbers', () => {
    expect(isMobile('13800138000')).toBe(true);
    expect(isMobile('12800138000')).toBe(false);
    expect(isMobile('1380013800')).toBe(false);
    const id = makeIdCard('110101', '1990-03-07', 851);
    expect(isValidCardNo(1, id)).toBe(true);
    expect(isValidCardNo(1, `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`)).toBe(false);
    expect(isValidCardNo(2, 'E12345678')).toBe(true);
    expect(isValidCardNo(2, 'E1')).toBe(false);
  });

  it('masks card numbers as 获取常旅客 does and matches the masked form', () => {
    expect(maskCardNo('230800199001010029')).toBe('2308***********029');
    expect(maskCardNo('E12345678')).toBe('E******78');
    expect(cardNoMatches('23080019900101002X', '23080019900101002x')).toBe(true);
    expect(cardNoMatches('230800199001010029', '2308***********029')).toBe(true);
    expect(cardNoMatches('230800199001010029', '2308***********028')).toBe(false);
    expect(cardNoMatches('230800199001010029', '230800199001010028')).toBe(false);
  });

  it('sex from the 17th digit', () => {
    expect(sexOfIdNumber(makeIdCard('110101', '1990-01-01', 13))).toBe(1);
    expect(sexOfIdNumber(makeIdCard('110101', '1990-01-01', 24))).toBe(2);
    expect(sexOfIdNumber('E12345678')).toBe(0);
  });

  it('a login lasts 10 hours; the demo session never expires', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const later = (h: number) => new Date(at.getTime() + h * 3_600_000);
    expect(isSessionLive(at, later(9.99))).toBe(true);
    expect(isSessionLive(at, later(10))).toBe(false);
    expect(isSessionLive(null, at)).toBe(false);
    expect(isSessionLive(null, at, true)).toBe(true);
    expect(isSessionLive(at, later(1000), true)).toBe(true);
  });

  it('verified passengers are locked against deletion until the added day + 30 (Beijing dates)', () => {
    const added = new Date('2021-09-15T17:30:00Z'); // 2021-09-16 01:30 in Beijing
    expect(beijingDate(added)).toBe('2021-09-16');
    expect(deleteUnlockDate(added)).toBe('2021-10-16');
    expect(isDeleteLocked(added, true, new Date('2021-10-15T15:59:59Z'))).toBe(true);
    expect(isDeleteLocked(added, true, new Date('2021-10-15T16:00:00Z'))).toBe(false);
    expect(isDeleteLocked(added, false, added)).toBe(false);
    expect(deleteLockMessage('张三', '2021-10-15')).toBe('张三2021年10月15日前不允许删除!');
  });

  it('verification statuses follow their timestamps', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(identityVerifyStatus(identityVerifiedAtFor(1, now), now)).toBe(1);
    expect(identityVerifyStatus(identityVerifiedAtFor(9, now), now)).toBe(1);
    const passport = identityVerifiedAtFor(2, now);
    expect(identityVerifyStatus(passport, now)).toBe(3);
    expect(identityVerifyStatus(passport, new Date(now.getTime() + 24 * 3_600_000))).toBe(1);
    expect(identityVerifyStatus(null, now)).toBe(3);
    expect(mobileVerifyStatus(null, now)).toBe(0);
    expect(mobileVerifyStatus(new Date(now.getTime() + 1), now)).toBe(0);
    expect(mobileVerifyStatus(now, now)).toBe(1);
  });

  it('mobile verification codes are deterministic 8-digit strings', () => {
    const a = mobileVerificationCode('user01', '110101199003078515', '13800138000');
    expect(a).toMatch(/^\d{8}$/);
    expect(mobileVerificationCode('user01', '110101199003078515', '13800138000')).toBe(a);
    expect(mobileVerificationCode('user01', '110101199003078515', '13800138001')).not.toBe(a);
  });

  it('photos: strict base64, JPEG or PNG', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    expect(photoKind(decodeBase64(jpeg.toString('base64'))!)).toBe('jpeg');
    expect(photoKind(decodeBase64(`data:image/png;base64,${png.toString('base64')}`)!)).toBe('png');
    expect(photoKind(Buffer.from('GIF89a'))).toBeNull();
    expect(decodeBase64('not base64!')).toBeNull();
    expect(decodeBase64('')).toBeNull();
  });

  it('masks the holder name in the mobile-taken note', () => {
    expect(maskHolderName('王杰')).toBe('*杰');
    expect(maskHolderName('欧阳娜娜')).toBe('***娜');
    expect(maskHolderName('')).toBe('*');
  });
});

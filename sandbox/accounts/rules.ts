/**
 * Pure rules of the sandbox's 12306 accounts (panhe-train-api.md 账号注册 … 修改密码, DOMAIN_NOTES.md):
 * the documented limits, quoted, and the sandbox's own conventions.
 */
import { createHash } from 'node:crypto';
import { isIdNumber } from './id-number';

/** 增/改常旅: "同一账号下最多有15个常旅客". */
export const MAX_FREQUENT_PASSENGERS = 15;
/** 删除常旅: "常旅客添加成功后(身份核验状态为已核验的)一个月之内无法删除的" (a month read as 30 days). */
export const VERIFIED_PASSENGER_DELETE_LOCK_DAYS = 30;
/** 账号登录: "建议最长不超过10小时,需发起一次重新登录". */
export const TRAIN_ACCOUNT_SESSION_HOURS = 10;

/** Sandbox rule: every SMS code "sent" by the sandbox (login, registration, password flows) is this. */
export const SANDBOX_SMS_CODE = '123456';
/** 找回密码: "验证码有效期只有60秒" — the sandbox applies it to the 修改密码 code too (sandbox clock). */
export const SMS_CODE_TTL_SECONDS = 60;
/** A code is void after this many wrong entries. */
export const SMS_CODE_MAX_ATTEMPTS = 5;
/** Sandbox rule: a passenger's mobile counts as verified this long after it was saved (sandbox clock). */
export const MOBILE_AUTO_VERIFY_SECONDS = 60;
/** Sandbox rule: documents other than 身份证 / 居住证 are verified this long after they were saved. */
export const DOCUMENT_VERIFY_HOURS = 24;

/** The demo account, present from the start (seedDemoAccount); its session never expires. */
export const DEMO_ACCOUNT = { account: 'sandbox', password: 'sandbox123' } as const;

/** 身份证 = 1, 护照 = 2, 港澳通行证 = 3, 台湾通行证 = 4, 外国人永久居留身份证 = 8, 港澳台居民居住证 = 9. */
export const CARD_TYPES = [1, 2, 3, 4, 8, 9] as const;
/** Card types carrying a GB 11643 number, verified at once. */
export const ID_NUMBER_CARD_TYPES: readonly number[] = [1, 9];
/** 成人 = 1, 儿童 = 2, 学生 = 3, 残疾军人、伤残人民警察 = 4. */
export const PASSENGER_TYPES = [1, 2, 3, 4] as const;

/** 12306 user names: 6-30 letters, digits or '_', starting with a letter. */
export function isTrainAccountName(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]{5,29}$/.test(s);
}

/** "不少于6位,必须且只能包含字母,数字,下划线中的两种或两种以上". */
export function isTrainPassword(s: string): boolean {
  if (s.length < 6 || !/^[A-Za-z0-9_]+$/.test(s)) return false;
  return [/[A-Za-z]/, /\d/, /_/].filter((r) => r.test(s)).length >= 2;
}

/** Mainland mobile numbers: 11 digits starting 13-19. */
export function isMobile(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s);
}

/** Document number check: GB 11643 for 身份证 / 居住证, 5-20 letters or digits otherwise. */
export function isValidCardNo(cardType: number, cardNo: string): boolean {
  if (ID_NUMBER_CARD_TYPES.includes(cardType)) return isIdNumber(cardNo);
  return /^[A-Za-z0-9]{5,20}$/.test(cardNo);
}

export function normalizeCardNo(cardNo: string): string {
  return cardNo.trim().toUpperCase();
}

/** As in 获取常旅客's example: 230800199001010029 -> 2308***********029. */
export function maskCardNo(cardNo: string): string {
  const s = cardNo.trim();
  if (s.length >= 10) return `${s.slice(0, 4)}${'*'.repeat(s.length - 7)}${s.slice(-3)}`;
  if (s.length >= 5) return `${s.slice(0, 1)}${'*'.repeat(s.length - 3)}${s.slice(-2)}`;
  return '*'.repeat(s.length);
}

/** A given number matches the stored one in full, or as the masked form 获取常旅客 answers. */
export function cardNoMatches(stored: string, given: string): boolean {
  const g = normalizeCardNo(given);
  const st = normalizeCardNo(stored);
  return g === st || (g.includes('*') && g === maskCardNo(st));
}

/** Sex from a GB 11643 number's 17th digit (odd: male 1, even: female 2); 0 when unknown. */
export function sexOfIdNumber(cardNo: string): 0 | 1 | 2 {
  const d = /^\d{16}(\d)/.exec(cardNo.trim());
  if (!d?.[1]) return 0;
  return Number(d[1]) % 2 === 1 ? 1 : 2;
}

/** A login session is live for TRAIN_ACCOUNT_SESSION_HOURS from its start. */
export function isSessionLive(loggedInAt: Date | null, now: Date, neverExpires = false): boolean {
  if (!loggedInAt) return neverExpires;
  if (neverExpires) return true;
  const age = now.getTime() - loggedInAt.getTime();
  return age >= 0 && age < TRAIN_ACCOUNT_SESSION_HOURS * 3_600_000;
}

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A verified passenger may be deleted from 00:00 Beijing time of this date: the day of adding plus
 * VERIFIED_PASSENGER_DELETE_LOCK_DAYS ("一个月之内无法删除").
 */
export function deleteUnlockDate(createdAt: Date): string {
  return addDays(beijingDate(createdAt), VERIFIED_PASSENGER_DELETE_LOCK_DAYS);
}

export function isDeleteLocked(createdAt: Date, identityVerified: boolean, now: Date): boolean {
  return identityVerified && beijingDate(now) < deleteUnlockDate(createdAt);
}

/** "张三2021年10月15日前不允许删除!" as in the documentation. */
export function deleteLockMessage(name: string, unlockDate: string): string {
  const [y, m, d] = unlockDate.split('-').map(Number);
  return `${name}${y}年${m}月${d}日前不允许删除!`;
}

/** 身份核验状态: 1 已通过 once verified, 3 待核验 before; 0 未通过 is never produced by the sandbox. */
export function identityVerifyStatus(verifiedAt: Date | null, now: Date): 1 | 3 {
  return verifiedAt && verifiedAt.getTime() <= now.getTime() ? 1 : 3;
}

/** When identity verification completes for a newly saved document. */
export function identityVerifiedAtFor(cardType: number, now: Date): Date {
  return ID_NUMBER_CARD_TYPES.includes(cardType) ? now : new Date(now.getTime() + DOCUMENT_VERIFY_HOURS * 3_600_000);
}

/** 手机核验状态: 1 核验通过 once verified, else 0 待核验 (also without a mobile). */
export function mobileVerifyStatus(verifiedAt: Date | null, now: Date): 0 | 1 {
  return verifiedAt && verifiedAt.getTime() <= now.getTime() ? 1 : 0;
}

/** The 8-digit code 增/改常旅客 answers while the mobile awaits verification (deterministic). */
export function mobileVerificationCode(account: string, cardNo: string, mobile: string): string {
  const h = createHash('sha256')
    .update(`${account}|${normalizeCardNo(cardNo)}|${mobile}`)
    .digest();
  return String(h.readUInt32BE(0) % 100_000_000).padStart(8, '0');
}

/** 人脸认证 photos: the sandbox accepts JPEG and PNG; anything else "fails" face recognition. */
export function photoKind(bytes: Buffer): 'jpeg' | 'png' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  return null;
}

/** "照片要求: 图片文件大小控制在:100k以内". */
export const MAX_PHOTO_BYTES = 100 * 1024;

/** Strict base64 (the standard alphabet, padding optional); null when the text is not base64. */
export function decodeBase64(text: string): Buffer | null {
  const s = text.replace(/^data:image\/[a-z]+;base64,/i, '').replace(/\s+/g, '');
  if (!s || !/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.replace(/=+$/, '').length % 4 === 1) return null;
  return Buffer.from(s, 'base64');
}

/** The holder's name as 12306 shows it to someone else: *杰. */
export function maskHolderName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${'*'.repeat(chars.length - 1)}${chars[chars.length - 1]}`;
}

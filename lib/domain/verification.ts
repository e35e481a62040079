/**
 * 身份核验 and 手机核验 of a 常旅客, in plain words, and what they mean for a booking. Pure: the
 * passengers page, the booking form (before submit) and the server (at submit) decide alike.
 *
 * The states are the provider's (panhe-train-api.md 获取常旅客 l.364 "identityVerifyStatus 身份核验状态
 * ( 0未通过 1已通过 2未知 3 待核验 4 请报验 5 预通过)", l.365 "mobileVerifyStatus 手机核验状态(0待核验
 * 1核验通过)"; l.347 / l.370 "判断常旅客的 身份核验状态和手机核验状态 以此接口返回的为准"). What a booking
 * does with them is the rules table's `phoneVerification` (lib/domain/rules.ts): refused where the
 * provider refuses (juhe-grab-ticket-dictionary 308 "乘客身份信息未通过验证", 401 "购票所使用的12306账号
 * 未进行手机核验"), warned where it may.
 */
import { ruleAt } from './rules';

/** What the check needs of a passenger (a PassengerView or a saved row). */
export interface VerifyFacts {
  name: string;
  /** identityVerifyStatus as last reported by 获取常旅客; null when the portal has no 12306 record. */
  verifyStatus: number | null;
  /** mobileVerifyStatus === 1; null when unknown. */
  mobileVerified: boolean | null;
  /** The 12306 account holder's own record (isUserSelf). */
  isSelf: boolean;
}

export interface VerifyIssue {
  /** 'refuse': the provider will refuse, the booking is stopped; 'warn': said before submit, not blocking. */
  level: 'refuse' | 'warn';
  kind: 'identity' | 'accountMobile' | 'mobile';
  message: string;
}

/** juhe-train-booking-faq §4 l.119: "第一次在网上订票,请到火车站核验身份". */
const AT_STATION = '本人持证件到火车站售票窗口核验身份';

/** The identity state in plain words (passengers page), or null when 12306 has not said. */
export function identityStateText(status: number | null): string | null {
  switch (status) {
    case null:
      return null;
    case 0:
      return `身份核验未通过：12306 认为证件信息不符。请核对姓名和证件号码，或${AT_STATION}。`;
    case 1:
      return '身份核验已通过。';
    case 2:
      return '身份核验状态未知：12306 没有给出结果，购票时可能被拒绝。';
    case 3:
      return `身份待核验：12306 正在核验证件信息，通过前不能购票。可稍后点“重新检查”，或${AT_STATION}。`;
    case 4:
      return `身份需报验：请${AT_STATION}，核验通过前不能购票。`;
    case 5:
      return '身份核验预通过：可以购票。';
    default:
      return `身份核验状态 ${status}（12306 未说明的状态）。`;
  }
}

/** The mobile state in plain words, or null when unknown. */
export function mobileStateText(mobileVerified: boolean | null): string | null {
  if (mobileVerified === null) return null;
  return mobileVerified ? '手机已核验。' : '手机待核验。';
}

/**
 * The steps to finish 手机核验 with the code 增/改常旅客 answered (panhe-train-api.md l.390
 * "verificationCode 当手机待核验时,返回的验证码(发送此验证码至‘12306’完成手机核验即可,只需核验一次)").
 * Only ever shown on the owner's own passengers page.
 */
export function mobileVerifySteps(mobileMasked: string | null, code: string): string {
  const from = mobileMasked ? `用手机 ${mobileMasked}` : '用该乘客登记的手机';
  return `${from} 发送短信 ${code} 至 12306，即完成手机核验（只需核验一次）。发送后点“重新检查”。`;
}

/** Where the steps are unknown (no code kept, e.g. a passenger added on 12306 itself). */
export const MOBILE_VERIFY_ELSEWHERE =
  '手机待核验：请在 12306 App 或网站的“乘车人”中按提示完成手机核验，完成后点“重新检查”。';

/**
 * What the passenger's 12306 states mean for booking them. `viaOwnAccount`: the order is placed with
 * the traveller's own bound 12306 account (the holder's mobile then matters: dictionary 401).
 */
export function verificationIssues(p: VerifyFacts, viaOwnAccount: boolean, at: Date = new Date()): VerifyIssue[] {
  const rule = ruleAt('phoneVerification', at);
  const out: VerifyIssue[] = [];
  const s = p.verifyStatus;
  if (s !== null && (rule.refuseIdentity as readonly number[]).includes(s)) {
    const why =
      s === 0
        ? `12306 身份核验未通过，12306 会拒绝为其购票（“乘客身份信息未通过验证”）。请核对姓名和证件号码，或${AT_STATION}后再预订。`
        : s === 3
          ? `身份信息 12306 尚在核验（待核验），核验通过前不能购票。请稍后在“常用乘客”页点“重新检查”，或${AT_STATION}。`
          : `身份需本人报验（请报验）：请${AT_STATION}，通过后再预订。`;
    out.push({ level: 'refuse', kind: 'identity', message: `${p.name} 的${why}` });
  } else if (s !== null && (rule.warnIdentity as readonly number[]).includes(s)) {
    out.push({
      level: 'warn',
      kind: 'identity',
      message: `${p.name} 的 12306 身份核验状态未知，可能被拒绝出票（“乘客身份信息未通过验证”）；如被拒绝，请${AT_STATION}。`,
    });
  }
  if (p.mobileVerified === false) {
    if (p.isSelf && viaOwnAccount && rule.refuseUnverifiedAccountHolder)
      out.push({
        level: 'refuse',
        kind: 'accountMobile',
        message:
          `${p.name} 是下单所用 12306 账号的本人，手机号尚未核验，12306 会拒绝下单（“购票所使用的12306账号未进行手机核验”）。` +
          '请先在“常用乘客”页按提示发送短信完成手机核验。',
      });
    else
      out.push({
        level: 'warn',
        kind: 'mobile',
        message: `${p.name} 的手机号尚未在 12306 核验，可能影响购票；请按“常用乘客”页的提示尽快完成核验。`,
      });
  }
  return out;
}

/**
 * The sandbox's own rule for a 创单 passenger's document details (no portal import: a test double that
 * shared the portal's rule could never catch its mistakes). panhe-train-api.md 创单 passengers:
 *
 *   l.103 birthday   | string | 否 | 出生日期(格式:yyyy-MM-dd , 当cardType = 2,3,4,8时必填)
 *   l.104 cardValidEndDate | string | 否 | 证件有效期截止日期(格式:yyyy-MM-dd , 选填)
 *   l.105 sex        | int    | 否 | 性别(男 = 1 , 女 = 2 , 当cardType = 2,3,4,8时必填)
 *   l.106 countryCode| string | 否 | 国家/地区 代码(当cardType = 2,8时必填…)
 *
 * A refusal is msgCode 101 参数无效 (juhe-grab-ticket-dictionary msgCode), not 304 乘客信息不正确: the
 * document states these as request parameters that are 必填 for the card type, and a missing or
 * ill-formed request parameter is what 101 names (the sandbox answers every other missing field the
 * same way); 304 sits with the 30x codes about the passenger as 12306 judges it once the request is
 * taken (301 该订单中无此乘客, 302 冒用, 305 行程冲突, 308 身份未通过验证).
 */
import { MSG } from '@/protocol/panhe/codes';
import { SandboxError } from './context';

/** 创单 l.98 cardType: 身份证 1, 护照 2, 港澳 3, 台湾 4, 外国人永久居留身份证 8, 港澳台居民居住证 9. */
export const CREATE_CARD_TYPES: readonly number[] = [1, 2, 3, 4, 8, 9];
/** l.103 / l.105: birthday and sex required. */
export const BIRTHDAY_SEX_CARD_TYPES: readonly number[] = [2, 3, 4, 8];
/** l.106: countryCode required. */
export const COUNTRY_CARD_TYPES: readonly number[] = [2, 8];

export interface DocumentPassenger {
  name: string;
  cardType: number;
  birthday?: string | null;
  sex?: number | null;
  countryCode?: string | null;
  cardValidEndDate?: string | null;
}

/** yyyy-MM-dd naming a day that exists (2023-02-30 does not). */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const given = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined && v !== '';

/**
 * Why this passenger's document fields are refused (the first problem, naming the passenger and the
 * field), or null. Fields are checked for format whenever they are sent, and for presence where the
 * card type requires them.
 */
export function documentProblem(p: DocumentPassenger, at: Date): string | null {
  const who = `乘客${p.name}`;
  if (!CREATE_CARD_TYPES.includes(p.cardType))
    return `参数无效:${who}的cardType须为 ${CREATE_CARD_TYPES.join('/')} 之一`;
  const needsBirthdaySex = BIRTHDAY_SEX_CARD_TYPES.includes(p.cardType);
  const when = `当cardType = ${p.cardType}时必填`;
  if (!given(p.birthday)) {
    if (needsBirthdaySex) return `参数无效:${who}缺少birthday(出生日期,${when})`;
  } else if (!isRealDate(p.birthday) || p.birthday > at.toISOString().slice(0, 10))
    return `参数无效:${who}的birthday须为 yyyy-MM-dd 格式的真实日期(不晚于今天)`;
  if (!given(p.sex)) {
    if (needsBirthdaySex) return `参数无效:${who}缺少sex(性别,男 = 1,女 = 2,${when})`;
  } else if (p.sex !== 1 && p.sex !== 2) return `参数无效:${who}的sex须为 1(男)或 2(女)`;
  if (!given(p.countryCode)) {
    if (COUNTRY_CARD_TYPES.includes(p.cardType)) return `参数无效:${who}缺少countryCode(国家/地区代码,${when})`;
  } else if (!/^[A-Za-z]{2,3}$/.test(p.countryCode)) return `参数无效:${who}的countryCode须为2-3位字母的国家/地区代码`;
  if (given(p.cardValidEndDate) && !isRealDate(p.cardValidEndDate))
    return `参数无效:${who}的cardValidEndDate须为 yyyy-MM-dd 格式的真实日期`;
  return null;
}

/** Refuses a 创单 whose passengers' document fields break the rule above (msgCode 101). */
export function checkDocuments(passengers: readonly DocumentPassenger[], at: Date): void {
  for (const p of passengers) {
    const problem = documentProblem(p, at);
    if (problem) throw new SandboxError(problem, MSG.BAD_PARAMS);
  }
}

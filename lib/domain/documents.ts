/**
 * Which document details a passenger needs, by card type, read from the rules table (pure: safe on
 * the client). Two documents, two rules:
 *
 * - 创单 (`holdDocumentFields`): panhe-train-api.md 创单 passengers l.103 "birthday…当cardType =
 *   2,3,4,8时必填", l.105 "sex…当cardType = 2,3,4,8时必填", l.106 "countryCode…当cardType = 2,8时必填".
 * - 12306 账号注册 (`registrationDocumentFields`): l.302 "邮箱(当cardType为3和4时必填)", l.303/305/306
 *   "sex / cardValidEndDate / birthday…当cardType非1和9时必填", l.304 "countryCode…当cardType等于2和8时必填".
 *
 * A value that is present but not in the documented form (yyyy-MM-dd and a real date; sex 1 or 2; a
 * country code of letters) counts as missing: a provider refuses it just the same, and 12306-synced
 * passengers carry masked birthdays ("****-**-**", 获取常旅客 l.367).
 */
import { ruleAt } from './rules';
import { isValidDate } from '@/lib/time';

export type HoldDocumentField = 'birthday' | 'sex' | 'countryCode';
export type RegistrationDocumentField = HoldDocumentField | 'cardValidUntil' | 'email';

export const DOCUMENT_FIELD_LABELS: Readonly<Record<RegistrationDocumentField, string>> = {
  birthday: '出生日期',
  sex: '性别',
  countryCode: '国家或地区代码',
  cardValidUntil: '证件有效期截止日期',
  email: '邮箱',
};

export interface DocumentDetails {
  birthday?: string | null | undefined;
  sex?: number | null | undefined;
  countryCode?: string | null | undefined;
  cardValidUntil?: string | null | undefined;
  email?: string | null | undefined;
}

/** yyyy-MM-dd and a date that exists. */
export const isWireDate = (v: string | null | undefined): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && isValidDate(v);
/** 男 = 1, 女 = 2 (创单 l.105). */
export const isSex = (v: number | null | undefined): v is 1 | 2 => v === 1 || v === 2;
/** "国家地区,示例:CN" (l.304): two or three letters. */
export const isCountryCode = (v: string | null | undefined): v is string =>
  typeof v === 'string' && /^[A-Za-z]{2,3}$/.test(v.trim());
const isEmail = (v: string | null | undefined): v is string =>
  typeof v === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.trim());

const has = (list: readonly number[], cardType: number | string) => list.includes(Number(cardType));

/** The card types whose 创单 needs each field (the rules table's value on `at`). */
export function holdFieldsFor(cardType: number | string, at: Date | string = new Date()): HoldDocumentField[] {
  const rule = ruleAt('holdDocumentFields', at);
  const out: HoldDocumentField[] = [];
  if (has(rule.birthdayAndSex, cardType)) out.push('birthday', 'sex');
  if (has(rule.country, cardType)) out.push('countryCode');
  return out;
}

/** The fields 12306 registration needs for this card type (the rules table's value on `at`). */
export function registrationFieldsFor(
  cardType: number | string,
  at: Date | string = new Date(),
): RegistrationDocumentField[] {
  const rule = ruleAt('registrationDocumentFields', at);
  const out: RegistrationDocumentField[] = [];
  if (has(rule.birthdaySexValidity, cardType)) out.push('birthday', 'sex', 'cardValidUntil');
  if (has(rule.country, cardType)) out.push('countryCode');
  if (has(rule.email, cardType)) out.push('email');
  return out;
}

const present: Record<RegistrationDocumentField, (d: DocumentDetails) => boolean> = {
  birthday: (d) => isWireDate(d.birthday),
  sex: (d) => isSex(d.sex),
  countryCode: (d) => isCountryCode(d.countryCode),
  cardValidUntil: (d) => isWireDate(d.cardValidUntil),
  email: (d) => isEmail(d.email),
};

/** The fields 创单 needs for this card type that are missing (or not in the documented form). */
export function missingHoldFields(
  cardType: number | string,
  d: DocumentDetails,
  at: Date | string = new Date(),
): HoldDocumentField[] {
  return holdFieldsFor(cardType, at).filter((f) => !present[f](d));
}

/** The fields registration needs for this card type that are missing (or not in the documented form). */
export function missingRegistrationFields(
  cardType: number | string,
  d: DocumentDetails,
  at: Date | string = new Date(),
): RegistrationDocumentField[] {
  return registrationFieldsFor(cardType, at).filter((f) => !present[f](d));
}

/** "张三 缺少出生日期、性别：请到常用乘客中补全后再预订。" */
export function missingHoldFieldsMessage(name: string, fields: readonly HoldDocumentField[]): string {
  return `${name} 的证件信息缺少${fields.map((f) => DOCUMENT_FIELD_LABELS[f]).join('、')}，该证件类型购票必须填写：请到“常用乘客”中补全后再预订。`;
}

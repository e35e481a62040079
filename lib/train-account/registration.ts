/**
 * 12306 账号注册's passenger type and document details (panhe-train-api.md l.296-313), validated
 * before the request goes out: passengerType is 是 (required) and one of 成人 1, 儿童 2, 学生 3,
 * 残疾军人/伤残人民警察 4 (l.301); which details each card type needs comes from the rules table's
 * `registrationDocumentFields` (lib/domain/documents.ts): e-mail for 3/4 (l.302); sex, expiry and
 * birthday for all but 1/9 (l.303/305/306); the country for 2/8 (l.304). Pure: the form uses it too.
 */
import { z } from 'zod';
import {
  DOCUMENT_FIELD_LABELS,
  missingRegistrationFields,
  registrationFieldsFor,
  type RegistrationDocumentField,
} from '@/lib/domain/documents';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const optionalText = (max: number) => z.preprocess(blank, z.string().trim().max(max).optional());

/** The fields added to the registration form (FormData strings: "" means not given). */
export const registrationDetailFields = {
  passengerType: z.coerce.number().int().min(1, '请选择旅客类型。').max(4, '请选择旅客类型。').default(1),
  email: optionalText(100),
  birthday: optionalText(10),
  sex: z.preprocess(blank, z.coerce.number().int().optional()),
  countryCode: optionalText(3),
  cardValidUntil: optionalText(10),
};

type Details = {
  idType: string;
  email?: string | undefined;
  birthday?: string | undefined;
  sex?: number | undefined;
  countryCode?: string | undefined;
  cardValidUntil?: string | undefined;
};

const FIX: Record<RegistrationDocumentField, string> = {
  birthday: '请填写出生日期（YYYY-MM-DD）。',
  sex: '请选择性别。',
  countryCode: '请填写国家或地区代码（2-3 位字母，如 US、GB）。',
  cardValidUntil: '请填写证件有效期截止日期（YYYY-MM-DD）。',
  email: '请填写有效的邮箱地址。',
};

/** Adds a field error for each detail the card type requires that is missing or ill-formed. */
export function refineRegistration(v: Details, ctx: z.RefinementCtx): void {
  for (const f of missingRegistrationFields(v.idType, v))
    ctx.addIssue({
      code: 'custom',
      path: [f],
      message: `${DOCUMENT_FIELD_LABELS[f]}：该证件类型注册 12306 必须填写。${FIX[f]}`,
    });
}

/** What the registration request carries beyond name, card and mobile: only the fields the card type takes. */
export function registrationDetails(v: Details & { passengerType: number }) {
  const needed = new Set(registrationFieldsFor(v.idType));
  const pick = <T>(f: RegistrationDocumentField, value: T | undefined) => (needed.has(f) && value ? value : null);
  return {
    passengerType: v.passengerType,
    email: pick('email', v.email),
    sex: pick('sex', v.sex === 1 || v.sex === 2 ? v.sex : undefined),
    birthday: pick('birthday', v.birthday),
    cardValidUntil: pick('cardValidUntil', v.cardValidUntil),
    countryCode: pick('countryCode', v.countryCode?.toUpperCase()),
  };
}

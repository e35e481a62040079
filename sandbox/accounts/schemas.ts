/**
 * Request bodies of the account endpoints under their documented field names, with Chinese messages.
 * Tolerant like the documentation's own examples: numbers may come as strings ("cardType": "1"),
 * optional fields may be null or "". 密文 fields are validated here as non-empty strings and
 * decrypted by the routes.
 */
import { z } from 'zod';
import { CARD_TYPES, ID_NUMBER_CARD_TYPES, isMobile, isValidCardNo, PASSENGER_TYPES } from './rules';

type IssueInput = { input?: unknown };
const need = (bad: string) => ({
  error: (iss: IssueInput) => (iss.input === undefined || iss.input === null ? '缺少该参数' : bad),
});

const text = (max = 200) =>
  z
    .string(need('须为字符串'))
    .trim()
    .min(1, { error: '不能为空' })
    .max(max, { error: `不能超过${max}个字符` });

/** A 密文 field: base64 of AES-128-ECB. */
const cipher = () => text(1000);

const toInt = (v: unknown) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v);
const intIn = (allowed: readonly number[]) =>
  z.preprocess(
    toInt,
    z
      .number(need('须为整数'))
      .int({ error: '须为整数' })
      .refine((n) => allowed.includes(n), { error: `须为 ${allowed.join('/')} 之一` }),
  );
const emptyToUndefined = (v: unknown) => (v === null || v === '' ? undefined : v);
/** Optional: absent, null and "" all mean "not given". */
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

const isoDate = () =>
  text(10).refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, {
    error: '须为 yyyy-MM-dd 格式的日期',
  });
const mobile = () => text(20).refine(isMobile, { error: '须为11位中国大陆手机号' });
const cardNo = () => text(30).transform((s) => s.toUpperCase());
const personName = () => text(30).refine((s) => !/[\p{Cc}<>]/u.test(s), { error: '含有不允许的字符' });

const credentials = { trainAccount: cipher(), trainPassword: cipher() };

interface DocumentFields {
  cardType: number;
  cardNo: string;
  birthday?: string | undefined;
  sex?: number | undefined;
  countryCode?: string | undefined;
  cardValidEndDate?: string | undefined;
  email?: string | undefined;
}

/**
 * The documented conditional fields: birthday, sex and expiry for documents other than 身份证 /
 * 居住证, the country for 护照 and 外国人永久居留身份证, the e-mail (registration) for 港澳/台湾通行证.
 * A masked number (from 获取常旅客) is allowed only where `allowMasked` says so.
 */
function documentRules(v: DocumentFields, ctx: z.RefinementCtx, o: { requireEmail: boolean; allowMasked: boolean }) {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!(o.allowMasked && v.cardNo.includes('*')) && !isValidCardNo(v.cardType, v.cardNo))
    issue(
      'cardNo',
      ID_NUMBER_CARD_TYPES.includes(v.cardType)
        ? '证件号码无效(须为18位且符合 GB 11643 校验规则)'
        : '证件号码须为5-20位字母或数字',
    );
  if (!ID_NUMBER_CARD_TYPES.includes(v.cardType)) {
    const when = `当 cardType 为 ${v.cardType} 时必填`;
    if (!v.birthday) issue('birthday', when);
    if (!v.cardValidEndDate) issue('cardValidEndDate', when);
    if (v.sex !== 1 && v.sex !== 2) issue('sex', `${when}(男 = 1, 女 = 2)`);
  }
  if ((v.cardType === 2 || v.cardType === 8) && !v.countryCode)
    issue('countryCode', `当 cardType 为 ${v.cardType} 时必填`);
  if (o.requireEmail && (v.cardType === 3 || v.cardType === 4) && !v.email)
    issue('email', `当 cardType 为 ${v.cardType} 时必填`);
}

const documentFields = {
  cardType: intIn(CARD_TYPES),
  cardNo: cardNo(),
  birthday: opt(isoDate()),
  sex: opt(intIn([0, 1, 2])),
  countryCode: opt(text(3).regex(/^[A-Za-z]{2,3}$/, { error: '须为2-3位字母的国家/地区代码' })),
  cardValidEndDate: opt(isoDate()),
};

export const registerRequest = z
  .object({
    ...credentials,
    name: personName(),
    ...documentFields,
    mobile: mobile(),
    /** 账号注册 l.301 "passengerType | int | 是 | 旅客类型(成人 = 1,儿童 = 2, 学生 = 3, 残疾军人、伤残人民警察= 4)". */
    passengerType: intIn(PASSENGER_TYPES),
    email: opt(text(100).regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: '邮箱格式不正确' })),
    msgCode: text(20),
  })
  .superRefine((v, ctx) => documentRules(v, ctx, { requireEmail: true, allowMasked: false }));

export const loginRequest = z.object({
  ...credentials,
  lastDigits: opt(text(4).regex(/^[0-9Xx]{4}$/, { error: '须为证件号后4位' })),
});

export const verifyRequest = z.object({ ...credentials, msgCode: text(20), validateType: intIn([1, 2]) });

export const faceRequest = z.object({
  ...credentials,
  photos: z
    .array(z.string(need('须为 Base64 字符串')), need('须为照片 Base64 字符串的数组'))
    .min(1, { error: '至少1张照片' })
    .max(2, { error: '最多2张照片' }),
});

export const credentialsRequest = z.object(credentials);

export const saveRequest = z
  .object({
    ...credentials,
    /** 0: add; > 0: modify (from 获取常旅客). 增/改常旅 l.376 "id | int | 是". */
    id: z.preprocess(toInt, z.number(need('须为整数')).int({ error: '须为整数' }).min(0, { error: '不能为负数' })),
    name: personName(),
    ...documentFields,
    /** 增/改常旅 l.380-381 "mobile | string | 是", "passengerType | int | 是" (sandbox/conformance.int.test.ts). */
    mobile: mobile(),
    passengerType: intIn(PASSENGER_TYPES),
  })
  .superRefine((v, ctx) => documentRules(v, ctx, { requireEmail: false, allowMasked: v.id > 0 }));

export const selfRequest = z.object({ ...credentials, passengerType: intIn(PASSENGER_TYPES) });

export const deleteRequest = z.object({
  ...credentials,
  name: personName(),
  cardType: intIn(CARD_TYPES),
  cardNo: cardNo(),
});

export const forgotCodeRequest = z.object({
  requestID: text(64).regex(/^[A-Za-z0-9_-]+$/, { error: '只能包含字母、数字、"-" 和 "_"' }),
  cardType: intIn(CARD_TYPES),
  cardNo: cardNo(),
  mobile: mobile(),
});

export const forgotResetRequest = z.object({
  requestID: text(64),
  trainPassword: cipher(),
  verificationCode: text(20),
});

const changeFields = {
  trainAccount: cipher(),
  oldTrainPassword: cipher(),
  newTrainPassword: cipher(),
  confirmTrainPassword: cipher(),
};
export const changeCodeRequest = z.object(changeFields);
export const changeRequest = z.object({ ...changeFields, verificationCode: text(20) });

/** "参数无效:cardNo 证件号码无效(…)" — the first issue, naming the documented field. */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return '参数无效';
  const path = issue.path.map(String).join('.');
  return path ? `参数无效:${path} ${issue.message}` : `参数无效:${issue.message}`;
}

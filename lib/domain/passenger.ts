/**
 * One passenger schema for the passenger manager, the booking form's "add passenger" and the server
 * (pure: safe on the client). Card types and the fields each needs follow panhe-train-api.md
 * (增/改常旅客: birthday, sex and expiry for card types 2/3/4/8, country for 2/8); 身份证 and
 * 居住证 numbers carry the GB 11643 check digit and give birthday and sex themselves.
 */
import { z } from 'zod';
import { parseIdCard } from './idcard';
import { addDays, shanghaiDate, shanghaiInstant } from '@/lib/time';

export const ID_TYPES = [
  { value: '1', label: '居民身份证' },
  { value: '2', label: '护照' },
  { value: '3', label: '港澳居民来往内地通行证' },
  { value: '4', label: '台湾居民来往大陆通行证' },
  { value: '8', label: '外国人永久居留身份证' },
  { value: '9', label: '港澳台居民居住证' },
] as const;
export type IdType = (typeof ID_TYPES)[number]['value'];

export const TICKET_TYPES = [
  { value: 1, label: '成人票' },
  { value: 2, label: '儿童票' },
  { value: 3, label: '学生票' },
  { value: 4, label: '残军票' },
] as const;

/** identityVerifyStatus of 获取常旅客. */
export const VERIFY_STATUS_LABELS: Record<number, string> = {
  0: '未通过',
  1: '已通过',
  2: '未知',
  3: '待核验',
  4: '请报验',
  5: '预通过',
};

export const MAX_PASSENGERS_PER_ACCOUNT = 15;

/** Card types whose number holds birthday and sex (GB 11643). */
export const SELF_DESCRIBING_TYPES: readonly string[] = ['1', '9'];
/** Card types that need birthday, sex and expiry (and for 2 and 8 the country). */
export const DOCUMENT_DETAIL_TYPES: readonly string[] = ['2', '3', '4', '8'];
export const COUNTRY_TYPES: readonly string[] = ['2', '8'];

export const idTypeLabel = (t: string): string => ID_TYPES.find((x) => x.value === t)?.label ?? t;

const NUMBER_RULES: Record<string, { re: RegExp; message: string }> = {
  '2': { re: /^[A-Z0-9]{5,17}$/, message: '护照号码应为 5-17 位字母或数字。' },
  '3': { re: /^[HM]\d{8}(\d{2})?$/, message: '港澳通行证号码应为 H 或 M 开头加 8 或 10 位数字。' },
  '4': { re: /^\d{8}(\d{2})?$/, message: '台湾居民来往大陆通行证号码应为 8 或 10 位数字。' },
  '8': {
    re: /^([A-Z]{3}\d{12}|9\d{17})$/,
    message: '外国人永久居留身份证号码应为 3 位字母加 12 位数字，或 9 开头的 18 位数字。',
  },
};

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));
const optionalDate = optionalText(10).refine(
  (v) => v === undefined || /^\d{4}-\d{2}-\d{2}$/.test(v),
  '日期格式应为 YYYY-MM-DD。',
);

/** What a form sends: strings (FormData) or numbers (JSON), empty strings meaning "not given". */
export const passengerFormSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(2, '请输入乘客姓名（至少 2 个字）。')
      .max(30, '姓名过长。')
      .regex(/^[\p{Script=Han}A-Za-z·.\s]+$/u, '姓名只能包含汉字、字母和间隔号。'),
    idType: z.enum(ID_TYPES.map((t) => t.value) as [IdType, ...IdType[]], { message: '请选择证件类型。' }),
    idNo: z.string().trim().toUpperCase().min(5, '请输入证件号码。').max(30, '证件号码过长。'),
    ticketType: z.coerce.number().int().min(1, '请选择票种。').max(4, '请选择票种。').default(1),
    mobile: z
      .string()
      .trim()
      .regex(/^1\d{10}$/, '手机号应为 11 位数字。')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    birthday: optionalDate,
    sex: z
      .union([z.literal(''), z.coerce.number().int().min(1).max(2)])
      .optional()
      .transform((v) => (v === '' || v === undefined ? undefined : (v as 1 | 2))),
    countryCode: optionalText(3).transform((v) => v?.toUpperCase()),
    cardValidUntil: optionalDate,
    school: optionalText(60),
    studentNo: optionalText(30),
    enrolYear: optionalText(4),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (SELF_DESCRIBING_TYPES.includes(v.idType)) {
      const info = parseIdCard(v.idNo);
      if (!info) issue('idNo', '证件号码无效（格式、出生日期或校验位不符）。');
      else if (v.idType === '9' && !/^8[123]/.test(info.id))
        issue('idNo', '港澳台居民居住证号码应以 81、82 或 83 开头。');
    } else {
      const rule = NUMBER_RULES[v.idType];
      if (rule && !rule.re.test(v.idNo)) issue('idNo', rule.message);
    }
    if (DOCUMENT_DETAIL_TYPES.includes(v.idType)) {
      if (!v.birthday) issue('birthday', '此证件类型需要填写出生日期。');
      if (!v.sex) issue('sex', '此证件类型需要选择性别。');
      if (!v.cardValidUntil) issue('cardValidUntil', '此证件类型需要填写证件有效期截止日期。');
    }
    if (COUNTRY_TYPES.includes(v.idType) && (!v.countryCode || !/^[A-Z]{2,3}$/.test(v.countryCode)))
      issue('countryCode', '请填写国家或地区代码（如 US、GB）。');
    if (v.ticketType === 3) {
      if (!v.school) issue('school', '学生票需要填写学校名称。');
      if (!v.studentNo) issue('studentNo', '学生票需要填写学号。');
      if (!v.enrolYear || !/^(19|20)\d{2}$/.test(v.enrolYear))
        issue('enrolYear', '学生票需要填写入学年份（4 位数字）。');
    }
    if (v.ticketType === 4 && !SELF_DESCRIBING_TYPES.includes(v.idType))
      issue('ticketType', '残军票只能使用居民身份证或居住证购买。');
  })
  .transform((v) => {
    // 身份证 / 居住证: birthday and sex come from the number, whatever the form said.
    const info = SELF_DESCRIBING_TYPES.includes(v.idType) ? parseIdCard(v.idNo) : null;
    return {
      name: v.name,
      idType: v.idType,
      idNo: v.idNo,
      ticketType: v.ticketType,
      mobile: v.mobile,
      birthday: info ? info.birthDate : v.birthday,
      sex: info ? info.sex : v.sex,
      countryCode: COUNTRY_TYPES.includes(v.idType) ? v.countryCode : undefined,
      cardValidUntil: DOCUMENT_DETAIL_TYPES.includes(v.idType) ? v.cardValidUntil : undefined,
      student:
        v.ticketType === 3 && v.school && v.studentNo && v.enrolYear
          ? { school: v.school, studentNo: v.studentNo, enrolYear: v.enrolYear }
          : undefined,
    };
  });

export type PassengerInput = z.output<typeof passengerFormSchema>;

/**
 * The provider's month lock: a verified passenger cannot be deleted before 00:00 (Beijing) of the
 * 30th day after it was added (sandbox/accounts README, "张三2021年10月15日前不允许删除!").
 * Answers that day as YYYY-MM-DD, or null when nothing is locked.
 */
export function deleteLockedUntil(addedAt: Date, verified: boolean, now: Date): string | null {
  if (!verified) return null;
  const day = addDays(shanghaiDate(addedAt), 30);
  return now < shanghaiInstant(day) ? day : null;
}

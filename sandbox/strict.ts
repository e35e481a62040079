/**
 * Every documented field of every Panhe booking request the sandbox serves, checked as a real provider
 * checks it (issue 26 item 13): required fields present, types and formats as panhe-train-api.md's
 * request tables (`参数名称 | 类型 | 必填 | 说明`) state them, integers within their documented enums.
 * A refusal is msgCode 101 参数无效 (juhe-grab-ticket-dictionary.md) with HTTP 400 and a message that
 * names the field: `参数无效:缺少必填字段passengers[0].mobile`, `参数无效:fromDate格式不正确(须为yyyy-MM-dd)`.
 * Runs before the shared wire schema (protocol/panhe/wire.ts), which stays as tolerant as the portal
 * needs it; this module is the sandbox's own reading of the tables. The accounts sub-app
 * (account/*, passengers/*, password/*) checks its own bodies (sandbox/accounts/schemas.ts).
 *
 * Not here on purpose: the per-card-type passenger fields of 创单 (birthday, sex, countryCode "当cardType =
 * 2,3,4,8时必填"), which issue 26 item 1 adds separately.
 *
 * The table each spec is written from (panhe-train-api.md line of its header) — sandbox/conformance.int.test.ts
 * parses the same tables and fails when a required field is not refused here:
 *   search l.2, stops (查询经停站V2) l.50, order/create l.78, order/confirm l.113, order/cancel l.124,
 *   order/refund l.135, order/change l.154, order/change/confirm l.178, order/change/cancel l.187,
 *   order/detail l.195.
 */

type Kind =
  | 'string' // a string, may be empty (chooseSleeper: "不选:空或000")
  | 'text' // a non-empty string
  | 'int'
  | 'bool'
  | 'date' // yyyy-MM-dd
  | 'datetime' // yyyy-MM-dd HH:mm ("精确到分钟"), seconds tolerated
  | 'mobile' // 11 digits
  | 'decimal' // yuan, ≥ 0, at most two decimals
  | 'sign' // 32 lower-case hex
  | 'array';

export interface FieldRule {
  kind: Kind;
  required: boolean;
  /** Documented integer codes (ints only). */
  oneOf?: readonly number[];
  /** A further format a string must match, and how to say it. */
  pattern?: { re: RegExp; says: string };
  /** Arrays: element fields and length bounds. */
  items?: Spec;
  min?: number;
  max?: number;
}
export type Spec = Readonly<Record<string, FieldRule>>;

/** 证件类型 "身份证 = 1,护照 = 2, 港澳居民来往内地通行证 = 3 , 台湾居民来往大陆通行证 = 4 ,外国人永久居留身份证 = 8 ,港澳台居民居住证 = 9". */
export const CARD_TYPES = [1, 2, 3, 4, 8, 9] as const;
/** 火车票票种 "成人票 = 1,儿童票 = 2, 学生票 = 3, 残军票 = 4". */
export const TICKET_TYPES = [1, 2, 3, 4] as const;
/** 席别类型 "商务座 = 1 … 多功能座 = 19, 无座 =98,其他 = 99". */
export const SEAT_TYPES = [...Array.from({ length: 19 }, (_, i) => i + 1), 98, 99] as const;
/** 性别 "男 = 1 , 女 = 2" (创单). */
const SEXES = [1, 2] as const;

/** chooseSeats "1A1D2B2C2F 其中数字代表第几排 12306只能从2排10个位置中选择" (letters of DOMAIN_NOTES "Seats"). */
const CHOOSE_SEATS = { re: /^([12][ABCDF])+$/i, says: '须为排号(1或2)加座位字母(A/B/C/D/F),如1A1D' };
/** chooseSleeper "三位阿拉伯数字组成 … 不选:空或000". */
const CHOOSE_SLEEPER = { re: /^(\d{3})?$/, says: '须为三位数字(下铺/中铺/上铺张数)或空' };
const TICKET_NOS = { re: /^[^|\s]+(\|[^|\s]+)*$/, says: "须为票号,多名乘客以'|'隔开" };

const req = (kind: Kind, more: Partial<FieldRule> = {}): FieldRule => ({ kind, required: true, ...more });
const opt = (kind: Kind, more: Partial<FieldRule> = {}): FieldRule => ({ kind, required: false, ...more });

const passenger: Spec = {
  name: req('text'),
  cardType: req('int', { oneOf: CARD_TYPES }),
  cardNo: req('text'),
  mobile: req('mobile'),
  ticketType: req('int', { oneOf: TICKET_TYPES }),
  seatType: req('int', { oneOf: SEAT_TYPES }),
  birthday: opt('date'),
  cardValidEndDate: opt('date'),
  sex: opt('int', { oneOf: SEXES }),
  countryCode: opt('text'),
};

/** The documented request of each endpoint, by path under /train. */
export const REQUEST_SPECS: Readonly<Record<string, Spec>> = {
  search: { fromStation: req('text'), toStation: req('text'), fromDate: req('date') },
  stops: {
    trainCode: req('text'),
    trainNo: req('text'),
    fromDate: req('date'),
    fromStation: req('text'),
    toStation: req('text'),
  },
  stations: {},
  'order/create': {
    customerOrderNo: opt('text'),
    contactName: req('text'),
    contactMobile: req('mobile'),
    trainCode: req('text'),
    fromStation: req('text'),
    toStation: req('text'),
    fromDateTime: req('datetime'),
    toDateTime: req('datetime'),
    trainAccount: req('text'),
    trainPassword: req('text'),
    isChooseSeats: req('bool'),
    chooseSeats: opt('string', { pattern: CHOOSE_SEATS }),
    chooseSleeper: req('string', { pattern: CHOOSE_SLEEPER }),
    isAcceptStanding: opt('bool'),
    callBackUrl: opt('text'),
    refundTicketCallbackUrl: opt('text'),
    // 一单最多下9人 (more than 9 answers its own words, server.ts).
    passengers: req('array', { items: passenger, min: 1 }),
  },
  'order/confirm': { orderNo: req('text'), payAmount: opt('decimal'), sign: req('sign') },
  'order/cancel': { orderNo: req('text') },
  'order/refund': {
    orderNo: req('text'),
    tickets: req('array', {
      min: 1,
      items: {
        name: req('text'),
        ticketNo: req('text'),
        cardType: req('int', { oneOf: CARD_TYPES }),
        cardNo: req('text'),
      },
    }),
    remark: opt('string'),
  },
  'order/change': {
    orderNo: req('text'),
    changePsgTicketNos: req('text', { pattern: TICKET_NOS }),
    fromStation: req('text'),
    toStation: req('text'),
    trainCode: req('text'),
    seatType: req('int', { oneOf: SEAT_TYPES }),
    fromDateTime: req('datetime'),
    toDateTime: req('datetime'),
    isChooseSeats: req('bool'),
    chooseSeats: opt('string', { pattern: CHOOSE_SEATS }),
    chooseSleeper: req('string', { pattern: CHOOSE_SLEEPER }),
    isAcceptStanding: opt('bool'),
    remark: req('text'),
    callBackUrl: opt('text'),
  },
  'order/change/confirm': { orderNo: req('text'), chaNo: req('text'), payAmount: opt('decimal'), sign: req('sign') },
  'order/change/cancel': { chaNo: req('text'), remark: req('text') },
  'order/detail': { orderNo: req('text') },
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/;
const isRealDate = (s: string) => {
  const d = new Date(`${s.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s.slice(0, 10);
};
/** Ints may come as numeric strings, as the documentation's own examples send them ("cardType": "1"). */
const asInt = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v)
    ? v
    : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)
      ? Number(v)
      : null;
const asNumber = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)
      ? Number(v)
      : null;

/** Why the value is not of its documented kind, or null. */
function formatProblem(rule: FieldRule, v: unknown): string | null {
  switch (rule.kind) {
    case 'string':
    case 'text':
      if (typeof v !== 'string') return '须为字符串';
      if (rule.kind === 'text' && !v.trim()) return '不能为空';
      if (rule.pattern && !rule.pattern.re.test(v)) return rule.pattern.says;
      return null;
    case 'int': {
      const n = asInt(v);
      if (n === null) return '须为整数';
      if (rule.oneOf && !rule.oneOf.includes(n)) return `须为 ${rule.oneOf.join('/')} 之一`;
      return null;
    }
    case 'bool':
      return typeof v === 'boolean' ? null : '须为 true 或 false';
    case 'date':
      return typeof v === 'string' && DATE.test(v) && isRealDate(v) ? null : '须为yyyy-MM-dd';
    case 'datetime':
      return typeof v === 'string' && DATETIME.test(v) && isRealDate(v) ? null : '须为yyyy-MM-dd HH:mm';
    case 'mobile':
      return typeof v === 'string' && /^1\d{10}$/.test(v.trim()) ? null : '须为11位手机号';
    case 'decimal': {
      const n = asNumber(v);
      return n !== null && n >= 0 && Math.abs(Math.round(n * 100) - n * 100) < 1e-6 ? null : '须为不超过两位小数的金额';
    }
    case 'sign':
      return typeof v === 'string' && /^[0-9a-f]{32}$/.test(v) ? null : '须为32位小写md5';
    case 'array':
      if (!Array.isArray(v)) return '须为数组';
      if (rule.min !== undefined && v.length < rule.min) return `至少${rule.min}项`;
      if (rule.max !== undefined && v.length > rule.max) return `最多${rule.max}项`;
      return null;
  }
}

/**
 * The first documented-field problem of a request body, as the refusal's message, or null. Absent and
 * null are "missing" for a required field and "not given" for an optional one.
 */
export function documentedFieldProblem(spec: Spec, body: Record<string, unknown>, prefix = ''): string | null {
  for (const [name, rule] of Object.entries(spec)) {
    const v = body[name];
    const path = `${prefix}${name}`;
    if (v === undefined || v === null) {
      if (rule.required) return `参数无效:缺少必填字段${path}`;
      continue;
    }
    const problem = formatProblem(rule, v);
    if (problem) return `参数无效:${path}格式不正确(${problem})`;
    if (rule.kind === 'array' && rule.items) {
      for (const [i, item] of (v as unknown[]).entries()) {
        if (!item || typeof item !== 'object' || Array.isArray(item))
          return `参数无效:${path}[${i}]格式不正确(须为对象)`;
        const inner = documentedFieldProblem(rule.items, item as Record<string, unknown>, `${path}[${i}].`);
        if (inner) return inner;
      }
    }
  }
  return null;
}

/**
 * Typed provider errors. `business` is a refusal (`success: false`) with the provider's own msg and
 * msgCode (when sent), mapped to the msgCode catalogue of juhe-grab-ticket-dictionary.md where one
 * fits; the other kinds are transport failures, some of which idempotent calls may retry.
 */
export type ProviderErrorKind = 'business' | 'http' | 'timeout' | 'malformed' | 'network';

/** The msgCode catalogue of juhe-grab-ticket-dictionary.md, verbatim. */
export const MSG_CODES: Readonly<Record<number, string>> = {
  100: '请求成功',
  101: '参数无效',
  102: '签名验证失败',
  103: '该IP没有权限访问此接口',
  104: '请求过于频繁,请稍后重试',
  105: '没有权限访问此接口',
  201: '该订单不存在',
  202: '当前订单状态不允许执行此操作',
  203: '当前时间不支持此服务',
  204: '坐席无效',
  205: '发车日期无效',
  206: '取消次数过多,取消请求已锁定',
  207: '订单已过期',
  208: '车次号无效',
  209: '该坐席已售完',
  210: '该账号有未完成的订单,无法继续执行此操作',
  211: '分销商身份验证无效',
  212: '该订单未付款,无法出票',
  213: '坐席价格错误',
  214: '占座排队中,请等待占座结果',
  215: '站站查询结果已过期,请重新查询',
  216: '距离发车时间太近,无法执行此操作',
  217: '实际占座为无座,乘客制定不接受无座',
  218: '测试订单不允许预定20天以内发车的车次',
  219: '抢票单已达预约上限',
  220: '抢票单乘客数,车次数,坐席数超过配置上限',
  221: '抢票取消失败',
  222: '抢票功能关闭',
  301: '该订单中无此乘客',
  302: '乘客身份信息涉嫌被他人冒用',
  303: '当前车票状态不允许执行此操作',
  304: '乘客信息不正确',
  305: '乘客已预订过与该行程有冲突的车票',
  306: '乘客已被法院依法限制高消费',
  307: '乘客已预订过该车次,无法重复预订',
  308: '乘客身份信息未通过验证',
  309: '出票5分钟内无法提交退票',
  310: '距离发车时间太近,无法申请退票',
  311: '订单中包含儿童票,如需退票请先退儿童票',
  312: '不支持网上退票',
  313: '订单中包含儿童票,该乘客无法改签',
  314: '距离发车时间太近,无法改签',
  315: '要改签的车次不在预售期内,无法改签',
  316: '该订单不支持改签',
  317: '改签次数过多,改签请求已锁定',
  318: '当天取消改签次数过多,取消请求已锁定',
  319: '购保失败',
  320: '退保失败',
  401: '购票所使用的12306账号未进行手机核验',
  402: '购票所使用的12306账号被封,无法执行此操作',
  403: '12306账号登录失败',
  404: '12306账号尚未激活,请用注册时的邮箱激活后重试',
  405: '12306账号未通过身份信息核验,请核验后重试',
  406: '12306账号已被锁定',
  407: '登录验证码错误',
  408: '12306账号格式不正确',
  409: '12306账号常用联系人已达上限,无法继续添加',
  410: '当日获取短信验证码次数已达上限',
  411: '邮箱已被注册',
  412: '用户名已被注册',
  413: '手机号码已被注册',
  414: '证件号码已被注册',
  415: '12306账号不可用',
  416: '手机号或证件号码不正确',
  417: '该联系人已存在',
  999: '未知的失败原因',
};

/** Catalogue codes by name (the portal and the sandbox use these, never bare numbers). */
export const MSG = {
  OK: 100,
  BAD_PARAMS: 101,
  BAD_SIGN: 102,
  IP_DENIED: 103,
  TOO_FREQUENT: 104,
  NO_PERMISSION: 105,
  NO_ORDER: 201,
  BAD_ORDER_STATE: 202,
  SERVICE_CLOSED: 203,
  BAD_SEAT: 204,
  BAD_DATE: 205,
  CANCEL_LOCKED: 206,
  ORDER_EXPIRED: 207,
  BAD_TRAIN: 208,
  SOLD_OUT: 209,
  UNFINISHED_ORDER: 210,
  DISTRIBUTOR_INVALID: 211,
  UNPAID: 212,
  PRICE_MISMATCH: 213,
  HOLD_QUEUED: 214,
  SEARCH_EXPIRED: 215,
  TOO_CLOSE: 216,
  STANDING_REFUSED: 217,
  TEST_ORDER_TOO_SOON: 218,
  GRAB_LIMIT: 219,
  GRAB_SIZE_LIMIT: 220,
  GRAB_CANCEL_FAILED: 221,
  GRAB_DISABLED: 222,
  NO_PASSENGER: 301,
  IDENTITY_MISUSED: 302,
  BAD_TICKET_STATE: 303,
  BAD_PASSENGER: 304,
  TRIP_CONFLICT: 305,
  SPENDING_RESTRICTED: 306,
  SAME_TRAIN: 307,
  IDENTITY_UNVERIFIED: 308,
  REFUND_TOO_SOON: 309,
  REFUND_TOO_CLOSE: 310,
  CHILD_FIRST: 311,
  NO_ONLINE_REFUND: 312,
  CHILD_NO_CHANGE: 313,
  CHANGE_TOO_CLOSE: 314,
  CHANGE_NOT_ON_SALE: 315,
  CHANGE_NOT_ALLOWED: 316,
  CHANGE_LOCKED: 317,
  CHANGE_CANCEL_LOCKED: 318,
  INSURANCE_FAILED: 319,
  INSURANCE_REFUND_FAILED: 320,
  ACCOUNT_MOBILE_UNVERIFIED: 401,
  ACCOUNT_BANNED: 402,
  ACCOUNT_LOGIN_FAILED: 403,
  ACCOUNT_INACTIVE: 404,
  ACCOUNT_IDENTITY_UNVERIFIED: 405,
  ACCOUNT_LOCKED: 406,
  CODE_WRONG: 407,
  ACCOUNT_FORMAT: 408,
  CONTACT_LIMIT: 409,
  SMS_LIMIT: 410,
  EMAIL_TAKEN: 411,
  USERNAME_TAKEN: 412,
  MOBILE_TAKEN: 413,
  CARD_TAKEN: 414,
  ACCOUNT_UNAVAILABLE: 415,
  MOBILE_OR_CARD_WRONG: 416,
  PASSENGER_EXISTS: 417,
  UNKNOWN: 999,
} as const satisfies Record<string, number>;
export type MsgCode = (typeof MSG)[keyof typeof MSG];

/**
 * The provider's (panhe) refusals carry a Chinese msg and usually no msgCode: these patterns map the
 * usual wordings onto the catalogue. First match wins; the catalogue texts themselves are tried first.
 */
const MSG_PATTERNS: [RegExp, MsgCode][] = [
  [/签名/, MSG.BAD_SIGN],
  [/appKey|分销商身份/i, MSG.DISTRIBUTOR_INVALID],
  [/订单不存在/, MSG.NO_ORDER],
  [/售完|无余票|余票不足/, MSG.SOLD_OUT],
  [/行程冲突|有冲突/, MSG.TRIP_CONFLICT],
  [/验证码错误/, MSG.CODE_WRONG],
  [/未登录|登录失败|重新登录/, MSG.ACCOUNT_LOGIN_FAILED],
  [/(订单|当前)状态(不允许|为)|才允许取消/, MSG.BAD_ORDER_STATE],
  [/车票状态|客票状态/, MSG.BAD_TICKET_STATE],
  [/金额不一致|价格错误|支付金额/, MSG.PRICE_MISMATCH],
];

/** The catalogue entry that fits a msg without a msgCode, or null. */
export function inferMsgCode(msg: string): number | null {
  for (const [code, text] of Object.entries(MSG_CODES)) {
    if (msg.includes(text) && Number(code) !== MSG.OK) return Number(code);
  }
  return MSG_PATTERNS.find(([re]) => re.test(msg))?.[1] ?? null;
}

export interface ProviderErrorInit {
  kind: ProviderErrorKind;
  message: string;
  /** The endpoint name (`order/confirm`), when the error comes from a call. */
  endpoint?: string | null;
  /** The provider's own `msg`, verbatim (business errors). */
  msg?: string | null;
  /** The envelope's msgCode, when the provider sent one. */
  msgCode?: number | null;
  httpStatus?: number | null;
  /** Overrides the default (network, timeout and 5xx are transient; the rest are not). */
  retryable?: boolean;
  cause?: unknown;
}

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly endpoint: string | null;
  readonly msg: string | null;
  /** As sent by the provider (null when absent). */
  readonly msgCode: number | null;
  /** The catalogue entry that fits: the msgCode when it is in the catalogue, else inferred from msg. */
  readonly catalogueCode: number | null;
  readonly httpStatus: number | null;
  /** Whether another attempt may succeed (only ever acted on for idempotent calls). */
  readonly retryable: boolean;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.kind = init.kind;
    this.endpoint = init.endpoint ?? null;
    this.msg = init.msg ?? null;
    this.msgCode = init.msgCode ?? null;
    this.httpStatus = init.httpStatus ?? null;
    this.catalogueCode =
      this.msgCode !== null && MSG_CODES[this.msgCode] !== undefined
        ? this.msgCode
        : this.msg !== null
          ? inferMsgCode(this.msg)
          : null;
    this.retryable =
      init.retryable ??
      (init.kind === 'network' || init.kind === 'timeout' || (init.kind === 'http' && (this.httpStatus ?? 0) >= 500));
  }

  /** The catalogue's wording for catalogueCode. */
  get catalogueText(): string | null {
    return this.catalogueCode !== null ? (MSG_CODES[this.catalogueCode] ?? null) : null;
  }
}

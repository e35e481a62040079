/**
 * Typed provider errors. `business` carries the provider's own msg (and msgCode when sent), mapped to
 * the msgCode catalogue of juhe-grab-ticket-dictionary.md where one fits; the other kinds are
 * transport failures that idempotent calls may retry.
 */
export type ProviderErrorKind = 'business' | 'http' | 'timeout' | 'malformed' | 'network';

/** The msgCode catalogue of juhe-grab-ticket-dictionary.md, verbatim. */
export const MSG_CODES: Record<number, string> = {
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

/** Codes the portal and the sandbox use by name. */
export const MSG = {
  OK: 100,
  BAD_PARAMS: 101,
  BAD_SIGN: 102,
  NO_ORDER: 201,
  BAD_ORDER_STATE: 202,
  BAD_SEAT: 204,
  BAD_DATE: 205,
  BAD_TRAIN: 208,
  SOLD_OUT: 209,
  UNFINISHED_ORDER: 210,
  DISTRIBUTOR_INVALID: 211,
  PRICE_MISMATCH: 213,
  TOO_CLOSE: 216,
  STANDING_REFUSED: 217,
  NO_PASSENGER: 301,
  BAD_TICKET_STATE: 303,
  BAD_PASSENGER: 304,
  TRIP_CONFLICT: 305,
  SAME_TRAIN: 307,
  REFUND_TOO_SOON: 309,
  REFUND_TOO_CLOSE: 310,
  CHILD_FIRST: 311,
  CHANGE_TOO_CLOSE: 314,
  CHANGE_NOT_ON_SALE: 315,
  CHANGE_NOT_ALLOWED: 316,
  ACCOUNT_LOGIN_FAILED: 403,
  UNKNOWN: 999,
} as const;

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly msgCode: number | null = null,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  get retryable(): boolean {
    return this.kind !== 'business';
  }

  get catalogueMeaning(): string | null {
    return this.msgCode !== null ? (MSG_CODES[this.msgCode] ?? null) : null;
  }
}

/** Guesses a catalogue code from the provider's text when it sent none. */
export function inferMsgCode(msg: string): number | null {
  if (/签名/.test(msg)) return MSG.BAD_SIGN;
  if (/售完|无余票|余票不足/.test(msg)) return MSG.SOLD_OUT;
  if (/行程冲突|有冲突/.test(msg)) return MSG.TRIP_CONFLICT;
  if (/未登录|登录失败|重新登录/.test(msg)) return MSG.ACCOUNT_LOGIN_FAILED;
  if (/状态不允许|当前订单状态/.test(msg)) return MSG.BAD_ORDER_STATE;
  const exact = Object.entries(MSG_CODES).find(([, text]) => text === msg);
  return exact ? Number(exact[0]) : null;
}

/**
 * The Panhe provider protocol's codes (panhe-train-api.md, juhe-grab-ticket-dictionary.md): what a
 * number on the wire means. Both the portal (lib/provider, lib/domain) and the sandbox import these;
 * what either side *does* with a code (transitions, fees, deadlines) is its own business.
 *
 * 订单详情 orderStatus / ticketStatus / chaOrderStatus:
 *   order:  占位中 1, 占位成功 2, 占位失败 3, 已取消 5, 出票中 7, 出票成功 8, 出票失败 9
 *   ticket: the order codes plus 退票中 20, 退票成功 21, 退票失败 22, 已退票未退款 23, 改签占位中 30,
 *           改签占位成功 31, 改签占位失败 32, 改签确认出票中 33, 改签确认出票成功 34,
 *           改签确认出票失败 35, 改签已取消 37
 */

export const ORDER_STATUS = {
  HOLDING: 1,
  HELD: 2,
  HOLD_FAILED: 3,
  CANCELLED: 5,
  ISSUING: 7,
  ISSUED: 8,
  ISSUE_FAILED: 9,
} as const;
export type OrderStatus = (typeof ORDER_STATUS)[keyof typeof ORDER_STATUS];

export const TICKET_STATUS = {
  ...ORDER_STATUS,
  REFUNDING: 20,
  REFUNDED: 21,
  REFUND_FAILED: 22,
  REFUNDED_UNPAID: 23,
  CHANGE_HOLDING: 30,
  CHANGE_HELD: 31,
  CHANGE_HOLD_FAILED: 32,
  CHANGE_ISSUING: 33,
  CHANGE_ISSUED: 34,
  CHANGE_ISSUE_FAILED: 35,
  CHANGE_CANCELLED: 37,
} as const;
export type TicketStatus = (typeof TICKET_STATUS)[keyof typeof TICKET_STATUS];

/** 改签单 (chaOrderStatus) codes: the 30-37 ticket codes. */
export const CHANGE_ORDER_STATUS = {
  HOLDING: 30,
  HELD: 31,
  HOLD_FAILED: 32,
  ISSUING: 33,
  ISSUED: 34,
  ISSUE_FAILED: 35,
  CANCELLED: 37,
} as const;
export type ChangeOrderStatus = (typeof CHANGE_ORDER_STATUS)[keyof typeof CHANGE_ORDER_STATUS];

export const ORDER_STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  1: '占位中',
  2: '占位成功',
  3: '占位失败',
  5: '已取消',
  7: '出票中',
  8: '出票成功',
  9: '出票失败',
};

export const TICKET_STATUS_LABELS: Readonly<Record<TicketStatus, string>> = {
  ...ORDER_STATUS_LABELS,
  20: '退票中',
  21: '退票成功',
  22: '退票失败',
  23: '已退票未退款',
  30: '改签占位中',
  31: '改签占位成功',
  32: '改签占位失败',
  33: '改签确认出票中',
  34: '改签确认出票成功',
  35: '改签确认出票失败',
  37: '改签已取消',
};

const label = (labels: Readonly<Record<number, string>>, s: number) => labels[s] ?? `未知状态 ${s}`;
export const orderStatusLabel = (s: number): string => label(ORDER_STATUS_LABELS, s);
export const ticketStatusLabel = (s: number): string => label(TICKET_STATUS_LABELS, s);
export const changeOrderStatusLabel = ticketStatusLabel;

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
 * The `eventType` of a callback (our format: the 订单详情 object + eventType + sign, POSTed to the
 * order's callBackUrl, or to refundTicketCallbackUrl for `refund`). The event says what moved; the
 * order's state is always read from the detail itself.
 * - `order.hold`: 占座 finished (orderStatus 2 占位成功 or 3 占位失败)
 * - `order.issue`: 出票 finished (8 出票成功 or 9 出票失败)
 * - `order.cancel`: the order was cancelled (5), on request or when the payment time limit ran out
 * - `refund`: a ticket's refund finished (ticketStatus 21/22/23)
 * - `change.hold`: 改签占位 finished (chaOrderStatus 31 or 32)
 * - `change.issue`: 改签确认 finished (34 or 35)
 * - `change.cancel`: the change order was cancelled (37)
 */
export const CALLBACK_EVENT_TYPES = [
  'order.hold',
  'order.issue',
  'order.cancel',
  'refund',
  'change.hold',
  'change.issue',
  'change.cancel',
] as const;
export type CallbackEventType = (typeof CALLBACK_EVENT_TYPES)[number];

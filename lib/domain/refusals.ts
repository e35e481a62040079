/**
 * Plain words for every refusal and failure of the msgCode catalogue (juhe-grab-ticket-dictionary.md,
 * protocol/panhe/codes.ts MSG_CODES) that a traveller can meet: what happened and what to do next.
 * One module for holds (创单/占座), issues, cancels, refunds, changes and the 12306 account paths; the
 * refund and change screens use it too (they had their own helpers before, issue 26 item 3).
 *
 * Where a document gives the advice, it is quoted beside the code. Everything else is the catalogue's
 * own text made actionable. The provider's raw text is never hidden: `plainFailure` keeps it for a
 * details line whenever it says something the plain words do not. What happened to the money is the
 * screen's to say (a failed hold charged nothing, a failed issue is refunded), never these words'.
 */
import { MSG, MSG_CODES } from '@/protocol/panhe/codes';

/** Where a refusal was met: a few codes need different advice per path (303 on a refund vs a change). */
export type RefusalPath = 'hold' | 'issue' | 'cancel' | 'refund' | 'change' | 'account';

/**
 * Every catalogue code but 100 (请求成功), in plain words. The unit test checks that each has an entry
 * and that every entry differs from the catalogue text (each adds advice).
 */
export const REFUSAL_WORDS: Readonly<Record<number, string>> = {
  // 101-105, 211: the portal's own link to the provider failed; nothing the traveller typed is wrong.
  [MSG.BAD_PARAMS]: '出票渠道没有接受这次请求（参数无效）。请核对行程和乘客信息后重试；如仍失败请联系客服。',
  [MSG.BAD_SIGN]: '我们与出票渠道之间的校验失败，请求未被受理。请稍后重试；如仍失败请联系客服。',
  [MSG.IP_DENIED]: '出票渠道暂时拒绝了我们的请求（系统配置问题）。请稍后重试或联系客服。',
  [MSG.TOO_FREQUENT]: '出票渠道繁忙，请求过于频繁。请稍等一分钟后再试。',
  [MSG.NO_PERMISSION]: '出票渠道暂时不允许这项操作（系统配置问题）。请稍后重试或联系客服。',
  [MSG.NO_ORDER]: '出票渠道查不到这笔订单。请刷新页面查看最新状态；如仍异常请联系客服。',
  [MSG.BAD_ORDER_STATE]: '订单当前的状态不允许这项操作（可能已支付、已出票或已取消）。请刷新页面查看最新状态。',
  // juhe-train-booking-faq.md §3: "火车票官方订票系统会在每天23点(也许以后会改)关闭,如您在23点左右提交订单,
  // 此订单可能要到第二天早上才能处理完成".
  [MSG.SERVICE_CLOSED]: '12306 现在不办理这项业务（每天夜间 23 点起停止服务）。请在次日早上再试。',
  [MSG.BAD_SEAT]: '所选席别在这趟车上不能预订。请重新查询，选择其他席别。',
  [MSG.BAD_DATE]: '这个发车日期不能预订（不在预售期内或已过发车日期）。请重新选择日期。',
  // 12306's rule (the rules table's cancel limit): a third cancel in a day locks further bookings that day.
  [MSG.CANCEL_LOCKED]: '今天取消订单的次数过多（12306 每天最多取消 3 次），今天不能再取消或预订。请明天再试。',
  [MSG.ORDER_EXPIRED]: '订单已超过支付时限，座位已释放。如仍需出行，请重新预订。',
  [MSG.BAD_TRAIN]: '车次信息已失效或车次不存在。请重新查询后预订。',
  [MSG.SOLD_OUT]: '所选席别已经售完。请换一个席别或车次，或提交抢票。',
  [MSG.UNFINISHED_ORDER]: '下单所用的 12306 账号还有未完成的订单（例如待支付）。请先支付或取消那笔订单，再重新预订。',
  [MSG.DISTRIBUTOR_INVALID]: '出票渠道暂时不可用（商户身份校验失败）。请稍后重试或联系客服。',
  [MSG.UNPAID]: '订单尚未支付，不能出票。请先完成支付。',
  [MSG.PRICE_MISMATCH]: '票价与下单时不一致（可能已调整）。请重新查询，按新票价预订。',
  [MSG.HOLD_QUEUED]: '12306 正在排队占座，结果出来后页面会自动更新。请稍候，不要重复下单。',
  [MSG.SEARCH_EXPIRED]: '余票信息已过期。请重新查询后再预订。',
  [MSG.TOO_CLOSE]: '距离发车时间太近，不能在线办理。请到车站售票窗口办理。',
  // FAQ §7-8: 无座 only comes as the lowest class's fallback, and only when the traveller accepts it.
  [MSG.STANDING_REFUSED]:
    '只剩无座票，而您选择了不接受无座，所以没有出票。如能接受无座，请勾选“接受无座”后重新预订，或换一个车次。',
  [MSG.TEST_ORDER_TOO_SOON]: '测试订单不能预订 20 天以内发车的车次。请选择 20 天以后的日期。',
  [MSG.GRAB_LIMIT]: '抢票单数量已达上限。请等已有的抢票单结束，或取消一个后再提交。',
  [MSG.GRAB_SIZE_LIMIT]: '抢票单的乘客、车次或席别数量超过上限。请减少后再提交。',
  [MSG.GRAB_CANCEL_FAILED]: '抢票单没能取消（可能已经抢到票）。请刷新页面查看最新状态。',
  [MSG.GRAB_DISABLED]: '抢票功能暂时关闭。请稍后再试，或预订仍有余票的车次。',
  [MSG.NO_PASSENGER]: '订单中没有这位乘客。请刷新订单页，核对乘客后再操作。',
  // juhe-train-booking-faq.md §4: "XX_身份信息涉嫌被他人冒用......:请到火车站核验身份".
  [MSG.IDENTITY_MISUSED]:
    '12306 认为该乘客的身份信息可能被他人冒用，暂时不能在网上购票。请乘客本人携带证件到火车站售票窗口核验身份，核验后即可重新预订。',
  [MSG.BAD_TICKET_STATE]: '车票当前的状态不允许这项操作（可能已退票、已改签或已在车站取票）。请刷新页面查看最新状态。',
  [MSG.BAD_PASSENGER]: '乘客信息不正确（姓名、证件类型或证件号码不符）。请在常用乘客中核对后重新预订。',
  // FAQ §38: "在提交此订单前,您预订了同一日期的火车车票…一个人是不可能在同一时间乘坐两辆火车的…所以下单失败".
  [MSG.TRIP_CONFLICT]:
    '该乘客已订有时间冲突的车票（同一时间不能乘坐两趟车）。请先在“我的行程”中查看或取消那张票，或改选其他车次。',
  [MSG.SPENDING_RESTRICTED]:
    '该乘客已被法院依法限制高消费，12306 不允许其购买这类车票。请改选其他车次或席别；如有疑问请联系执行法院。',
  // FAQ §29: "若同意乘客再次下单,会提示:乘客已预定该车次…遇到这种情况,请该乘客45分钟后再试".
  [MSG.SAME_TRAIN]:
    '该乘客已订过这趟车，不能重复预订。请先在“我的行程”中查看；若上一次占座失败后再下单仍提示此原因，请该乘客 45 分钟后再试。',
  // FAQ §4: "乘客身份信息未通过验证_订票失败......:证件号码错误;第一次在网上订票,请到火车站核验身份".
  [MSG.IDENTITY_UNVERIFIED]:
    '乘客身份信息未通过 12306 验证：可能是证件号码有误，或乘客第一次在网上购票。请核对证件号码；若无误，请乘客本人携带证件到火车站核验身份后再预订。',
  [MSG.REFUND_TOO_SOON]: '出票后 5 分钟内不能退票，请稍后再试。',
  [MSG.REFUND_TOO_CLOSE]: '距离发车时间太近，不能在线退票，请到车站售票窗口办理。',
  [MSG.CHILD_FIRST]: '订单中有儿童票，请先退儿童票，再退同行成人的票。',
  [MSG.NO_ONLINE_REFUND]: '该车票不支持在线退票，请到车站售票窗口办理。',
  [MSG.CHILD_NO_CHANGE]: '订单中有儿童票，该乘客不能单独改签。如需改签，请到车站售票窗口办理。',
  [MSG.CHANGE_TOO_CLOSE]: '距离发车时间太近，不能在线改签（变更到站须在开车 48 小时以前办理）。请到车站售票窗口办理。',
  [MSG.CHANGE_NOT_ON_SALE]: '新车次不在预售期内，不能改签。请选择预售期内的车次。',
  [MSG.CHANGE_NOT_ALLOWED]: '该订单不支持在线改签。如需改签，请到车站售票窗口办理。',
  [MSG.CHANGE_LOCKED]: '改签次数过多，改签请求已被锁定。请明天再试，或到车站售票窗口办理。',
  [MSG.CHANGE_CANCEL_LOCKED]: '今天取消改签的次数过多，请求已被锁定。请明天再试。',
  [MSG.INSURANCE_FAILED]: '保险购买失败。请联系客服处理。',
  [MSG.INSURANCE_REFUND_FAILED]: '保险退保失败。请联系客服处理保险费退款。',
  // 401-417: the traveller's own 12306 account (binding, registration, contacts).
  [MSG.ACCOUNT_MOBILE_UNVERIFIED]:
    '下单所用的 12306 账号还没有完成手机核验，不能购票。请在 12306 完成手机核验后重新预订。',
  [MSG.ACCOUNT_BANNED]: '下单所用的 12306 账号已被封，不能购票。请在 12306 查询原因，或改用其他 12306 账号预订。',
  [MSG.ACCOUNT_LOGIN_FAILED]: '12306 账号登录失败（密码可能已修改）。请在“12306 账号”页面重新绑定后再试。',
  [MSG.ACCOUNT_INACTIVE]: '12306 账号尚未激活。请用注册时的邮箱激活账号后重试。',
  [MSG.ACCOUNT_IDENTITY_UNVERIFIED]:
    '12306 账号未通过身份信息核验。请在 12306 完成身份核验（或到车站窗口核验）后重试。',
  [MSG.ACCOUNT_LOCKED]: '12306 账号已被锁定。请在 12306 解锁账号后再试。',
  [MSG.CODE_WRONG]: '验证码错误。请重新获取验证码后再试。',
  [MSG.ACCOUNT_FORMAT]: '12306 账号格式不正确。请检查用户名、手机号或邮箱后重新输入。',
  [MSG.CONTACT_LIMIT]: '12306 账号的常用联系人已满，不能再添加乘客。请登录 12306 删除不用的常用联系人后再试。',
  [MSG.SMS_LIMIT]: '今天获取短信验证码的次数已达上限。请明天再试。',
  [MSG.EMAIL_TAKEN]: '该邮箱已注册过 12306。请换一个邮箱，或直接绑定已有的 12306 账号。',
  [MSG.USERNAME_TAKEN]: '该用户名已被注册。请换一个用户名。',
  [MSG.MOBILE_TAKEN]: '该手机号已注册过 12306。请直接绑定已有账号，或换一个手机号。',
  [MSG.CARD_TAKEN]: '该证件号码已注册过 12306。请直接绑定已有账号（忘记密码可在 12306 找回）。',
  [MSG.ACCOUNT_UNAVAILABLE]: '12306 账号不可用。请登录 12306 查看账号状态，或改用其他账号。',
  [MSG.MOBILE_OR_CARD_WRONG]: '手机号或证件号码不正确。请核对后重新输入。',
  [MSG.PASSENGER_EXISTS]: '该乘客已在 12306 常用联系人中，无需重复添加，可直接选择。',
  [MSG.UNKNOWN]: '出票渠道没有说明失败原因。请稍后重试；如仍失败请联系客服。',
};

/** Codes whose advice depends on the path (the rest read the same everywhere). */
const PATH_WORDS: Readonly<Partial<Record<RefusalPath, Readonly<Record<number, string>>>>> = {
  refund: {
    [MSG.BAD_TICKET_STATE]: '该车票当前状态不能退票（可能已退票、已改签或已在车站取票）。请刷新页面查看最新状态。',
    [MSG.TOO_CLOSE]: '距离发车时间太近，不能在线退票，请到车站售票窗口办理。',
  },
  change: {
    [MSG.BAD_TICKET_STATE]: '该车票当前状态不能改签（已改签过的车票不能再次改签）。如需再改，请到车站售票窗口办理。',
    [MSG.SOLD_OUT]: '新车次所选席别已售完，请换一个车次或席别。',
    [MSG.TOO_CLOSE]: '距离发车时间太近，不能在线改签，请到车站售票窗口办理。',
  },
};

/** What each path says when neither a code nor a known text explains the refusal. */
const PATH_FALLBACK: Readonly<Record<RefusalPath, string>> = {
  hold: '占位失败',
  issue: '出票失败',
  cancel: '取消未被受理',
  refund: '退票未被受理',
  change: '改签未被受理',
  account: '12306 账号操作未成功',
};

/**
 * FAQ §29: "提交订单成功,程序自动排队,未获取到订单号…此条信息表示处理占座信息失败…若同意乘客再次下单,会提示:
 * 乘客已预定该车次…遇到这种情况,请该乘客45分钟后再试". A text, not a catalogue code.
 */
const QUEUE_GAVE_UP = /未获取到订单号/;
export const QUEUE_GAVE_UP_WORDS =
  '12306 排队占座没有成功。此时立即重新下单会被提示“乘客已预订该车次”：请该乘客 45 分钟后再试。';

/** The plain words for a catalogue code on a path, or null when the code is not catalogued. */
export function refusalWords(path: RefusalPath, code: number | null): string | null {
  if (code === null || code === MSG.OK) return null;
  return PATH_WORDS[path]?.[code] ?? REFUSAL_WORDS[code] ?? null;
}

/** One line for a refusal: the plain words, or the path's lead-in and the provider's own text. */
export function refusalText(path: RefusalPath, code: number | null, raw: string | null): string {
  const f = plainFailure(path, code, raw);
  const theirs = raw?.trim() || null;
  return f.code === null && theirs !== null && f.text === theirs ? `${PATH_FALLBACK[path]}：${theirs}` : f.text;
}

export interface PlainFailure {
  /** What happened and what to do. */
  text: string;
  /** The provider's own text, for a details line; null when it adds nothing to `text`. */
  raw: string | null;
  /** The catalogue code the words are for, when one fits. */
  code: number | null;
}

/**
 * A failure in plain words with the provider's text kept beside it. `code` is the catalogue code
 * when known (the adapter's catalogueCode, or inferred from the text by lib/provider's inferMsgCode).
 */
export function plainFailure(path: RefusalPath, code: number | null, raw: string | null): PlainFailure {
  const theirs = raw?.trim() || null;
  const words = refusalWords(path, code);
  if (words) return { text: words, raw: theirs && theirs !== words ? theirs : null, code };
  if (theirs && QUEUE_GAVE_UP.test(theirs)) return { text: QUEUE_GAVE_UP_WORDS, raw: theirs, code: null };
  // Not catalogued: our own words (e.g. "请重新绑定 12306 账号") or a text we cannot place.
  if (theirs) return { text: theirs, raw: null, code: null };
  return { text: `${PATH_FALLBACK[path]}，原因未知。请稍后重试；如仍失败请联系客服。`, raw: null, code: null };
}

/** The catalogue codes this module covers: all but 100. */
export const COVERED_CODES: readonly number[] = Object.keys(MSG_CODES)
  .map(Number)
  .filter((c) => c !== MSG.OK);

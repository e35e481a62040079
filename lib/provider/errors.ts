/**
 * Typed provider errors. `business` is a refusal (`success: false`) with the provider's own msg and
 * msgCode (when sent), mapped to the msgCode catalogue of juhe-grab-ticket-dictionary.md where one
 * fits; the other kinds are transport failures, some of which idempotent calls may retry. The
 * catalogue itself is the protocol's (protocol/panhe/codes.ts, re-exported here).
 */
import { MSG, MSG_CODES, type MsgCode } from '@/protocol/panhe/codes';

export { MSG, MSG_CODES, type MsgCode };

export type ProviderErrorKind = 'business' | 'http' | 'timeout' | 'malformed' | 'network';

/**
 * The provider's (panhe) refusals carry a Chinese msg and usually no msgCode: these patterns map the
 * usual wordings onto the catalogue. First match wins; the catalogue texts themselves are tried first.
 */
const MSG_PATTERNS: [RegExp, MsgCode][] = [
  [/签名/, MSG.BAD_SIGN],
  [/appKey|分销商身份/i, MSG.DISTRIBUTOR_INVALID],
  [/订单不存在/, MSG.NO_ORDER],
  // juhe-train-booking-faq.md §4, §29, §38: the identity and repeat-booking wordings of 12306.
  [/冒用/, MSG.IDENTITY_MISUSED],
  [/账号.*(身份信息核验|身份核验)/, MSG.ACCOUNT_IDENTITY_UNVERIFIED],
  [/身份信息未通过(验证|核验)|身份信息.*核验未通过/, MSG.IDENTITY_UNVERIFIED],
  [/限制高消费/, MSG.SPENDING_RESTRICTED],
  [/已预[订定](过)?该车次/, MSG.SAME_TRAIN],
  [/已订.+的.+车票/, MSG.TRIP_CONFLICT],
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
  /**
   * The catalogue entry an adapter mapped its own code to (a provider whose codes are not the
   * catalogue's, e.g. juhe's 2173xx); default: msgCode when in the catalogue, else inferred from msg.
   */
  catalogueCode?: number | null;
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
      init.catalogueCode !== undefined
        ? init.catalogueCode
        : this.msgCode !== null && MSG_CODES[this.msgCode] !== undefined
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

/**
 * Juhe's error codes (juhe-train-api.md §0) → the domain's ProviderError. Only this adapter knows them.
 *
 * - 2173xx: refusals of the train service. `reason` is kept verbatim as msg; the catalogue entry that
 *   fits (protocol/panhe/codes.ts MSG) is set where one does (217303 → NO_ORDER …). "other 2173xx … treat
 *   as a business refusal, keep `reason`, do not retry blindly".
 * - 10001–10013, 10020, 10021: Juhe-wide refusals of the account (key, permission, IP, quota,
 *   maintenance): business, never retried.
 * - 10014 "internal error (for money-moving calls, check the order with the query API before
 *   retrying)" and §20.2 "10014 on `pay` means 'check the order before retrying', never blind-retry a
 *   payment": an outcome-unknown server failure (kind `http`, not a refusal). Retryable only on the
 *   reads; on the calls that act (submit, pay, cancel, refund, setPush) it is not, and the order core
 *   re-reads the order before any further attempt.
 *
 * `msgCode` is Juhe's own error_code as sent; `catalogueCode` the catalogue's entry (set here, since
 * Juhe's numbers are not the catalogue's).
 */
import { inferMsgCode, MSG, ProviderError } from '../../errors';

/** The endpoints (path names under …/trainTickets/). */
export type JuheEndpoint =
  'cityCode' | 'ticketsAvailable' | 'submit' | 'pay' | 'orderStatus' | 'refund' | 'cancel' | 'setPush' | 'balance.php';

/** Calls that only read: a 10014 there may be tried again. */
const READS: ReadonlySet<JuheEndpoint> = new Set<JuheEndpoint>([
  'cityCode',
  'ticketsAvailable',
  'orderStatus',
  'balance.php',
]);

/** §0 service codes seen, and the catalogue entry each fits (null: none fits). */
const SERVICE_CATALOGUE: Readonly<Record<number, number | null>> = {
  // "payment failed: balance too low": the catalogue has no balance entry.
  217300: null,
  217301: MSG.BAD_PARAMS,
  217302: MSG.ORDER_EXPIRED,
  217303: MSG.NO_ORDER,
  217304: MSG.BAD_ORDER_STATE,
};

/** §0 system codes that refuse the account, and the catalogue entry each fits. */
const ACCOUNT_CATALOGUE: Readonly<Record<number, number>> = {
  10001: MSG.DISTRIBUTOR_INVALID, // wrong request KEY
  10002: MSG.NO_PERMISSION, // this KEY has no permission for the API
  10003: MSG.DISTRIBUTOR_INVALID, // KEY expired
  10004: MSG.DISTRIBUTOR_INVALID, // wrong OPENID
  10005: MSG.NO_PERMISSION, // application review timed out
  10007: MSG.IP_DENIED, // unknown request source
  10008: MSG.IP_DENIED, // banned IP
  10009: MSG.DISTRIBUTOR_INVALID, // banned KEY
  10011: MSG.TOO_FREQUENT, // this IP exceeded its request limit
  10012: MSG.TOO_FREQUENT, // request count limit exceeded
  10013: MSG.TOO_FREQUENT, // test KEY exceeded its limit
  10020: MSG.SERVICE_CLOSED, // API under maintenance
  10021: MSG.NO_PERMISSION, // API disabled
};

/** Wordings of undocumented 2173xx refusals that still fit a catalogue entry. */
const REASON_PATTERNS: [RegExp, number][] = [
  // FAQ §31 "订单…中不存在您提供的tickets参数中指定的可退的车票" (not refundable online: printed, refunded…).
  [/可退的车票/, MSG.BAD_TICKET_STATE],
  [/订单号?.{0,40}不存在/, MSG.NO_ORDER],
];

export const INTERNAL_ERROR = 10014;

function catalogueOf(code: number, reason: string): number | null {
  if (code in SERVICE_CATALOGUE) return SERVICE_CATALOGUE[code]!;
  if (code in ACCOUNT_CATALOGUE) return ACCOUNT_CATALOGUE[code]!;
  return REASON_PATTERNS.find(([re]) => re.test(reason))?.[1] ?? inferMsgCode(reason);
}

/** The ProviderError for an envelope whose error_code is not 0. */
export function juheRefusal(endpoint: JuheEndpoint, code: number, reason: string, httpStatus: number): ProviderError {
  const text = reason.trim() || `聚合数据拒绝了请求(${code})`;
  if (code === INTERNAL_ERROR) {
    const reads = READS.has(endpoint);
    return new ProviderError({
      kind: 'http',
      message: reads
        ? `聚合数据内部错误(${endpoint}):${text}`
        : `聚合数据内部错误,结果未知(${endpoint}):${text};请先查询订单再决定是否重试`,
      endpoint,
      msg: text,
      msgCode: code,
      httpStatus,
      retryable: reads,
      catalogueCode: null,
    });
  }
  return new ProviderError({
    kind: 'business',
    message: text,
    endpoint,
    msg: text,
    msgCode: code,
    catalogueCode: catalogueOf(code, text),
    httpStatus,
    retryable: false,
  });
}

/** A business refusal made by the adapter itself, before anything is sent (plain Chinese). */
export function refusedHere(endpoint: JuheEndpoint | null, message: string, catalogueCode: number | null = null) {
  return new ProviderError({
    kind: 'business',
    message,
    endpoint,
    msg: message,
    msgCode: null,
    catalogueCode,
    retryable: false,
  });
}

/**
 * The provider client: every endpoint is `POST {baseUrl}/train/<name>` with a JSON body carrying
 * appKey, answered with `{ data, success, msg }`. Timeouts on every call; retries (3 attempts, short
 * backoff) only for idempotent calls — the reads, and 创单, which the unique customerOrderNo makes
 * idempotent on the provider's side.
 */
import type { z } from 'zod';
import type { ProviderConfig } from './config';
import { DEFAULT_TIMEOUT_MS } from './config';
import { inferMsgCode, ProviderError } from './errors';
import { changeConfirmSign, confirmSign, encryptField } from './sign';
import * as w from './wire';

export const ENDPOINTS = [
  'search',
  'stops',
  'stations',
  'order/create',
  'order/confirm',
  'order/cancel',
  'order/refund',
  'order/change',
  'order/change/confirm',
  'order/change/cancel',
  'order/detail',
  'account/register',
  'account/login',
  'account/verify',
  'account/face',
  'passengers/list',
  'passengers/save',
  'passengers/self',
  'passengers/delete',
  'password/forgot/code',
  'password/forgot/reset',
  'password/change/code',
  'password/change',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

const IDEMPOTENT: ReadonlySet<Endpoint> = new Set([
  'search',
  'stops',
  'stations',
  'order/detail',
  'passengers/list',
  'order/create',
]);
const MAX_ATTEMPTS = 3;

export interface CallOptions {
  /** Extra request headers (the sandbox reads `x-sandbox-fault` for per-request fault injection). */
  headers?: Record<string, string>;
}

export function createProviderClient(config: ProviderConfig) {
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function once<T extends z.ZodType>(
    name: Endpoint,
    body: Record<string, unknown>,
    schema: T,
    opts?: CallOptions,
  ) {
    let res: Response;
    try {
      res = await doFetch(`${config.baseUrl.replace(/\/$/, '')}/train/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...opts?.headers },
        body: JSON.stringify({ appKey: config.appKey, ...body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new ProviderError(
        timedOut ? 'timeout' : 'network',
        timedOut ? `供应商接口超时（${name}）` : `无法连接供应商（${name}）`,
      );
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 500)
      throw new ProviderError('http', `供应商接口错误 HTTP ${res.status}（${name}）`, null, res.status);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ProviderError('malformed', `供应商返回了无法解析的内容（${name}）`, null, res.status);
    }
    const env = w.looseEnvelope.safeParse(json);
    if (!env.success) throw new ProviderError('malformed', `供应商返回格式不符（${name}）`, null, res.status);
    if (!env.data.success) {
      const msg = env.data.msg || '供应商拒绝了请求';
      throw new ProviderError('business', msg, env.data.msgCode ?? inferMsgCode(msg), res.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new ProviderError(
        'malformed',
        `供应商返回数据不符合协议（${name}）：${parsed.error.issues[0]?.message ?? ''}`,
      );
    return (parsed.data as { data: unknown }).data as NonNullable<z.output<T> extends { data: infer D } ? D : never>;
  }

  async function call<T extends z.ZodType>(
    name: Endpoint,
    body: Record<string, unknown>,
    schema: T,
    opts?: CallOptions,
  ) {
    const attempts = IDEMPOTENT.has(name) ? MAX_ATTEMPTS : 1;
    for (let i = 1; ; i++) {
      try {
        return await once(name, body, schema, opts);
      } catch (e) {
        if (!(e instanceof ProviderError) || !e.retryable || i >= attempts) throw e;
        await new Promise((r) => setTimeout(r, 100 * 2 ** (i - 1)));
      }
    }
  }

  const enc = (s: string) => encryptField(config.secretKey, s);

  return {
    config: { baseUrl: config.baseUrl, appKey: config.appKey },
    encrypt: enc,
    search: (req: z.input<typeof w.searchRequest>, o?: CallOptions) => call('search', req, w.searchResponse, o),
    stops: (req: z.input<typeof w.stopsRequest>, o?: CallOptions) => call('stops', req, w.stopsResponse, o),
    stations: (o?: CallOptions) => call('stations', {}, w.stationsResponse, o),
    /** trainAccount/trainPassword are given in plain text and sent encrypted (密文). */
    createOrder: (req: w.CreateOrderRequestWire, o?: CallOptions) =>
      call(
        'order/create',
        { ...req, trainAccount: enc(req.trainAccount), trainPassword: enc(req.trainPassword) },
        w.createOrderResponse,
        o,
      ),
    /** payAmount in yuan as on the wire (null: not checked, not signed). */
    confirmOrder: (orderNo: string, payAmount: number | null, o?: CallOptions) =>
      call(
        'order/confirm',
        { orderNo, payAmount, sign: confirmSign(config.secretKey, orderNo, payAmount) },
        w.boolResponse,
        o,
      ),
    cancelOrder: (orderNo: string, o?: CallOptions) => call('order/cancel', { orderNo }, w.boolResponse, o),
    refundTicket: (req: z.input<typeof w.refundRequest>, o?: CallOptions) =>
      call('order/refund', req, w.boolResponse, o),
    applyChange: (req: z.input<typeof w.changeRequest>, o?: CallOptions) =>
      call('order/change', req, w.changeResponse, o),
    confirmChange: (orderNo: string, chaNo: string, payAmount: number | null, o?: CallOptions) =>
      call(
        'order/change/confirm',
        { orderNo, chaNo, payAmount, sign: changeConfirmSign(config.secretKey, chaNo, payAmount) },
        w.boolResponse,
        o,
      ),
    cancelChange: (chaNo: string, remark: string, o?: CallOptions) =>
      call('order/change/cancel', { chaNo, remark }, w.boolResponse, o),
    orderDetail: (orderNo: string, o?: CallOptions) => call('order/detail', { orderNo }, w.orderDetailResponse, o),
    /** 找回密码, step 1: an SMS code is sent; answers the requestID for step 2. */
    passwordForgotCode: (trainAccount: string, o?: CallOptions) =>
      call('password/forgot/code', { trainAccount: enc(trainAccount) }, w.looseEnvelope, o),
    passwordForgotReset: (requestID: string, newPassword: string, verificationCode: string, o?: CallOptions) =>
      call(
        'password/forgot/reset',
        { requestID, trainPassword: enc(newPassword), verificationCode },
        w.boolResponse,
        o,
      ),
    /** 修改密码, step 1 (SMS code) and step 2 (with the code). */
    passwordChangeCode: (trainAccount: string, oldPassword: string, newPassword: string, o?: CallOptions) =>
      call(
        'password/change/code',
        {
          trainAccount: enc(trainAccount),
          oldTrainPassword: enc(oldPassword),
          newTrainPassword: enc(newPassword),
          confirmTrainPassword: enc(newPassword),
        },
        w.boolResponse,
        o,
      ),
    passwordChange: (
      trainAccount: string,
      oldPassword: string,
      newPassword: string,
      verificationCode: string,
      o?: CallOptions,
    ) =>
      call(
        'password/change',
        {
          trainAccount: enc(trainAccount),
          oldTrainPassword: enc(oldPassword),
          newTrainPassword: enc(newPassword),
          confirmTrainPassword: enc(newPassword),
          verificationCode,
        },
        w.boolResponse,
        o,
      ),
    /** The 12306 account and 常旅客 endpoints: credentials in plain text, sent encrypted. */
    account: (
      name: Extract<Endpoint, `account/${string}` | `passengers/${string}` | `password/${string}`>,
      trainAccount: string,
      trainPassword: string | null,
      body: Record<string, unknown> = {},
      o?: CallOptions,
    ) =>
      call(
        name,
        {
          ...body,
          trainAccount: enc(trainAccount),
          ...(trainPassword !== null ? { trainPassword: enc(trainPassword) } : {}),
        },
        w.looseEnvelope,
        o,
      ),
  };
}

export type ProviderClient = ReturnType<typeof createProviderClient>;

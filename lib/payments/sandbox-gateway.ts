/**
 * The sandbox gateway's merchant client: PaymentGateway over the protocol of wire.ts. Every attempt
 * has a timeout; every call here is idempotent on the gateway's side (by paymentNo or refundNo), so
 * transient failures (network, timeout, 5xx, unparseable answers) are retried, refusals never.
 */
import { traceHeaders } from '@/lib/obs/trace';
import { PaymentGatewayError } from './errors';
import { DEFAULT_PAYMENT_TIMEOUT_MS, type PaymentConfig } from './config';
import { signFields, verifyFields, type SignableFields } from '@/protocol/payments/sign';
import type { PaymentGateway, PaymentNotification, VerifyResult } from './types';
import {
  API_PREFIX,
  envelope,
  notificationWire,
  RESPONSES,
  type Operation,
  type RequestOf,
  type ResponseOf,
} from '@/protocol/payments/wire';

export const MAX_ATTEMPTS = 3;
/** Before attempt n+1: 100 ms, 200 ms. */
const backoffMs = (attempt: number) => 100 * 2 ** (attempt - 1);
export const ACK_BODY = 'success';

type Flat = Record<string, string | number>;

/** Parses a notification body into flat string fields; null when it is not a flat form or JSON object. */
export function parseNotificationBody(rawBody: string, contentType: string | null): Record<string, string> | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = rawBody.trim();
  if (type === 'application/json' || (!type && text.startsWith('{'))) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return null;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(json)) {
      if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'number' && Number.isFinite(v)) out[k] = String(v);
      else if (v !== null) return null;
    }
    return out;
  }
  if (type && type !== 'application/x-www-form-urlencoded') return null;
  const params = new URLSearchParams(text);
  const out: Record<string, string> = {};
  for (const [k, v] of params) {
    // A repeated field would let the signed value and the read value differ.
    if (k in out) return null;
    out[k] = v;
  }
  return Object.keys(out).length ? out : null;
}

/** verifyNotification without a client: sign first, then merchant, then shape. Pure. */
export function verifyNotificationWith(
  config: Pick<PaymentConfig, 'merchantId' | 'secretKey'>,
  rawBody: string,
  contentType: string | null,
): VerifyResult {
  const fields = parseNotificationBody(rawBody, contentType);
  if (!fields) return { ok: false, reason: 'invalid', message: 'body is not a flat form or JSON object' };
  if (!verifyFields(config.secretKey, fields)) {
    return { ok: false, reason: 'bad_sign', message: fields.sign ? 'sign does not match' : 'sign missing' };
  }
  if (fields.merchantId !== config.merchantId) {
    return { ok: false, reason: 'invalid', message: `addressed to merchant ${fields.merchantId ?? '(none)'}` };
  }
  const parsed = notificationWire.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'invalid', message: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}` };
  }
  const n = parsed.data;
  const notification: PaymentNotification =
    n.notifyType === 'payment'
      ? {
          kind: 'payment',
          paymentNo: n.paymentNo,
          gatewayTradeNo: n.gatewayTradeNo,
          amountFen: n.amountFen,
          status: n.status,
          at: new Date(n.eventAt),
          notifyId: n.notifyId,
        }
      : {
          kind: 'refund',
          paymentNo: n.paymentNo,
          refundNo: n.refundNo,
          amountFen: n.amountFen,
          status: n.status,
          at: new Date(n.eventAt),
          notifyId: n.notifyId,
        };
  return { ok: true, notification };
}

export function createSandboxGateway(config: PaymentConfig): PaymentGateway {
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs || DEFAULT_PAYMENT_TIMEOUT_MS;
  const baseUrl = config.baseUrl.replace(/\/+$/, '');

  async function attempt<O extends Operation>(op: O, body: Flat): Promise<ResponseOf<O> | null> {
    const fields = { ...body, merchantId: config.merchantId };
    let res: Response;
    let text: string;
    try {
      res = await doFetch(`${baseUrl}${API_PREFIX}/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', ...traceHeaders() },
        body: JSON.stringify({ ...fields, sign: signFields(config.secretKey, fields) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new PaymentGatewayError({
        kind: timedOut ? 'timeout' : 'network',
        message: timedOut ? `支付网关超时(${op})` : `无法连接支付网关(${op})`,
        operation: op,
        cause: e,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const env = envelope.safeParse(json);
    if (!env.success) {
      if (!res.ok) {
        throw new PaymentGatewayError({
          kind: 'http',
          message: `支付网关错误 HTTP ${res.status}(${op})`,
          operation: op,
          httpStatus: res.status,
        });
      }
      throw new PaymentGatewayError({
        kind: 'malformed',
        message: `支付网关返回了无法解析的内容(${op})`,
        operation: op,
        httpStatus: res.status,
      });
    }
    const { code, msg } = env.data;
    // "Not found" on a query is an answer, not a failure.
    if (
      (op === 'payments/query' && code === 'PAYMENT_NOT_FOUND') ||
      (op === 'refunds/query' && code === 'REFUND_NOT_FOUND')
    )
      return null;
    if (code !== 'SUCCESS') {
      throw new PaymentGatewayError({
        kind: res.ok || res.status < 500 ? 'business' : 'http',
        message: msg || `支付网关拒绝了请求(${code})`,
        code,
        operation: op,
        httpStatus: res.status,
      });
    }
    // A SUCCESS we cannot authenticate is treated like noise on the line: not trusted, not retried.
    if (!verifyFields(config.secretKey, env.data as SignableFields)) {
      throw new PaymentGatewayError({
        kind: 'malformed',
        message: `支付网关应答签名无效(${op})`,
        operation: op,
        httpStatus: res.status,
        retryable: false,
      });
    }
    const parsed = RESPONSES[op].safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PaymentGatewayError({
        kind: 'malformed',
        message: `支付网关应答不符合协议(${op}):${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
        operation: op,
        httpStatus: res.status,
        retryable: false,
      });
    }
    return parsed.data as ResponseOf<O>;
  }

  async function call<O extends Operation>(op: O, body: Omit<RequestOf<O>, 'merchantId' | 'sign'>) {
    for (let i = 1; ; i++) {
      try {
        return await attempt(op, body as Flat);
      } catch (e) {
        if (!(e instanceof PaymentGatewayError) || !e.retryable || i >= MAX_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, backoffMs(i)));
      }
    }
  }

  /** A call whose answer must carry data (creating a payment or a refund). */
  async function create<O extends Operation>(op: O, body: Omit<RequestOf<O>, 'merchantId' | 'sign'>) {
    const r = await call(op, body);
    if (r === null) throw new PaymentGatewayError({ kind: 'malformed', message: `支付网关无应答数据(${op})` });
    return r;
  }

  return {
    name: 'sandbox',
    ackBody: ACK_BODY,
    async startPayment(input) {
      const r = await create('payments/create', {
        paymentNo: input.paymentNo,
        amountFen: input.amountFen,
        subject: input.subject,
        notifyUrl: input.notifyUrl,
        returnUrl: input.returnUrl,
        expiresAt: input.expiresAt.toISOString(),
      });
      return { cashierUrl: r.cashierUrl, gatewayTradeNo: r.gatewayTradeNo };
    },
    verifyNotification: (rawBody, contentType) => verifyNotificationWith(config, rawBody, contentType),
    async queryPayment(paymentNo) {
      const r = await call('payments/query', { paymentNo });
      if (!r) return null;
      return {
        status: r.status,
        amountFen: r.amountFen,
        gatewayTradeNo: r.gatewayTradeNo,
        paidAt: r.paidAt ? new Date(r.paidAt) : null,
        refundedFen: r.refundedFen,
      };
    },
    async refund(input) {
      const r = await create('refunds/create', {
        paymentNo: input.paymentNo,
        refundNo: input.refundNo,
        amountFen: input.amountFen,
        reason: input.reason,
        notifyUrl: input.notifyUrl,
      });
      return { refundNo: r.refundNo, status: r.status };
    },
    async queryRefund(refundNo) {
      const r = await call('refunds/query', { refundNo });
      if (!r) return null;
      return { status: r.status, amountFen: r.amountFen, at: r.settledAt ? new Date(r.settledAt) : null };
    },
  };
}

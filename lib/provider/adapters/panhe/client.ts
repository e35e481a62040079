/**
 * The provider client. Every endpoint is `POST {baseUrl}/train/<name>` with a JSON body carrying
 * appKey and the documented fields, answered `{ data, success, msg }`. Every call is one attempt with
 * a timeout: retries of the idempotent methods, the circuit breaker and the bulkhead are the
 * resilience layer's (lib/provider/resilience.ts, cockatiel), around the adapter. Errors say whether
 * another attempt may succeed (`retryable`: network, timeout, 5xx, unparseable JSON).
 *
 * Methods return the validated wire data (amounts in yuan, as documented); mappers.ts turns it into
 * the portal's types. 12306 credentials are taken in plain text and sent as 密文.
 */
import { traceHeaders } from '@/lib/obs/trace';
import { randomUUID } from 'node:crypto';
import { env } from '@/lib/env';
import { DEFAULT_TIMEOUT_MS, providerConfigFromEnv, type ProviderConfig, type ProviderEnv } from './config';
import { ProviderError } from '../../errors';
import { changeConfirmSign, confirmSign, encryptField, normalizeYuan } from '@/protocol/panhe/sign';
import {
  ENDPOINTS,
  looseEnvelope,
  PROTOCOL,
  type DataOf,
  type Endpoint,
  type OrderDetailWire,
  type RequestOf,
} from '@/protocol/panhe/wire';

export { ENDPOINTS, type Endpoint };

export interface CallOptions {
  /** Extra request headers (the sandbox reads `x-sandbox-fault` for per-request fault injection). */
  headers?: Record<string, string>;
}

/** 12306 login, in plain text (the client encrypts it). */
export interface TrainCredentials {
  trainAccount: string;
  trainPassword: string;
}

type Plain<E extends Endpoint> = Omit<RequestOf<E>, 'trainAccount' | 'trainPassword'>;
/** 创单 with the 12306 credentials in plain text. */
export type CreateOrderInput = Plain<'order/create'> & TrainCredentials;
export type RegisterInput = Plain<'account/register'> & TrainCredentials;
export type SavePassengerInput = Plain<'passengers/save'>;
export type ForgotPasswordInput = Omit<RequestOf<'password/forgot/code'>, 'requestID'> & { requestID?: string };

function transportError(endpoint: Endpoint, e: unknown): ProviderError {
  const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
  return new ProviderError({
    kind: timedOut ? 'timeout' : 'network',
    message: timedOut ? `供应商接口超时(${endpoint})` : `无法连接供应商(${endpoint})`,
    endpoint,
    cause: e,
  });
}

export function createProviderClient(config: ProviderConfig) {
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const enc = (plain: string) => encryptField(config.secretKey, plain);
  const creds = (c: TrainCredentials) => ({ trainAccount: enc(c.trainAccount), trainPassword: enc(c.trainPassword) });

  /** One attempt: retries are the resilience layer's (only for the port's idempotent methods). */
  async function call<E extends Endpoint>(endpoint: E, body: object, opts?: CallOptions): Promise<DataOf<E>> {
    const signal = AbortSignal.timeout(timeoutMs);
    let res: Response;
    let text: string;
    try {
      res = await doFetch(`${baseUrl}/train/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...traceHeaders(), ...opts?.headers },
        body: JSON.stringify({ appKey: config.appKey, ...body }),
        signal,
      });
      text = await res.text();
    } catch (e) {
      throw transportError(endpoint, e);
    }
    const httpError = () =>
      new ProviderError({
        kind: 'http',
        message: `供应商接口错误 HTTP ${res.status}(${endpoint})`,
        endpoint,
        httpStatus: res.status,
      });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      if (!res.ok) throw httpError();
      // Unparseable (typically truncated) JSON: transient, worth another attempt where that is safe.
      throw new ProviderError({
        kind: 'malformed',
        message: `供应商返回了无法解析的内容(${endpoint})`,
        endpoint,
        httpStatus: res.status,
        retryable: true,
      });
    }
    const env = looseEnvelope.safeParse(json);
    if (!env.success) {
      if (!res.ok) throw httpError();
      throw new ProviderError({
        kind: 'malformed',
        message: `供应商返回格式不符(${endpoint})`,
        endpoint,
        httpStatus: res.status,
      });
    }
    // A 5xx is a server failure whose outcome is unknown (the provider may or may not have acted),
    // whatever its body says: never a refusal, or a timed-out 确认出票 would look like a refused one.
    if (res.status >= 500) throw httpError();
    if (!env.data.success) {
      const msg = env.data.msg || '供应商拒绝了请求';
      const msgCode = env.data.msgCode ?? null;
      throw new ProviderError({ kind: 'business', message: msg, endpoint, msg, msgCode, httpStatus: res.status });
    }
    if (!res.ok) throw httpError();
    const parsed = PROTOCOL[endpoint].response.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProviderError({
        kind: 'malformed',
        message: `供应商返回数据不符合协议(${endpoint}):${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
        endpoint,
        httpStatus: res.status,
      });
    }
    return (parsed.data as { data: DataOf<E> }).data;
  }

  /** Acknowledged calls: data true (or null, as 删除常旅客 answers); false despite success is a refusal. */
  async function ack<E extends Endpoint>(endpoint: E, body: object, opts?: CallOptions): Promise<true> {
    const data = await call(endpoint, body, opts);
    if (data === false) throw new ProviderError({ kind: 'business', message: '供应商未确认请求', endpoint, msg: null });
    return true;
  }

  return {
    config: { baseUrl, appKey: config.appKey, timeoutMs } as const,

    // ---- queries
    /** 余票查询. */
    search: (req: RequestOf<'search'>, o?: CallOptions) => call('search', req, o),
    /** 查询经停站V2. */
    stops: (req: RequestOf<'stops'>, o?: CallOptions) => call('stops', req, o),
    /** 车站列表 (static data: cache it, the provider allows 10 calls a day). */
    stations: (o?: CallOptions) => call('stations', {}, o),

    // ---- orders
    /** 创单占座: answers the orderNo at once; the hold result comes by callback (order.hold). */
    createOrder: (req: CreateOrderInput, o?: CallOptions) => call('order/create', { ...req, ...creds(req) }, o),
    /** 确认出票: payAmount in yuan as on the wire (null: not checked, not signed). Result by callback. */
    confirmOrder: async (orderNo: string, payAmount: number | null, o?: CallOptions) => {
      const amount = payAmount === null ? null : normalizeYuan(payAmount);
      return ack(
        'order/confirm',
        { orderNo, payAmount: amount, sign: confirmSign(config.secretKey, orderNo, amount) },
        o,
      );
    },
    /** 取消订单 (only while held). */
    cancelOrder: (orderNo: string, o?: CallOptions) => ack('order/cancel', { orderNo }, o),
    /** 退票: one ticket per request; true means accepted, the result comes by callback (refund). */
    refundTicket: (req: RequestOf<'order/refund'>, o?: CallOptions) => ack('order/refund', req, o),
    /** 申请改签: answers the chaNo; the hold result comes by callback (change.hold). */
    applyChange: (req: RequestOf<'order/change'>, o?: CallOptions) => call('order/change', req, o),
    /** 确认改签: payAmount = the change order's needPayAmount in yuan (null: not checked, not signed). */
    confirmChange: async (orderNo: string, chaNo: string, payAmount: number | null, o?: CallOptions) => {
      const amount = payAmount === null ? null : normalizeYuan(payAmount);
      return ack(
        'order/change/confirm',
        { orderNo, chaNo, payAmount: amount, sign: changeConfirmSign(config.secretKey, chaNo, amount) },
        o,
      );
    },
    /** 取消改签. */
    cancelChange: (chaNo: string, remark: string, o?: CallOptions) => ack('order/change/cancel', { chaNo, remark }, o),
    /** 订单详情. */
    orderDetail: (orderNo: string, o?: CallOptions): Promise<OrderDetailWire> => call('order/detail', { orderNo }, o),

    // ---- 12306 accounts and 常旅客
    /** 账号注册: success with regSubmitIsPass false is a refusal explained by `note`. */
    register: (req: RegisterInput, o?: CallOptions) => call('account/register', { ...req, ...creds(req) }, o),
    /** 账号登录: isPass false with errorMsg when 12306 wants 登录短信验证 first. */
    login: (c: TrainCredentials, lastDigits?: string, o?: CallOptions) =>
      call('account/login', { ...creds(c), ...(lastDigits ? { lastDigits } : {}) }, o),
    /**
     * 账号登录 that must pass: a refused login is `success: true, isPass: false`, which is not a
     * logged-in account, so it becomes a business ProviderError carrying errorMsg (e.g. the SMS to send).
     */
    requireLogin: async (c: TrainCredentials, lastDigits?: string, o?: CallOptions): Promise<void> => {
      const r = await call('account/login', { ...creds(c), ...(lastDigits ? { lastDigits } : {}) }, o);
      if (r.isPass !== true) {
        const msg = r.errorMsg || '12306 账号登录未通过';
        throw new ProviderError({ kind: 'business', message: msg, endpoint: 'account/login', msg, msgCode: null });
      }
    },
    /** 登录短信验证 (validateType 2; 1 is deprecated). */
    verifyLogin: (c: TrainCredentials, smsCode: string, o?: CallOptions) =>
      ack('account/verify', { ...creds(c), msgCode: smsCode, validateType: 2 }, o),
    /** 人脸认证: 1-2 photos as base64 of the image files (≤ 100 KB each). */
    faceAuth: (c: TrainCredentials, photos: string[], o?: CallOptions) =>
      ack('account/face', { ...creds(c), photos }, o),
    /** 获取常旅客. */
    listPassengers: (c: TrainCredentials, o?: CallOptions) => call('passengers/list', creds(c), o),
    /** 增/改常旅客: id 0 (or absent) adds, > 0 modifies. */
    savePassenger: (c: TrainCredentials, p: SavePassengerInput, o?: CallOptions) =>
      call('passengers/save', { ...p, ...creds(c) }, o),
    /** 修改账号本人信息 (only the passenger type). */
    updateSelf: (c: TrainCredentials, passengerType: number, o?: CallOptions) =>
      ack('passengers/self', { ...creds(c), passengerType }, o),
    /** 删除常旅客. */
    deletePassenger: (c: TrainCredentials, p: { name: string; cardType: number; cardNo: string }, o?: CallOptions) =>
      ack('passengers/delete', { ...creds(c), name: p.name, cardType: p.cardType, cardNo: p.cardNo }, o),

    // ---- passwords (two steps each)
    /** 找回密码 step 1: an SMS code goes to the mobile. requestID is ours (generated if absent), reused in step 2. */
    passwordForgotCode: async (req: ForgotPasswordInput, o?: CallOptions): Promise<{ requestID: string }> => {
      const requestID = req.requestID ?? randomUUID().replaceAll('-', '');
      await ack('password/forgot/code', { ...req, requestID }, o);
      return { requestID };
    },
    /** 找回密码 step 2. */
    passwordForgotReset: (requestID: string, newPassword: string, verificationCode: string, o?: CallOptions) =>
      ack('password/forgot/reset', { requestID, trainPassword: enc(newPassword), verificationCode }, o),
    /** 修改密码 step 1: an SMS code goes to the account's mobile. */
    passwordChangeCode: (trainAccount: string, oldPassword: string, newPassword: string, o?: CallOptions) =>
      ack(
        'password/change/code',
        {
          trainAccount: enc(trainAccount),
          oldTrainPassword: enc(oldPassword),
          newTrainPassword: enc(newPassword),
          confirmTrainPassword: enc(newPassword),
        },
        o,
      ),
    /** 修改密码 step 2, with the SMS code. */
    passwordChange: (
      trainAccount: string,
      oldPassword: string,
      newPassword: string,
      verificationCode: string,
      o?: CallOptions,
    ) =>
      ack(
        'password/change',
        {
          trainAccount: enc(trainAccount),
          oldTrainPassword: enc(oldPassword),
          newTrainPassword: enc(newPassword),
          confirmTrainPassword: enc(newPassword),
          verificationCode,
        },
        o,
      ),
  };
}

export type ProviderClient = ReturnType<typeof createProviderClient>;

/** A client for PROVIDER_BASE_URL / PROVIDER_APP_KEY / PROVIDER_SECRET_KEY (sandbox defaults). */
export function providerClientFromEnv(e: ProviderEnv = env()): ProviderClient {
  return createProviderClient(providerConfigFromEnv(e));
}

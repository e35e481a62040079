/**
 * The Juhe 火车订票 client (juhe-train-api.md §0, §20.1): every call is `POST {baseUrl}/<endpoint>` with an
 * application/x-www-form-urlencoded body carrying `key` and `dtype=json` ("every endpoint accepts GET
 * with a query string or POST with application/x-www-form-urlencoded"; POST for all, so the key never
 * sits in a URL). Structured arguments (`passengers`, `tickets`) are "JSON text inside one form field".
 * Answers are the envelope `{reason, result, error_code}`, success = error_code 0 (number or "0").
 *
 * One attempt per call, with a timeout: retries, circuit breaking and bulkheads are the resilience
 * layer's (lib/provider/resilience.ts), which retries only the adapter's idempotent methods.
 */
import { traceHeaders } from '@/lib/obs/trace';
import type { z } from 'zod';
import { ProviderError } from '../../errors';
import type { JuheConfig } from './config';
import { juheRefusal, type JuheEndpoint } from './errors';
import * as w from './wire';

export type FormArgs = Record<string, string | number | undefined | null>;

export interface JuhePassengerArg {
  passengerid: number;
  passengersename: string;
  piaotype: string;
  piaotypename: string;
  passporttypeseid: string;
  passporttypeseidname: string;
  passportseno: string;
  price: string;
  zwcode: string;
  zwname: string;
}

export interface JuheSubmitArgs {
  user_orderid: string;
  train_date: string;
  from_station_code: string;
  to_station_code: string;
  from_station_name?: string;
  to_station_name?: string;
  checi: string;
  passengers: JuhePassengerArg[];
  is_accept_standing: 'yes' | 'no';
  choose_seats?: string;
}

export interface JuheRefundTicketArg {
  ticket_no: string;
  passengername: string;
  passporttypeseid: string;
  passportseno: string;
}

function transportError(endpoint: JuheEndpoint, e: unknown): ProviderError {
  const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
  return new ProviderError({
    kind: timedOut ? 'timeout' : 'network',
    message: timedOut ? `聚合数据接口超时(${endpoint})` : `无法连接聚合数据(${endpoint})`,
    endpoint,
    cause: e,
  });
}

/** The form body: key, dtype=json, then the arguments (null / undefined left out). */
export function formBody(key: string, args: FormArgs): string {
  const form = new URLSearchParams({ key, dtype: 'json' });
  for (const [k, v] of Object.entries(args)) if (v !== undefined && v !== null) form.set(k, String(v));
  return form.toString();
}

export function createJuheClient(config: JuheConfig) {
  const doFetch = config.fetch ?? fetch;
  const baseUrl = config.baseUrl.replace(/\/+$/, '');

  /** One call: the envelope checked, `result` parsed with `schema`. */
  async function call<S extends z.ZodType>(endpoint: JuheEndpoint, args: FormArgs, schema: S): Promise<z.output<S>> {
    let res: Response;
    let text: string;
    try {
      res = await doFetch(`${baseUrl}/${endpoint}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          accept: 'application/json',
          ...traceHeaders(),
        },
        body: formBody(config.key, args),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      throw transportError(endpoint, e);
    }
    const httpError = () =>
      new ProviderError({
        kind: 'http',
        message: `聚合数据接口错误 HTTP ${res.status}(${endpoint})`,
        endpoint,
        httpStatus: res.status,
      });
    // A 5xx is a server failure whose outcome is unknown, whatever its body says: never a refusal.
    if (res.status >= 500) throw httpError();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      if (!res.ok) throw httpError();
      throw new ProviderError({
        kind: 'malformed',
        message: `聚合数据返回了无法解析的内容(${endpoint})`,
        endpoint,
        httpStatus: res.status,
        retryable: true,
      });
    }
    const env = w.envelope.safeParse(json);
    if (!env.success) {
      if (!res.ok) throw httpError();
      throw new ProviderError({
        kind: 'malformed',
        message: `聚合数据返回格式不符(${endpoint}):没有 error_code`,
        endpoint,
        httpStatus: res.status,
      });
    }
    if (env.data.error_code !== 0) throw juheRefusal(endpoint, env.data.error_code, env.data.reason, res.status);
    if (!res.ok) throw httpError();
    const parsed = schema.safeParse(env.data.result);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProviderError({
        kind: 'malformed',
        message:
          `聚合数据返回数据不符合文档(${endpoint}):${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
        endpoint,
        httpStatus: res.status,
      });
    }
    return parsed.data;
  }

  return {
    config: { baseUrl, timeoutMs: config.timeoutMs } as const,
    call,
    /** §1 站点简码查询, every station (all=1). */
    stations: () => call('cityCode', { all: 1 }, w.cityCodeResult),
    /** §2 余票查询 (telecodes, yyyy-MM-dd). */
    ticketsAvailable: (a: { train_date: string; from_station: string; to_station: string }) =>
      call('ticketsAvailable', a, w.ticketsAvailableResult),
    /** §3 提交订单(占座): answers the orderid; the hold result comes by submit_callback / orderStatus. */
    submit: (a: JuheSubmitArgs) =>
      call(
        'submit',
        { ...a, passengers: JSON.stringify(a.passengers), choose_seats: a.choose_seats || undefined },
        w.submitResult,
      ),
    /** §4 请求出票(支付): `result` is a bare string ("出票请求已接收"); error_code 0 is the answer. */
    pay: (orderid: string) => call('pay', { orderid }, w.looseText.nullish().catch(null)),
    /** §5 订单状态查询: the Order object. */
    orderStatus: (orderid: string) => call('orderStatus', { orderid }, w.orderStatusResult),
    /** §6 线上退票: the tickets as JSON text; the result comes by refund_callback / orderStatus. */
    refund: (orderid: string, tickets: JuheRefundTicketArg[]) =>
      call('refund', { orderid, tickets: JSON.stringify(tickets) }, w.passthrough),
    /** §9 取消待支付的订单 (answer shape inferred: not relied on). */
    cancel: (orderid: string) => call('cancel', { orderid }, w.passthrough),
    /** §10 设置推送: the three account-wide callback URLs. */
    setPush: (urls: { submit_callback: string; pay_callback: string; refund_callback: string }) =>
      call('setPush', urls, w.passthrough),
    /** §11 查询账户余额 (shape undocumented: the raw result). */
    balance: () => call('balance.php', {}, w.passthrough),
  };
}

export type JuheClient = ReturnType<typeof createJuheClient>;

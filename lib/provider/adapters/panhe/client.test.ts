/**
 * The client's policy (paths, envelope, errors, timeouts, encryption), exercised through a fake
 * transport passed in as `fetch`; the real sandbox is covered by the integration tests. Retries are
 * the resilience layer's (lib/provider/resilience.test.ts proves them through the guard).
 */
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { createProviderClient, providerClientFromEnv } from './client';
import {
  DEFAULT_PROVIDER_APP_KEY,
  DEFAULT_PROVIDER_BASE_URL,
  DEFAULT_PROVIDER_SECRET_KEY,
  DEFAULT_TIMEOUT_MS,
  providerConfigFromEnv,
} from './config';
import { ProviderError } from '../../errors';
import { CREATE_ORDER_REQUEST } from './fixtures.test-helper';
import * as w from '@/protocol/panhe/wire';
import { changeConfirmSign, confirmSign, decryptField } from '@/protocol/panhe/sign';

type Answer = (init: RequestInit) => Response | Promise<Response>;

/** A fake transport: answers in turn, records every request. */
function fakeFetch(...answers: Answer[]) {
  const calls: { url: string; init: RequestInit; body: Record<string, unknown>; at: number }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init, body: JSON.parse(init.body as string) as Record<string, unknown>, at: Date.now() });
    const next = answers.shift();
    if (!next) throw new Error('fake fetch: no more answers');
    return next(init);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}
const json =
  (body: unknown, status = 200): Answer =>
  () =>
    new Response(JSON.stringify(body), { status });
const text =
  (body: string, status = 200): Answer =>
  () =>
    new Response(body, { status });
const ok = (data: unknown) => json({ data, success: true, msg: '请求成功' });
/** Never answers; rejects when the client's timeout aborts the request, as fetch does. */
const hang: Answer = (init) =>
  new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)));
const refusedConnection: Answer = () => Promise.reject(new TypeError('fetch failed'));

const config = { baseUrl: 'http://provider.test/', appKey: 'A', secretKey: 'S', timeoutMs: 1000 };
const client = (f: typeof fetch, timeoutMs = 1000) => createProviderClient({ ...config, timeoutMs, fetch: f });
const searchReq = { fromStation: '苏州', toStation: '昆山', fromDate: '2023-12-15' };
const createReq = CREATE_ORDER_REQUEST;

describe('requests and answers', () => {
  it('POSTs JSON with appKey to {baseUrl}/train/<name> and returns data', async () => {
    const { fetch, calls } = fakeFetch(ok(true), ok({ orderNo: 'T9' }));
    const c = client(fetch);
    expect(await c.cancelOrder('T9')).toBe(true);
    expect(calls[0]!.url).toBe('http://provider.test/train/order/cancel');
    expect(calls[0]!.init.method).toBe('POST');
    expect(new Headers(calls[0]!.init.headers).get('content-type')).toBe('application/json; charset=utf-8');
    expect(calls[0]!.body).toEqual({ appKey: 'A', orderNo: 'T9' });
    expect(await c.createOrder(createReq)).toEqual({ orderNo: 'T9' });
    expect(calls[1]!.url).toBe('http://provider.test/train/order/create');
  });

  it('accepts the data null answer 删除常旅客 documents, and extra envelope fields', async () => {
    const { fetch } = fakeFetch(json({ data: null, success: true, msg: '请求成功', msgCode: 100, traceId: 'x' }));
    expect(
      await client(fetch).deletePassenger(
        { trainAccount: 'u', trainPassword: 'p' },
        { name: 'a', cardType: 1, cardNo: '1' },
      ),
    ).toBe(true);
  });

  it('sends 12306 credentials as 密文 (AES under md5(secretKey))', async () => {
    const { fetch, calls } = fakeFetch(ok({ orderNo: 'T1' }), ok([]), ok(true), ok(true));
    const c = client(fetch);
    await c.createOrder(createReq);
    await c.listPassengers({ trainAccount: 'user_1', trainPassword: 'pass_1' });
    await c.passwordForgotReset('r1', 'new_pass1', '177560');
    await c.passwordChange('user_1', 'old_pass1', 'new_pass1', '028307');
    for (const { body } of calls.slice(0, 2)) {
      expect(body.trainAccount).not.toBe('user_1');
      expect(decryptField('S', String(body.trainAccount))).toBe('user_1');
      expect(decryptField('S', String(body.trainPassword))).toBe('pass_1');
    }
    expect(decryptField('S', String(calls[2]!.body.trainPassword))).toBe('new_pass1');
    expect(calls[2]!.body.verificationCode).toBe('177560');
    const change = calls[3]!.body;
    expect(
      ['trainAccount', 'oldTrainPassword', 'newTrainPassword', 'confirmTrainPassword'].map((k) =>
        decryptField('S', String(change[k])),
      ),
    ).toEqual(['user_1', 'old_pass1', 'new_pass1', 'new_pass1']);
  });

  it('signs 确认出票 and 确认改签 over the payAmount exactly as sent', async () => {
    const { fetch, calls } = fakeFetch(ok(true), ok(true), ok(true));
    const c = client(fetch);
    await c.confirmOrder('T1', 0.1 + 0.2);
    await c.confirmOrder('T1', null);
    await c.confirmChange('T1', 'T1C7', 39);
    expect(calls[0]!.body).toEqual({ appKey: 'A', orderNo: 'T1', payAmount: 0.3, sign: confirmSign('S', 'T1', 0.3) });
    expect(calls[1]!.body).toEqual({ appKey: 'A', orderNo: 'T1', payAmount: null, sign: confirmSign('S', 'T1', null) });
    expect(calls[2]!.body).toEqual({
      appKey: 'A',
      orderNo: 'T1',
      chaNo: 'T1C7',
      payAmount: 39,
      sign: changeConfirmSign('S', 'T1C7', 39),
    });
    await expect(c.confirmOrder('T1', 1.234)).rejects.toThrow(RangeError);
  });

  it('找回密码: requestID is ours, generated when not given, and returned for step 2', async () => {
    const { fetch, calls } = fakeFetch(ok(true), ok(true));
    const c = client(fetch);
    const { requestID } = await c.passwordForgotCode({ cardType: 1, cardNo: '1', mobile: '15000000000' });
    expect(requestID).toMatch(/^[0-9a-f]{32}$/);
    expect(calls[0]!.body).toEqual({ appKey: 'A', requestID, cardType: 1, cardNo: '1', mobile: '15000000000' });
    expect(await c.passwordForgotCode({ requestID: 'mine-1', cardType: 1, cardNo: '1', mobile: '150' })).toEqual({
      requestID: 'mine-1',
    });
  });

  it('typed account answers: register and login refusals come back as data', async () => {
    const { fetch, calls } = fakeFetch(
      ok({ regSubmitIsPass: false, note: '该注册名已存在' }),
      ok({ isPass: false, errorMsg: '请您用手机尾号2467发送短信666至12306' }),
    );
    const c = client(fetch);
    const creds = { trainAccount: 'user_1', trainPassword: 'pass_1' };
    expect(
      await c.register({
        ...creds,
        name: '张三',
        cardType: 1,
        cardNo: '1',
        mobile: '150',
        passengerType: 1,
        msgCode: '1',
      }),
    ).toEqual({ regSubmitIsPass: false, note: '该注册名已存在' });
    expect((await c.login(creds, '2467')).isPass).toBe(false);
    expect(calls[1]!.body.lastDigits).toBe('2467');
  });

  it('requireLogin: success:true with isPass false is a refusal carrying errorMsg, not a login', async () => {
    const { fetch } = fakeFetch(
      ok({ isPass: false, errorMsg: '请您用手机尾号2467发送短信666至12306' }),
      ok({ isPass: true, errorMsg: '已通过' }),
    );
    const c = client(fetch);
    const creds = { trainAccount: 'user_1', trainPassword: 'pass_1' };
    await expect(c.requireLogin(creds)).rejects.toMatchObject({
      kind: 'business',
      msg: '请您用手机尾号2467发送短信666至12306',
    });
    await expect(c.requireLogin(creds)).resolves.toBeUndefined();
  });

  it('account/register: msgCode is required, as the documentation table says', () => {
    const body = {
      appKey: 'A',
      trainAccount: 'x',
      trainPassword: 'y',
      name: '张三',
      cardType: 1,
      cardNo: '1',
      mobile: '150',
      passengerType: 1,
    };
    expect(w.PROTOCOL['account/register'].request.safeParse(body).success).toBe(false);
    expect(w.PROTOCOL['account/register'].request.safeParse({ ...body, msgCode: '123456' }).success).toBe(true);
  });
});

describe('errors', () => {
  it('a refusal is a business error with the provider msg, its msgCode and the catalogue entry', async () => {
    const { fetch } = fakeFetch(
      json({ data: null, success: false, msg: '坐席价格错误:支付金额与订单金额不一致', msgCode: 213 }),
      json({ data: null, success: false, msg: '只有占位中和占位成功状态下才允许取消,当前订单状态为:出票中' }),
    );
    const c = client(fetch);
    const e1 = await c.confirmOrder('T1', 1).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ProviderError);
    expect(e1).toMatchObject({
      kind: 'business',
      endpoint: 'order/confirm',
      message: '坐席价格错误:支付金额与订单金额不一致',
      msg: '坐席价格错误:支付金额与订单金额不一致',
      msgCode: 213,
      catalogueCode: 213,
      catalogueText: '坐席价格错误',
      retryable: false,
    });
    // No msgCode sent: the catalogue entry is inferred from the text.
    await expect(c.cancelOrder('T1')).rejects.toMatchObject({ kind: 'business', msgCode: null, catalogueCode: 202 });
  });

  it('success with data false is a refusal, not a success', async () => {
    const { fetch } = fakeFetch(json({ data: false, success: true, msg: '' }));
    await expect(client(fetch).cancelOrder('T1')).rejects.toMatchObject({ kind: 'business' });
  });

  it('an answer that does not fit the protocol is malformed', async () => {
    const { fetch } = fakeFetch(ok({ orderNo: '' }), json({ result: 'ok' }), ok({ orderNo: 'T1', orderStatus: 4 }));
    const c = client(fetch);
    await expect(c.createOrder({ ...createReq, customerOrderNo: null })).rejects.toMatchObject({ kind: 'malformed' });
    await expect(c.cancelOrder('T1')).rejects.toMatchObject({ kind: 'malformed', retryable: false });
    await expect(c.orderDetail('T1')).rejects.toMatchObject({ kind: 'malformed', endpoint: 'order/detail' });
  });

  it('HTTP errors: 5xx is transient, 4xx is not; an envelope on an error status is still a refusal', async () => {
    const { fetch } = fakeFetch(
      text('<html>Bad Gateway</html>', 502),
      text('Not Found', 404),
      json({ data: null, success: false, msg: '分销商身份验证无效' }, 401),
    );
    const c = client(fetch);
    await expect(c.cancelOrder('T1')).rejects.toMatchObject({ kind: 'http', httpStatus: 502, retryable: true });
    await expect(c.cancelOrder('T1')).rejects.toMatchObject({ kind: 'http', httpStatus: 404, retryable: false });
    await expect(c.cancelOrder('T1')).rejects.toMatchObject({ kind: 'business', httpStatus: 401, catalogueCode: 211 });
  });

  it('a 5xx with a refusal envelope is an unknown outcome, never a refusal (a timed-out 确认出票)', async () => {
    const { fetch } = fakeFetch(json({ data: null, success: false, msg: '请求超时', msgCode: 999 }, 504));
    await expect(client(fetch).confirmOrder('T1', 616.5)).rejects.toMatchObject({ kind: 'http', httpStatus: 504 });
  });

  it('network failures and timeouts are typed', async () => {
    const { fetch } = fakeFetch(refusedConnection, hang);
    const c = client(fetch, 50);
    await expect(c.cancelOrder('T1')).rejects.toMatchObject({ kind: 'network', retryable: true });
    const started = Date.now();
    await expect(c.cancelOrder('T1')).rejects.toMatchObject({ kind: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('single attempts', () => {
  it("never retries by itself, whatever the failure: retries are the resilience layer's", async () => {
    for (const failure of [json({}, 503), text('{"data": {"trainLines": ['), refusedConnection, hang]) {
      const f = fakeFetch(failure, ok({ trainLines: [] }));
      const e = await client(f.fetch, 50)
        .search(searchReq)
        .catch((x: unknown) => x);
      expect(e).toMatchObject({ retryable: true });
      expect(f.calls).toHaveLength(1);
    }
    const c = fakeFetch(json({}, 503), ok({ orderNo: 'T1' }));
    await expect(client(c.fetch).createOrder(createReq)).rejects.toMatchObject({ kind: 'http' });
    expect(c.calls).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('defaults to the sandbox and reads PROVIDER_* from the environment', () => {
    expect(providerConfigFromEnv(parseEnv({}))).toEqual({
      baseUrl: DEFAULT_PROVIDER_BASE_URL,
      appKey: DEFAULT_PROVIDER_APP_KEY,
      secretKey: DEFAULT_PROVIDER_SECRET_KEY,
      timeoutMs: DEFAULT_TIMEOUT_MS,
    });
    expect(DEFAULT_PROVIDER_BASE_URL).toBe('http://localhost:3001');
    expect(DEFAULT_PROVIDER_APP_KEY).toBe('sandbox-app-key');
    expect(DEFAULT_PROVIDER_SECRET_KEY).toBe('sandbox-secret-key-0123456789abcdef');
    expect(DEFAULT_TIMEOUT_MS).toBe(10_000);
    expect(
      providerConfigFromEnv(
        parseEnv({
          PROVIDER_BASE_URL: 'https://api.example.com',
          PROVIDER_APP_KEY: 'k',
          PROVIDER_SECRET_KEY: 's',
          PROVIDER_TIMEOUT_MS: '2500',
        }),
      ),
    ).toEqual({ baseUrl: 'https://api.example.com', appKey: 'k', secretKey: 's', timeoutMs: 2500 });
    expect(providerConfigFromEnv(parseEnv({ SANDBOX_PORT: '4001' })).baseUrl).toBe('http://localhost:4001');
    expect(providerClientFromEnv(parseEnv({ PROVIDER_BASE_URL: 'https://api.example.com/' })).config).toEqual({
      baseUrl: 'https://api.example.com',
      appKey: DEFAULT_PROVIDER_APP_KEY,
      timeoutMs: DEFAULT_TIMEOUT_MS,
    });
  });
});

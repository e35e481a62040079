import { describe, expect, it } from 'vitest';
import { PaymentGatewayError } from './errors';
import { createSandboxGateway, MAX_ATTEMPTS } from './sandbox-gateway';
import { verifyFields, withSign } from '@/protocol/payments/sign';

const KEY = 'unit-test-key-0123456789';
type Reply = (body: Record<string, unknown>, signal: AbortSignal) => Promise<Response> | Response;

/** A fetch that records each request body and answers with the next reply (the last repeats). */
function fakeFetch(...replies: Reply[]) {
  const calls: { url: string; body: Record<string, unknown> }[] = [];
  const f = (async (url: string, init: RequestInit & { body: string; signal: AbortSignal }) => {
    const body = JSON.parse(init.body) as Record<string, unknown>;
    calls.push({ url, body });
    const reply = replies[Math.min(calls.length, replies.length) - 1]!;
    return reply(body, init.signal);
  }) as unknown as typeof fetch;
  return { f, calls };
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const signedOk = (fields: Record<string, string | number>) => json(withSign(KEY, { code: 'SUCCESS', ...fields }));
const queryOk = () =>
  signedOk({
    paymentNo: 'P1',
    gatewayTradeNo: 'T1',
    status: 'paid',
    amountFen: 100,
    refundedFen: 0,
    paidAt: '2026-12-01T00:00:00Z',
  });
const gw = (f: typeof fetch, timeoutMs = 1000) =>
  createSandboxGateway({
    gateway: 'sandbox',
    baseUrl: 'http://gw.test/',
    merchantId: 'm-1',
    secretKey: KEY,
    timeoutMs,
    fetch: f,
  });

async function caught(p: Promise<unknown>): Promise<PaymentGatewayError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(PaymentGatewayError);
  return e as PaymentGatewayError;
}

describe('sandbox gateway client', () => {
  it('posts signed flat JSON with merchantId to /pay/api/<op> and maps the signed answer', async () => {
    const { f, calls } = fakeFetch(() => queryOk());
    const r = await gw(f).queryPayment('P1');
    expect(r).toEqual({
      status: 'paid',
      amountFen: 100,
      gatewayTradeNo: 'T1',
      paidAt: new Date('2026-12-01T00:00:00Z'),
      refundedFen: 0,
    });
    expect(calls[0]!.url).toBe('http://gw.test/pay/api/payments/query');
    expect(calls[0]!.body).toMatchObject({ merchantId: 'm-1', paymentNo: 'P1' });
    expect(verifyFields(KEY, calls[0]!.body as Record<string, string>)).toBe(true);
  });

  it('retries 5xx and unparseable answers, then succeeds', async () => {
    const { f, calls } = fakeFetch(
      () => new Response('busy', { status: 503 }),
      () => new Response('{"code": "SUCC', { status: 200 }),
      () => queryOk(),
    );
    expect((await gw(f).queryPayment('P1'))?.status).toBe('paid');
    expect(calls).toHaveLength(3);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts with the last transport error`, async () => {
    const { f, calls } = fakeFetch(() => new Response('busy', { status: 502 }));
    const e = await caught(gw(f).queryPayment('P1'));
    expect(e).toMatchObject({ kind: 'http', httpStatus: 502, retryable: true });
    expect(calls).toHaveLength(MAX_ATTEMPTS);
  });

  it('times out every attempt (the abort reaches fetch) and reports a timeout', async () => {
    const { f, calls } = fakeFetch(
      (_b, signal) =>
        new Promise<Response>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
    );
    const e = await caught(
      gw(f, 20).refund({ paymentNo: 'P1', refundNo: 'R1', amountFen: 1, reason: 'x', notifyUrl: 'http://m/n' }),
    );
    expect(e.kind).toBe('timeout');
    expect(calls).toHaveLength(MAX_ATTEMPTS);
  });

  it('never retries a refusal; its code and HTTP status are kept', async () => {
    const { f, calls } = fakeFetch(() =>
      json(withSign(KEY, { code: 'REFUND_AMOUNT_EXCEEDED', msg: '退款金额超出可退金额' })),
    );
    const e = await caught(
      gw(f).refund({ paymentNo: 'P1', refundNo: 'R1', amountFen: 1, reason: 'x', notifyUrl: 'http://m/n' }),
    );
    expect(e).toMatchObject({ kind: 'business', code: 'REFUND_AMOUNT_EXCEEDED', retryable: false, httpStatus: 200 });
    expect(e.message).toBe('退款金额超出可退金额');
    expect(calls).toHaveLength(1);
  });

  it('a SUCCESS whose sign does not verify is not trusted (malformed, not retried)', async () => {
    const forged = withSign('someone-else-key-0123', {
      code: 'SUCCESS',
      paymentNo: 'P1',
      gatewayTradeNo: 'T1',
      status: 'paid',
      amountFen: 100,
      refundedFen: 0,
    });
    const { f, calls } = fakeFetch(() => json(forged));
    const e = await caught(gw(f).queryPayment('P1'));
    expect(e).toMatchObject({ kind: 'malformed', retryable: false });
    expect(calls).toHaveLength(1);
  });

  it('not-found queries answer null; a network failure is kind network', async () => {
    const { f } = fakeFetch(() => json({ code: 'PAYMENT_NOT_FOUND', msg: '支付单不存在' }));
    expect(await gw(f).queryPayment('P9')).toBeNull();
    const down = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    expect((await caught(gw(down).queryRefund('R9'))).kind).toBe('network');
  });

  it('startPayment sends the expiry as ISO UTC and answers the cashier URL', async () => {
    const { f, calls } = fakeFetch(() =>
      signedOk({
        paymentNo: 'P1',
        gatewayTradeNo: 'T1',
        cashierUrl: 'http://gw.test/pay/cashier/abc',
        status: 'pending',
      }),
    );
    const r = await gw(f).startPayment({
      paymentNo: 'P1',
      amountFen: 12_550,
      subject: 'G1',
      notifyUrl: 'http://m/notify',
      returnUrl: 'http://m/back',
      expiresAt: new Date('2026-12-01T08:10:00+08:00'),
    });
    expect(r).toEqual({ cashierUrl: 'http://gw.test/pay/cashier/abc', gatewayTradeNo: 'T1' });
    expect(calls[0]!.body).toMatchObject({ amountFen: 12_550, expiresAt: '2026-12-01T00:10:00.000Z' });
  });
});

import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { DEFAULT_PAYMENT_MERCHANT_ID, DEFAULT_PAYMENT_SECRET_KEY, paymentConfigFromEnv } from './config';
import { verifyNotificationWith } from './sandbox-gateway';
import { signFields, signingString, verifyFields, withSign } from '@/protocol/payments/sign';

const KEY = 'test-payment-key-0123456789';
const cfg = { merchantId: 'm-1', secretKey: KEY };

const paid = () =>
  withSign(KEY, {
    notifyType: 'payment',
    notifyId: 'N1',
    merchantId: 'm-1',
    paymentNo: 'P20260101001',
    gatewayTradeNo: 'T1',
    amountFen: 12_550,
    status: 'paid',
    eventAt: '2026-12-01T08:00:00.000Z',
  });
const form = (fields: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
const FORM = 'application/x-www-form-urlencoded';

describe('signingString', () => {
  it('sorts by name, drops sign and empty values, keeps raw values', () => {
    expect(signingString({ b: 2, a: 'x y&z', sign: 'abc', c: '', d: null, e: undefined, f: 0 })).toBe(
      'a=x y&z&b=2&f=0',
    );
  });
});

describe('signFields / verifyFields', () => {
  it('is HMAC-SHA256 hex over the signing string (known vector)', () => {
    // Fixed by `printf 'amountFen=100&paymentNo=P1' | openssl dgst -sha256 -hmac key`.
    expect(signFields('key', { paymentNo: 'P1', amountFen: 100 })).toBe(
      '45533b9f2c9be3902b03d754c17349377d52eb9c02d2885622ce3b1618e26985',
    );
  });
  it('accepts its own sign, upper-case hex too', () => {
    const f = paid();
    expect(verifyFields(KEY, f)).toBe(true);
    expect(verifyFields(KEY, { ...f, sign: f.sign.toUpperCase() })).toBe(true);
  });
  it('refuses a tampered amount, a wrong key, a missing or truncated sign', () => {
    const f = paid();
    expect(verifyFields(KEY, { ...f, amountFen: 1 })).toBe(false);
    expect(verifyFields('another-key-0123456789', f)).toBe(false);
    expect(verifyFields(KEY, { ...f, sign: undefined })).toBe(false);
    expect(verifyFields(KEY, { ...f, sign: f.sign.slice(0, 63) })).toBe(false);
    expect(verifyFields(KEY, { ...f, sign: 'z'.repeat(64) })).toBe(false);
  });
  it('a number and its decimal text sign alike (JSON and form bodies verify the same)', () => {
    expect(signFields(KEY, { amountFen: 100 })).toBe(signFields(KEY, { amountFen: '100' }));
  });
});

describe('verifyNotificationWith', () => {
  it('verifies a signed form notification and maps it (amount in fen, time as Date)', () => {
    const r = verifyNotificationWith(cfg, form(paid()), `${FORM}; charset=utf-8`);
    expect(r).toEqual({
      ok: true,
      notification: {
        kind: 'payment',
        paymentNo: 'P20260101001',
        gatewayTradeNo: 'T1',
        amountFen: 12_550,
        status: 'paid',
        at: new Date('2026-12-01T08:00:00.000Z'),
        notifyId: 'N1',
      },
    });
  });
  it('verifies the same notification sent as JSON', () => {
    const r = verifyNotificationWith(cfg, JSON.stringify(paid()), 'application/json');
    expect(r.ok).toBe(true);
  });
  it('maps a refund notification', () => {
    const f = withSign(KEY, {
      notifyType: 'refund',
      notifyId: 'N2',
      merchantId: 'm-1',
      paymentNo: 'P1',
      gatewayTradeNo: 'T1',
      refundNo: 'R1',
      amountFen: 500,
      status: 'succeeded',
      eventAt: '2026-12-01T08:00:00Z',
    });
    const r = verifyNotificationWith(cfg, form(f), FORM);
    expect(r.ok && r.notification).toMatchObject({ kind: 'refund', refundNo: 'R1', amountFen: 500 });
  });
  it('tampered amount, wrong key and missing sign are bad_sign', () => {
    const f = paid();
    expect(verifyNotificationWith(cfg, form({ ...f, amountFen: 1 }), FORM)).toMatchObject({
      ok: false,
      reason: 'bad_sign',
    });
    expect(verifyNotificationWith({ ...cfg, secretKey: 'wrong-key-0123456789' }, form(f), FORM)).toMatchObject({
      ok: false,
      reason: 'bad_sign',
    });
    const { sign: _drop, ...unsigned } = f;
    expect(verifyNotificationWith(cfg, form(unsigned), FORM)).toMatchObject({
      ok: false,
      reason: 'bad_sign',
      message: 'sign missing',
    });
  });
  it('a field repeated in the form is invalid (the signed and the read value could differ)', () => {
    const body = `${form(paid())}&amountFen=1`;
    expect(verifyNotificationWith(cfg, body, FORM)).toMatchObject({ ok: false, reason: 'invalid' });
  });
  it('a correctly signed body of the wrong shape, merchant or content type is invalid', () => {
    const noAmount = withSign(KEY, { ...paid(), amountFen: '' });
    expect(verifyNotificationWith(cfg, form(noAmount), FORM)).toMatchObject({ ok: false, reason: 'invalid' });
    const decimal = withSign(KEY, { ...paid(), amountFen: '125.5' });
    expect(verifyNotificationWith(cfg, form(decimal), FORM)).toMatchObject({ ok: false, reason: 'invalid' });
    const other = withSign(KEY, { ...paid(), merchantId: 'm-2' });
    expect(verifyNotificationWith(cfg, form(other), FORM)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(verifyNotificationWith(cfg, form(paid()), 'text/plain')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(verifyNotificationWith(cfg, '', FORM)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(verifyNotificationWith(cfg, '{"a": {"b": 1}}', 'application/json')).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });
  it('a replayed notification verifies again: telling replays apart is the caller’s job (notifyId, state)', () => {
    const body = form(paid());
    const a = verifyNotificationWith(cfg, body, FORM);
    const b = verifyNotificationWith(cfg, body, FORM);
    expect(a.ok && b.ok && a.notification.notifyId === b.notification.notifyId).toBe(true);
  });
});

describe('paymentConfigFromEnv', () => {
  it('defaults to the sandbox gateway beside the provider sandbox, with the public sandbox merchant', () => {
    expect(paymentConfigFromEnv(parseEnv({}))).toEqual({
      gateway: 'sandbox',
      baseUrl: 'http://localhost:3001',
      merchantId: DEFAULT_PAYMENT_MERCHANT_ID,
      secretKey: DEFAULT_PAYMENT_SECRET_KEY,
      timeoutMs: 10_000,
    });
    expect(paymentConfigFromEnv(parseEnv({ SANDBOX_PORT: '3507' })).baseUrl).toBe('http://localhost:3507');
    expect(paymentConfigFromEnv(parseEnv({ PROVIDER_BASE_URL: 'http://sb:9/', SANDBOX_PORT: '3507' })).baseUrl).toBe(
      'http://sb:9',
    );
  });
  it('takes explicit settings; empty strings count as unset', () => {
    const c = paymentConfigFromEnv(
      parseEnv({
        PAYMENT_GATEWAY_URL: 'https://pay.example/',
        PAYMENT_MERCHANT_ID: 'm-9',
        PAYMENT_SECRET_KEY: 'k'.repeat(32),
        PAYMENT_TIMEOUT_MS: '2500',
        PROVIDER_BASE_URL: '',
      }),
    );
    expect(c).toMatchObject({ baseUrl: 'https://pay.example', merchantId: 'm-9', timeoutMs: 2500 });
  });
  it('refuses an unknown gateway, a short key or a non-http URL, naming the variable', () => {
    expect(() => paymentConfigFromEnv(parseEnv({ PAYMENT_GATEWAY: 'alipay' }))).toThrow(/PAYMENT_GATEWAY/);
    // The start refuses these (lib/env.ts), before any payment code runs.
    expect(() => parseEnv({ PAYMENT_SECRET_KEY: 'short' })).toThrow(/PAYMENT_SECRET_KEY/);
    expect(() => parseEnv({ PAYMENT_GATEWAY_URL: 'ftp://x' })).toThrow(/PAYMENT_GATEWAY_URL/);
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createProviderClient } from './client';
import { callbackSign, changeConfirmSign, confirmSign, decryptField, encryptField, verifyCallbackSign } from './sign';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('signs', () => {
  it('确认出票: md5(secretKey+orderNo+payAmount+secretKey), payAmount left out when null', () => {
    expect(confirmSign('K', 'T1', 127)).toBe(md5('KT1127K'));
    expect(confirmSign('K', 'T1', 127.5)).toBe(md5('KT1127.5K'));
    expect(confirmSign('K', 'T1', null)).toBe(md5('KT1K'));
    expect(confirmSign('K', 'T1', 1)).toMatch(/^[0-9a-f]{32}$/);
  });
  it('确认改签 and callbacks', () => {
    expect(changeConfirmSign('K', 'C9', 39)).toBe(md5('KC939K'));
    expect(callbackSign('K', 'T1')).toBe(md5('KT1K'));
    expect(verifyCallbackSign('K', 'T1', md5('KT1K').toUpperCase())).toBe(true);
    expect(verifyCallbackSign('K', 'T1', md5('KT2K'))).toBe(false);
  });
  it('密文: AES-128-ECB/PKCS7 with key md5(secretKey), base64; a short value is one 16-byte block', () => {
    const c = encryptField('secret', 'sandbox');
    expect(Buffer.from(c, 'base64')).toHaveLength(16);
    expect(decryptField('secret', c)).toBe('sandbox');
    expect(Buffer.from(encryptField('secret', '1234567890123456'), 'base64')).toHaveLength(32);
    expect(() => decryptField('other', c)).toThrow();
  });
});

function fakeFetch(answers: (() => Response | Promise<Response>)[]) {
  const calls: string[] = [];
  const f = (async (url: string) => {
    calls.push(url);
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  }) as unknown as typeof fetch;
  return { f, calls };
}
const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status });

describe('client policy', () => {
  const config = { baseUrl: 'http://provider.test/', appKey: 'A', secretKey: 'S', timeoutMs: 1000 };

  it('posts to /train/<name> with appKey and returns data', async () => {
    const { f, calls } = fakeFetch([
      json({ data: true, success: true, msg: 'ok' }),
      json({ data: { orderNo: 'T9' }, success: true, msg: 'ok' }),
    ]);
    const c = createProviderClient({ ...config, fetch: f });
    expect(await c.cancelOrder('T9')).toBe(true);
    expect(calls).toEqual(['http://provider.test/train/order/cancel']);
    // An answer that does not fit the protocol is a typed 'malformed' error, not a crash.
    await expect(c.cancelOrder('T9')).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('retries idempotent reads on 5xx and malformed JSON, then succeeds', async () => {
    const { f, calls } = fakeFetch([
      json({}, 503),
      () => new Response('{oops'),
      json({ data: { trainLines: [] }, success: true, msg: '' }),
    ]);
    const c = createProviderClient({ ...config, fetch: f });
    expect(await c.search({ fromStation: 'a', toStation: 'b', fromDate: '2026-01-01' })).toEqual({ trainLines: [] });
    expect(calls).toHaveLength(3);
  });

  it('never retries a non-idempotent call or a business refusal', async () => {
    const a = fakeFetch([json({}, 503), json({ data: true, success: true, msg: '' })]);
    await expect(createProviderClient({ ...config, fetch: a.f }).confirmOrder('T1', 1)).rejects.toMatchObject({
      kind: 'http',
      httpStatus: 503,
    });
    expect(a.calls).toHaveLength(1);
    const b = fakeFetch([json({ data: null, success: false, msg: '该坐席已售完' })]);
    await expect(
      createProviderClient({ ...config, fetch: b.f }).search({
        fromStation: 'a',
        toStation: 'b',
        fromDate: '2026-01-01',
      }),
    ).rejects.toMatchObject({
      kind: 'business',
      message: '该坐席已售完',
      msgCode: 209,
    });
    expect(b.calls).toHaveLength(1);
  });

  it('sends 12306 credentials encrypted', async () => {
    let body: Record<string, unknown> = {};
    const f = ((_u: string, init?: { body?: string }) => {
      body = JSON.parse(init?.body ?? '{}') as Record<string, unknown>;
      return Promise.resolve(new Response(JSON.stringify({ data: true, success: true, msg: '' })));
    }) as unknown as typeof fetch;
    await createProviderClient({ ...config, fetch: f }).account('passengers/self', 'user1', 'pw', { passengerType: 1 });
    expect(body.trainAccount).toBe(encryptField('S', 'user1'));
    expect(body.trainPassword).not.toBe('pw');
    expect(decryptField('S', String(body.trainPassword))).toBe('pw');
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { juheSign, readJuheCallback } from './callback';
import { readFixture, TEST_KEY } from './fake-fetch.test-helper';

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');
const form = (data: unknown) => `data=${encodeURIComponent(typeof data === 'string' ? data : JSON.stringify(data))}`;
const read = (body: string, kind = 'submit', contentType: string | null = 'application/x-www-form-urlencoded') =>
  readJuheCallback({ kind, contentType, body }, TEST_KEY);

const base = { orderid: 'JH151244353295095', user_orderid: '201712051112126251092', status: '2', msg: 'x' };
const signed = (o: Record<string, unknown>) => ({
  ...o,
  sign: juheSign(TEST_KEY, String(o.orderid), (o.user_orderid as string | null | undefined) ?? ''),
});

describe('Juhe callbacks (§16)', () => {
  it('sign = md5("juhe" + key + orderid + user_orderid), plain concatenation', () => {
    expect(juheSign('K', 'JH1', 'U1')).toBe(md5('juheKJH1U1'));
    expect(juheSign('K', 'JH1', '')).toBe(md5('juheKJH1'));
    expect(juheSign('K', 'JH1', null)).toBe(md5('juheKJH1'));
  });

  it('a good sign → the order it names, and kind:status as the event', () => {
    expect(read(form(signed(base)))).toEqual({
      ok: true,
      orderNo: 'JH151244353295095',
      customerOrderNo: '201712051112126251092',
      eventType: 'submit:2',
    });
    expect(read(form(signed({ ...base, status: 7 })), 'refund')).toMatchObject({ ok: true, eventType: 'refund:7' });
  });

  it('the sign is compared case-insensitively', () => {
    const s = signed(base);
    expect(read(form({ ...s, sign: s.sign.toUpperCase() }))).toMatchObject({ ok: true });
  });

  it('a bad sign, a sign of another key, a missing sign → bad_sign (with the order for the log)', () => {
    const s = signed(base);
    const other = { ...base, sign: juheSign('another-key', base.orderid, base.user_orderid) };
    for (const body of [{ ...s, sign: '0'.repeat(32) }, other, { ...base }, { ...base, sign: 42 }])
      expect(read(form(body))).toMatchObject({ ok: false, reason: 'bad_sign', orderNo: base.orderid });
  });

  it('the sign covers orderid and user_orderid only: another user_orderid fails', () => {
    const s = signed(base);
    expect(read(form({ ...s, user_orderid: 'someone-else' }))).toMatchObject({ ok: false, reason: 'bad_sign' });
  });

  it('an empty (or absent, or null) user_orderid contributes nothing; customerOrderNo is null then', () => {
    for (const user_orderid of ['', null, undefined]) {
      const body = { ...base, user_orderid, sign: md5(`juhe${TEST_KEY}${base.orderid}`) };
      expect(read(form(body))).toEqual({
        ok: true,
        orderNo: base.orderid,
        customerOrderNo: null,
        eventType: 'submit:2',
      });
    }
  });

  it('nothing else of the body is trusted: status and amounts do not enter the notice', () => {
    const n = read(
      form(signed({ ...base, status: '4', orderamount: '99999.00', passengers: [{ price: '1' }] })),
      'pay',
    );
    expect(n).toEqual({ ok: true, orderNo: base.orderid, customerOrderNo: base.user_orderid, eventType: 'pay:4' });
    // A status that is not a number is only a label, and says so.
    expect(read(form(signed({ ...base, status: 'drop table' })))).toMatchObject({ ok: true, eventType: 'submit:?' });
  });

  it('the documented push parses (and fails its sample sign with our key)', () => {
    expect(read(form(readFixture('callback-pay.data')), 'pay')).toMatchObject({
      ok: false,
      reason: 'bad_sign',
      orderNo: 'JH151244353295095',
      eventType: 'pay:4',
    });
    expect(read(form(readFixture('faq-22-callback.data')))).toMatchObject({
      ok: false,
      reason: 'bad_sign',
      orderNo: '1442992371987',
      eventType: 'submit:1',
    });
  });

  it.each([
    ['an empty body', ''],
    ['no data field', 'orderid=JH1&sign=abc'],
    ['an empty data field', 'data='],
    ['data that is not JSON', 'data=%7Bnot%20json'],
    ['data that is a JSON array', form([1, 2])],
    ['data that is a JSON string', form('"x"')],
    ['a raw JSON body (not form-encoded)', JSON.stringify(signed(base))],
    ['data without orderid', form({ status: '2', sign: 'x' })],
    ['an orderid that is an object', form({ orderid: { a: 1 }, sign: 'x' })],
    ['a user_orderid that is an object', form({ orderid: 'JH1', user_orderid: { a: 1 }, sign: 'x' })],
  ])('%s → invalid', (_, body) => {
    expect(read(body)).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

/**
 * Contract tests: every JSON example of juhe-train-api.md (and the FAQ §22 push) copied verbatim into
 * __fixtures__, one file per example. Each must be found, character for character, in the documents;
 * each must parse with the adapter's schemas and map to what the document says it means.
 *
 * Repairs: the document prints the refund push's `refundTimeline[].detail` as `{…}` (an elision, not
 * JSON): the fixture keeps it; REPAIRS puts `{}` in its place before parsing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { shanghaiInstant } from '@/lib/time';
import { MSG, ProviderError } from '../../errors';
import { ORDER_STATUS, TICKET_STATUS } from '../../types';
import { createJuheProvider } from './adapter';
import { juheSign } from './callback';
import { createJuheClient } from './client';
import { envelopeOf, fakeFetch, FIXTURES, readFixture as read, TEST_KEY, testConfig } from './fake-fetch.test-helper';
import { toOrderDetail } from './mappers';
import * as w from './wire';

const DOCS = path.resolve(import.meta.dirname, '../../../../../shared/provider-docs');
const docsAvailable = fs.existsSync(path.join(DOCS, 'juhe-train-api.md'));

const REPAIRS: Record<string, (t: string) => string> = {
  'callback-refund.refund-timeline': (t) => t.replace('{…}', '{}'),
};
const load = (name: string): unknown => JSON.parse((REPAIRS[name] ?? ((t: string) => t))(read(name)));

/** An envelope whose result parses with `result` (and whose error_code is as named). */
const answer = (result: z.ZodType) =>
  w.envelope.pipe(z.looseObject({ reason: z.string(), result, error_code: z.number() }));

/** Every fixture, the document it is from and the schema it must parse with. */
const CASES: Record<string, { doc: 'api' | 'faq'; schema: z.ZodType }> = {
  'city-code.all.response': { doc: 'api', schema: answer(w.cityCodeResult) },
  'submit.response.success': { doc: 'api', schema: answer(w.submitResult) },
  'submit.response.217301': { doc: 'api', schema: answer(z.null()) },
  'pay.response.success': { doc: 'api', schema: answer(z.string()) },
  'pay.response.217300': { doc: 'api', schema: answer(z.null()) },
  'pay.response.217302': { doc: 'api', schema: answer(z.null()) },
  'order-status.response': { doc: 'api', schema: answer(w.orderStatusResult) },
  'refund.response': { doc: 'api', schema: answer(w.passthrough) },
  'callback-pay.data': { doc: 'api', schema: w.order },
  'callback-refund.returntickets': { doc: 'api', schema: w.refundDetail },
  'callback-refund.refund-timeline': { doc: 'api', schema: z.array(w.refundEvent) },
  'faq-22-callback.data': { doc: 'faq', schema: w.order },
};

const opts = { payWindowMinutes: 30 };
const bj = (s: string) => shanghaiInstant(s.slice(0, 10), s.slice(11));

describe('fixtures', () => {
  it('cover exactly the files in __fixtures__', () => {
    const files = fs.readdirSync(FIXTURES).map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual(Object.keys(CASES).sort());
  });

  it.skipIf(!docsAvailable)('are verbatim copies of the documents’ examples', () => {
    const api = fs.readFileSync(path.join(DOCS, 'juhe-train-api.md'), 'utf8');
    const faq = fs.readFileSync(path.join(DOCS, 'juhe-train-booking-faq.md'), 'utf8');
    for (const [name, { doc }] of Object.entries(CASES)) {
      const text = read(name).replace(/\n$/, '');
      expect(text.length, name).toBeGreaterThan(20);
      expect(doc === 'api' ? api : faq, name).toContain(text);
    }
    // ...and every envelope example of the API document (one per line starting `{"reason":`) has its fixture.
    const examples = api.split('\n').filter((l) => l.startsWith('{"reason":'));
    expect(Object.keys(CASES).filter((n) => n.includes('.response'))).toHaveLength(examples.length);
  });

  it('only the refund timeline needs a repair to be JSON', () => {
    for (const name of Object.keys(CASES)) {
      let valid = true;
      try {
        JSON.parse(read(name));
      } catch {
        valid = false;
      }
      expect(valid, name).toBe(!(name in REPAIRS));
    }
  });

  it.each(Object.entries(CASES))('%s parses with its schema', (name, { schema }) => {
    const r = schema.safeParse(load(name));
    expect(r.success, r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3))).toBe(true);
  });
});

describe('the examples mean what the document says', () => {
  it('orderStatus §5: held (2), 933.00 to pay, times from the query, pay deadline = deal_time + window', () => {
    const env = w.envelope.parse(load('order-status.response'));
    const d = toOrderDetail(w.order.parse(env.result), opts);
    expect(d).toMatchObject({
      orderNo: 'JH151117251243259',
      customerOrderNo: '201711200607243274380',
      orderNo12306: 'E960281705',
      trainCode: 'G101',
      fromStation: '北京南',
      toStation: '上海虹桥',
      status: ORDER_STATUS.HELD,
      paid: false,
      orderFen: 93300,
      ticketFen: 93300,
      issueFailRefund: null,
    });
    expect(d.departAt).toEqual(bj('2017-11-25 06:43:00'));
    expect(d.arriveAt).toEqual(bj('2017-11-25 12:39:00'));
    expect(d.createdAt).toEqual(bj('2017-11-20 18:08:32'));
    expect(d.payDeadline).toEqual(new Date(bj('2017-11-20 18:09:11').getTime() + 30 * 60_000));
    expect(d.tickets).toEqual([
      expect.objectContaining({
        passengerId: '1',
        name: '张三',
        ticketNo: 'E960281705103001A',
        cardType: 1,
        cardNo: '11010519491231002X',
        ticketType: 1,
        seatType: 3,
        seatTypeName: '一等座',
        status: TICKET_STATUS.HELD,
        seatNo: '03车厢,01A座',
        priceFen: 93300,
      }),
    ]);
  });

  it('pay_callback §16.2: issued (4); passengerid "68" and piaotype 1 read leniently; no time fields', () => {
    const d = toOrderDetail(w.order.parse(load('callback-pay.data')), opts);
    expect(d).toMatchObject({ status: ORDER_STATUS.ISSUED, paid: true, orderFen: 850, orderNo12306: 'E945792608' });
    // Callbacks carry no start_time: the travel day's midnight stands in.
    expect(d.departAt).toEqual(bj('2017-12-20 00:00:00'));
    expect(d.tickets[0]).toMatchObject({
      passengerId: '68',
      ticketType: 1,
      seatType: 4,
      priceFen: 850,
      status: TICKET_STATUS.ISSUED,
      refundFen: null,
    });
  });

  /** The refund push of §16.2: the pay push with its status, msg, refund_money and the ticket's history. */
  function refundPush(over: Record<string, unknown> = {}) {
    const data = load('callback-pay.data') as Record<string, unknown> & { passengers: Record<string, unknown>[] };
    return w.order.parse({
      ...data,
      msg: '线上退票成功',
      status: '7',
      refund_money: '8.50',
      passengers: [
        {
          ...data.passengers[0],
          returntickets: load('callback-refund.returntickets'),
          refundTimeline: load('callback-refund.refund-timeline'),
          ...over,
        },
      ],
    });
  }

  it('refund_callback §16.2: the order stays issued, the ticket is refunded 8.5 with no fee', () => {
    const d = toOrderDetail(refundPush(), opts);
    expect(d.status).toBe(ORDER_STATUS.ISSUED);
    expect(d.tickets[0]).toMatchObject({
      status: TICKET_STATUS.REFUNDED,
      refundFen: 850,
      refundFeeFen: 0,
      refundedAt: bj('2017-12-05 18:01:39'),
    });
  });

  it('refund_callback with only returntickets (no timeline) reads the same', () => {
    const d = toOrderDetail(refundPush({ refundTimeline: undefined }), opts);
    expect(d.tickets[0]).toMatchObject({ status: TICKET_STATUS.REFUNDED, refundFen: 850, refundFeeFen: 0 });
  });

  it('FAQ §22 push: a failed hold (1, no amount) is 占位失败 with 12306’s reason', () => {
    const d = toOrderDetail(w.order.parse(load('faq-22-callback.data')), opts);
    expect(d.status).toBe(ORDER_STATUS.HOLD_FAILED);
    expect(d.orderFen).toBeNull();
    expect(d.payDeadline).toBeNull();
    expect(d.unfinishedReason).toMatch(/^乘客身份信息未通过验证_订票失败/);
    expect(d.customerOrderNo).toBeNull();
    expect(d.tickets[0]).toMatchObject({ passengerId: '1123', status: TICKET_STATUS.HOLD_FAILED, priceFen: 76350 });
  });
});

describe('the examples through the client and the adapter', () => {
  const provider = (body: string) => {
    const f = fakeFetch(() => ({ body }));
    return { p: createJuheProvider(testConfig(f.fetch)), sent: f.sent };
  };

  it('cityCode all=1 → the station table', async () => {
    const { p } = provider(read('city-code.all.response'));
    await p.stations.refresh();
    expect(p.stations.nameOf('VNP')).toBe('北京南');
    await expect(p.stations.codeOf('上海虹桥')).resolves.toBe('AOH');
  });

  it('submit success → the orderid; 217301 → BAD_PARAMS refusal with reason verbatim', async () => {
    const c = createJuheClient(testConfig(fakeFetch(() => ({ body: read('submit.response.success') })).fetch));
    const args = {
      user_orderid: 'X1',
      train_date: '2017-11-25',
      from_station_code: 'VNP',
      to_station_code: 'AOH',
      checi: 'G101',
      passengers: [],
      is_accept_standing: 'no' as const,
    };
    await expect(c.submit(args)).resolves.toEqual({ orderid: 'JH151117251243259' });
    const bad = createJuheClient(testConfig(fakeFetch(() => ({ body: read('submit.response.217301') })).fetch));
    const e = await bad.submit(args).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProviderError);
    expect(e).toMatchObject({
      kind: 'business',
      msg: '参数错误:请不要输入一个今天以前的日期',
      msgCode: 217301,
      catalogueCode: MSG.BAD_PARAMS,
      retryable: false,
    });
  });

  it('pay success → accepted; 217300 → a balance refusal (no catalogue entry); 217302 → ORDER_EXPIRED', async () => {
    await expect(provider(read('pay.response.success')).p.confirm('JH1', 850)).resolves.toBeUndefined();
    const low = await provider(read('pay.response.217300'))
      .p.confirm('JH1', 850)
      .catch((x: unknown) => x);
    expect(low).toMatchObject({
      kind: 'business',
      msg: '支付失败,您的账户余额不足,需要扣费933.00',
      msgCode: 217300,
      catalogueCode: null,
    });
    const late = await provider(read('pay.response.217302'))
      .p.confirm('JH1', 850)
      .catch((x: unknown) => x);
    expect(late).toMatchObject({ kind: 'business', msgCode: 217302, catalogueCode: MSG.ORDER_EXPIRED });
  });

  it('orderStatus → OrderDetail; refund answer → accepted', async () => {
    const { p } = provider(read('order-status.response'));
    await expect(p.detail('JH151117251243259')).resolves.toMatchObject({ status: ORDER_STATUS.HELD });
    const r = provider(read('refund.response'));
    await r.p.refundTicket({
      orderNo: 'JH1',
      ticketNo: 'E945792608101002B',
      name: '张三',
      cardType: 1,
      cardNo: '11010519491231002X',
      remark: '',
    });
    expect(JSON.parse(r.sent[0]!.form.get('tickets')!)).toEqual([
      {
        ticket_no: 'E945792608101002B',
        passengername: '张三',
        passporttypeseid: '1',
        passportseno: '11010519491231002X',
      },
    ]);
  });

  it('the documented pushes: the sample signs fail with our key, our own sign passes', () => {
    const p = createJuheProvider(testConfig(fakeFetch(() => ({ body: envelopeOf(null) })).fetch));
    const body = (data: string) => `data=${encodeURIComponent(data)}`;
    for (const name of ['callback-pay.data', 'faq-22-callback.data'])
      expect(p.readCallback({ kind: 'pay', contentType: null, body: body(read(name)) })).toMatchObject({
        ok: false,
        reason: 'bad_sign',
      });
    const data = load('callback-pay.data') as Record<string, string>;
    data.sign = juheSign(TEST_KEY, data.orderid!, data.user_orderid!);
    expect(p.readCallback({ kind: 'pay', contentType: null, body: body(JSON.stringify(data)) })).toEqual({
      ok: true,
      orderNo: 'JH151244353295095',
      customerOrderNo: '201712051112126251092',
      eventType: 'pay:4',
    });
  });
});

/**
 * Contract tests: every JSON example of panhe-train-api.md is copied verbatim into __fixtures__ (one
 * file per example, named by endpoint; a doc line holding several answers gives several files), plus
 * the callback example of juhe-train-booking-faq.md §22. Each must parse with the client's wire
 * schemas, and the client must send only documented field names.
 *
 * Repairs: the docs' text is kept as is in the fixtures; the one example that is not valid JSON
 * (passengers-delete.request: a trailing comma before "}") is repaired here, in REPAIRS, before parsing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCallback } from './callback';
import { createProviderClient } from './client';
import { CREATE_ORDER_REQUEST, TRAIN_CREDS } from './fixtures.test-helper';
import { toOrderDetail, toTrainLine } from './mappers';
import { callbackSign } from '@/protocol/panhe/sign';
import { ORDER_STATUS, TICKET_STATUS } from '../../types';
import * as w from '@/protocol/panhe/wire';

const FIXTURES = path.join(import.meta.dirname, '__fixtures__');
const DOCS = path.resolve(import.meta.dirname, '../../../../../shared/provider-docs');
const docsAvailable = fs.existsSync(path.join(DOCS, 'panhe-train-api.md'));

const read = (name: string) => fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8');

/** Minimal repairs of the documentation's own JSON slips, by fixture. */
const REPAIRS: Record<string, (text: string) => string> = {
  // `"cardNo": "**************", }`: a trailing comma.
  'passengers-delete.request': (t) => t.replace(/,\s*}\s*$/, ' }'),
};
const load = (name: string): unknown => JSON.parse((REPAIRS[name] ?? ((t: string) => t))(read(name)));

const req = <E extends w.Endpoint>(e: E) => w.withAppKey(w.PROTOCOL[e].request);
const res = <E extends w.Endpoint>(e: E) => w.PROTOCOL[e].response;

/** Every fixture with the schema it must parse with. */
const CASES: Record<string, z.ZodType> = {
  'search.response': res('search'),
  // The deprecated 查询经停站 (V1) answered the same shape as V2.
  'stops-v1.response': res('stops'),
  'stops.response': res('stops'),
  'stations.response': res('stations'),
  'order-create.request': req('order/create'),
  'order-create.response': res('order/create'),
  'order-confirm.request': req('order/confirm'),
  'order-confirm.response': res('order/confirm'),
  'order-cancel.response.success': res('order/cancel'),
  'order-cancel.response.failure': res('order/cancel'),
  'order-refund.request': req('order/refund'),
  'order-refund.response': res('order/refund'),
  'order-change.response': res('order/change'),
  'order-change-cancel.response.success': res('order/change/cancel'),
  'order-change-cancel.response.failure': res('order/change/cancel'),
  'order-detail.response': res('order/detail'),
  // The example omits msgCode, which the table marks 必填 (and the client sends); everything else must parse.
  'account-register.request': req('account/register').extend({ msgCode: z.string().optional() }),
  'account-register.response.passed': res('account/register'),
  'account-register.response.name-taken': res('account/register'),
  'account-register.response.mobile-taken': res('account/register'),
  'account-login.response.passed': res('account/login'),
  'account-login.response.sms-required': res('account/login'),
  'account-verify.response.success': res('account/verify'),
  'account-verify.response.failure': res('account/verify'),
  'account-face.request': req('account/face'),
  'account-face.response.success': res('account/face'),
  'account-face.response.failure': res('account/face'),
  'passengers-list.response': res('passengers/list'),
  'passengers-save.request': req('passengers/save'),
  'passengers-save.response': res('passengers/save'),
  'passengers-self.request': req('passengers/self'),
  'passengers-self.response': res('passengers/self'),
  'passengers-delete.request': req('passengers/delete'),
  'passengers-delete.response.failure': res('passengers/delete'),
  'passengers-delete.response.success': res('passengers/delete'),
  'password-forgot-code.response': res('password/forgot/code'),
  'password-forgot-reset.request': req('password/forgot/reset'),
  'password-forgot-reset.response': res('password/forgot/reset'),
  'password-change-code.request': req('password/change/code'),
  'password-change-code.response': res('password/change/code'),
  'password-change.request': req('password/change'),
  'password-change.response': res('password/change'),
  'juhe-faq-22-callback': w.juheLegacyCallback,
};

describe('fixtures', () => {
  it('cover exactly the files in __fixtures__', () => {
    const files = fs.readdirSync(FIXTURES).map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual(Object.keys(CASES).sort());
  });

  it.skipIf(!docsAvailable)('are verbatim copies of the documentation examples', () => {
    const panhe = fs.readFileSync(path.join(DOCS, 'panhe-train-api.md'), 'utf8');
    const faq = fs.readFileSync(path.join(DOCS, 'juhe-train-booking-faq.md'), 'utf8');
    for (const name of Object.keys(CASES)) {
      const text = read(name).replace(/\n$/, '');
      expect(name.startsWith('juhe-') ? faq : panhe, name).toContain(text);
    }
    // ...and every example of panhe-train-api.md has its fixture (one per top-level JSON object).
    const examples = panhe.split('\n').flatMap((line) => line.match(/\{ "(?:data|appKey)"/g) ?? []);
    expect(Object.keys(CASES).filter((n) => !n.startsWith('juhe-'))).toHaveLength(examples.length);
  });

  it('only passengers-delete.request needs a repair to be JSON', () => {
    for (const name of Object.keys(CASES)) {
      const valid = (() => {
        try {
          JSON.parse(read(name));
          return true;
        } catch {
          return false;
        }
      })();
      expect(valid, name).toBe(!(name in REPAIRS));
    }
  });
});

describe('documentation examples parse with the wire schemas', () => {
  it.each(Object.entries(CASES))('%s', (name, schema) => {
    const r = schema.safeParse(load(name));
    expect(r.success, r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3))).toBe(true);
    if (name.includes('.response')) {
      // Answers labelled 失败 in the docs are refusals (success false); the rest succeed.
      expect((r.data as { success: boolean }).success).toBe(!name.endsWith('.failure'));
    }
  });

  it('every endpoint has a request and a response schema', () => {
    expect(w.ENDPOINTS).toEqual([
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
    ]);
  });

  it('the long 订单详情 example keeps its three change orders and maps to fen and Beijing time', () => {
    const parsed = w.orderDetailResponse.parse(load('order-detail.response'));
    if (!parsed.success) throw new Error('expected success');
    const d = toOrderDetail(parsed.data);
    expect(d.status).toBe(ORDER_STATUS.ISSUED);
    expect(d.orderFen).toBe(3100);
    expect(d.serviceFeePerTicketFen).toBe(250);
    expect(d.departAt.toISOString()).toBe('2024-01-26T22:57:00.000Z'); // 2024-01-27 06:57:00 +08:00
    expect(d.payDeadline?.toISOString()).toBe('2024-01-25T04:35:36.000Z');
    expect(d.tickets.map((t) => t.status)).toEqual([TICKET_STATUS.CHANGE_ISSUED, TICKET_STATUS.CHANGE_ISSUED]);
    expect(d.changes.map((c) => [c.chaNo, c.status, c.priceChangeType, c.needPayFen, c.totalPriceDiffFen])).toEqual([
      ['T24012512251820419C3779', 34, 3, 0, 300],
      ['T24012512251820419C8250', 37, 2, 100, 0],
      ['T24012512251820419C8549', 37, 1, 3900, 2600],
    ]);
    expect(d.changes[0]!.changeRate).toBe(0.05);
    expect(d.changes[0]!.confirmDeadline?.toISOString()).toBe('2024-01-25T05:13:26.000Z');
    expect(d.changes[0]!.tickets.map((t) => t.ticketNo)).toEqual(['EF484767274060066', 'EF484767274010023']);
  });

  it('the 余票查询 example maps to fen, berths and Beijing time', () => {
    const parsed = w.searchResponse.parse(load('search.response'));
    if (!parsed.success) throw new Error('expected success');
    const [k289] = parsed.data.trainLines!.map(toTrainLine);
    expect(k289!.departAt.toISOString()).toBe('2023-12-14T20:30:00.000Z');
    expect(k289!.runMinutes).toBe(24);
    expect(k289!.canChooseSeat).toBe(false); // isSupportChooseSeat is absent from the example
    const softSleeper = k289!.seats.find((s) => s.seatType === 6)!;
    expect(softSleeper.priceFen).toBe(8150);
    expect(softSleeper.berths).toEqual([
      { kind: 'upper', name: '上铺', priceFen: 8150 },
      { kind: 'lower', name: '下铺', priceFen: 8750 },
    ]);
  });

  it('the §22 example of the juhe FAQ (their legacy push format) parses', () => {
    const r = w.juheLegacyCallback.parse(load('juhe-faq-22-callback'));
    expect(r.passengers[0]?.price).toBe(763.5);
    expect(r.orderamount).toBeNull();
  });
});

describe('callback format: the 订单详情 object + eventType + sign', () => {
  const detail = () => (w.orderDetailResponse.parse(load('order-detail.response')) as { data: w.OrderDetailWire }).data;
  const secret = 'S3cret';

  it('parses with callbackPayloadSchema and needs eventType and sign', () => {
    const d = detail();
    const sign = callbackSign(secret, d.orderNo);
    for (const eventType of w.CALLBACK_EVENT_TYPES)
      expect(w.callbackPayloadSchema.safeParse({ ...d, eventType, sign }).success, eventType).toBe(true);
    expect(w.callbackPayloadSchema.safeParse({ ...d, sign }).success).toBe(false);
    expect(w.callbackPayloadSchema.safeParse({ ...d, eventType: 'order.hold' }).success).toBe(false);
    expect(w.callbackPayloadSchema.safeParse({ ...d, eventType: 'order.paid', sign }).success).toBe(false);
  });

  it('parseCallback checks the sign and maps the order', () => {
    const d = detail();
    const body = JSON.stringify({ ...d, eventType: 'change.issue', sign: callbackSign(secret, d.orderNo) });
    const ok = parseCallback(body, secret);
    expect(ok.ok && ok.event.eventType).toBe('change.issue');
    expect(ok.ok && ok.event.order.changes).toHaveLength(3);
    expect(parseCallback(body, 'other-secret')).toMatchObject({ ok: false, reason: 'bad_sign', orderNo: d.orderNo });
    expect(parseCallback('data={}', secret)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(parseCallback({ ...d, eventType: 'refund', sign: 'x' }, secret)).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });
});

describe('the client sends the documented field names', () => {
  /** Captures each request body the client sends; answers `answer`. */
  function capture(answer: unknown = { data: true, success: true, msg: '请求成功' }) {
    const sent: { url: string; body: Record<string, unknown> }[] = [];
    const fetch = ((url: string, init?: RequestInit) => {
      sent.push({ url, body: JSON.parse(init?.body as string) as Record<string, unknown> });
      return Promise.resolve(new Response(JSON.stringify(answer)));
    }) as typeof globalThis.fetch;
    return { sent, client: createProviderClient({ baseUrl: 'http://p.test', appKey: 'A', secretKey: 'S', fetch }) };
  }
  const creds = TRAIN_CREDS;
  const keysOf = (schema: z.ZodObject) => [...Object.keys(schema.shape), 'appKey'].sort();

  const calls: [w.Endpoint, (c: ReturnType<typeof capture>['client']) => Promise<unknown>][] = [
    ['search', (c) => c.search({ fromStation: '苏州', toStation: '昆山', fromDate: '2023-12-15' })],
    [
      'stops',
      (c) => c.stops({ trainCode: 'G1', trainNo: 'x', fromDate: '2024-01-01', fromStation: 'a', toStation: 'b' }),
    ],
    ['stations', (c) => c.stations()],
    [
      'order/create',
      (c) =>
        c.createOrder({
          ...CREATE_ORDER_REQUEST,
          isChooseSeats: true,
          chooseSeats: '1A',
          chooseSleeper: '000',
          isAcceptStanding: false,
          callBackUrl: 'http://portal/cb/order',
          refundTicketCallbackUrl: 'http://portal/cb/refund',
          passengers: [
            {
              name: '张文涛',
              cardType: 2,
              cardNo: 'E1',
              mobile: '1',
              ticketType: 1,
              seatType: 4,
              birthday: '1990-01-01',
              sex: 1,
              countryCode: 'CN',
              cardValidEndDate: '2030-01-01',
            },
          ],
        }),
    ],
    [
      'order/refund',
      (c) =>
        c.refundTicket({
          orderNo: 'T1',
          tickets: [{ name: '许文强', ticketNo: 'E1', cardType: 1, cardNo: '1' }],
          remark: 'x',
        }),
    ],
    [
      'order/change',
      (c) =>
        c.applyChange({
          orderNo: 'T1',
          changePsgTicketNos: 'E1|E2',
          fromStation: '苏州',
          toStation: '昆山',
          trainCode: 'K289',
          seatType: 10,
          fromDateTime: '2024-01-30 04:30',
          toDateTime: '2024-01-30 04:58',
          isChooseSeats: false,
          chooseSeats: null,
          chooseSleeper: '',
          isAcceptStanding: true,
          remark: '行程有变',
          callBackUrl: 'http://portal/cb/change',
        }),
    ],
    [
      'account/register',
      (c) =>
        c.register({
          ...creds,
          name: '张三',
          cardType: 3,
          cardNo: 'H1',
          mobile: '150',
          passengerType: 1,
          email: 'a@b.c',
          sex: 1,
          countryCode: 'CN',
          cardValidEndDate: '2030-01-01',
          birthday: '1990-01-01',
          msgCode: '123456',
        }),
    ],
    ['account/login', (c) => c.login(creds, '1234')],
    ['passengers/list', (c) => c.listPassengers(creds)],
    [
      'passengers/save',
      (c) => c.savePassenger(creds, { id: 0, name: '张三', cardType: 1, cardNo: '1', mobile: '150', passengerType: 1 }),
    ],
    ['order/confirm', (c) => c.confirmOrder('T1', 127)],
    ['order/cancel', (c) => c.cancelOrder('T1')],
    ['order/change/confirm', (c) => c.confirmChange('T1', 'T1C1', 39)],
    ['order/change/cancel', (c) => c.cancelChange('T1C1', '行程有变')],
    ['order/detail', (c) => c.orderDetail('T1')],
    ['account/verify', (c) => c.verifyLogin(creds, '123456')],
    ['account/face', (c) => c.faceAuth(creds, ['aGk='])],
    ['passengers/self', (c) => c.updateSelf(creds, 1)],
    ['passengers/delete', (c) => c.deletePassenger(creds, { name: '张三', cardType: 1, cardNo: '1' })],
    ['password/forgot/code', (c) => c.passwordForgotCode({ cardType: 1, cardNo: '1', mobile: '15000000000' })],
    ['password/forgot/reset', (c) => c.passwordForgotReset('r1', 'new_pass1', '177560')],
    ['password/change/code', (c) => c.passwordChangeCode('user_1', 'old_pass1', 'new_pass1')],
    ['password/change', (c) => c.passwordChange('user_1', 'old_pass1', 'new_pass1', '028307')],
  ];

  it('covers every endpoint', () => {
    expect(calls.map(([e]) => e).sort()).toEqual([...w.ENDPOINTS].sort());
  });

  it.each(calls)('%s', async (endpoint, invoke) => {
    const cap = capture(endpoint === 'order/detail' ? { data: null, success: false, msg: 'x' } : undefined);
    await invoke(cap.client).catch(() => undefined);
    const [only] = cap.sent;
    expect(only!.url).toBe(`http://p.test/train/${endpoint}`);
    const documented = keysOf(w.PROTOCOL[endpoint].request);
    for (const key of Object.keys(only!.body)) expect(documented, key).toContain(key);
    expect(w.withAppKey(w.PROTOCOL[endpoint].request).safeParse(only!.body).success).toBe(true);
  });

  it('each request example uses only documented fields, and the client sends the same fields', async () => {
    const examples: [string, w.Endpoint][] = [
      ['order-create.request', 'order/create'],
      ['order-confirm.request', 'order/confirm'],
      ['order-refund.request', 'order/refund'],
      ['account-register.request', 'account/register'],
      ['account-face.request', 'account/face'],
      ['passengers-save.request', 'passengers/save'],
      ['passengers-self.request', 'passengers/self'],
      ['passengers-delete.request', 'passengers/delete'],
      ['password-forgot-reset.request', 'password/forgot/reset'],
      ['password-change-code.request', 'password/change/code'],
      ['password-change.request', 'password/change'],
    ];
    for (const [name, endpoint] of examples) {
      const example = load(name) as Record<string, unknown>;
      const documented = keysOf(w.PROTOCOL[endpoint].request);
      for (const key of Object.keys(example)) expect(documented, `${name}: ${key}`).toContain(key);
    }
    // The 创单 example replayed through the client: same field names, credentials encrypted.
    const {
      appKey: _appKey,
      trainAccount,
      trainPassword,
      ...rest
    } = load('order-create.request') as Record<string, unknown> & w.CreateOrderRequestWire;
    const cap = capture({ data: { orderNo: 'TO1' }, success: true, msg: '' });
    await cap.client.createOrder({
      ...(rest as Omit<w.CreateOrderRequestWire, 'trainAccount' | 'trainPassword'>),
      trainAccount,
      trainPassword,
    });
    expect(Object.keys(cap.sent[0]!.body).sort()).toEqual(Object.keys(load('order-create.request') as object).sort());
    expect(cap.sent[0]!.body.trainAccount).not.toBe(trainAccount);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MSG, ProviderError } from '../../errors';
import type { HoldRequest } from '../../port';
import { createJuheProvider, JUHE_CHANGE_ELSEWHERE } from './adapter';
import { createJuheClient } from './client';
import { envelopeOf, fakeFetch, TEST_KEY, testConfig, type Answer } from './fake-fetch.test-helper';

const STATIONS = envelopeOf([
  { name: '北京南', code: 'VNP' },
  { name: '上海虹桥', code: 'AOH' },
]);

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

/** A client whose every call is answered `a`. */
const clientAnswering = (a: Answer | ((endpoint: string) => Answer)) => {
  const f = fakeFetch((endpoint) => (typeof a === 'function' ? a(endpoint) : a));
  return { c: createJuheClient(testConfig(f.fetch)), sent: f.sent };
};

describe('wire', () => {
  it('every call is a form-encoded POST to {baseUrl}/<endpoint> with key and dtype=json', async () => {
    const { c, sent } = clientAnswering({ body: envelopeOf('出票请求已接收') });
    await c.pay('JH1');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      url: 'http://juhe.test/trainTickets/pay',
      method: 'POST',
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    });
    expect(Object.fromEntries(sent[0]!.form)).toEqual({ key: TEST_KEY, dtype: 'json', orderid: 'JH1' });
  });

  it('structured arguments are JSON text in one field; Chinese as UTF-8', async () => {
    const { c, sent } = clientAnswering({ body: envelopeOf({ orderid: 'JH2' }) });
    const passengers = [
      {
        passengerid: 1,
        passengersename: '张三',
        piaotype: '1',
        piaotypename: '成人票',
        passporttypeseid: '1',
        passporttypeseidname: '二代身份证',
        passportseno: '11010519491231002X',
        price: '8.50',
        zwcode: 'O',
        zwname: '二等座',
      },
    ];
    await c.submit({
      user_orderid: 'U1',
      train_date: '2030-01-01',
      from_station_code: 'SXH',
      to_station_code: 'SHH',
      checi: 'G7033',
      passengers,
      is_accept_standing: 'no',
    });
    const form = sent[0]!.form;
    expect(JSON.parse(form.get('passengers')!)).toEqual(passengers);
    expect(form.get('choose_seats')).toBeNull();
    expect(form.get('is_accept_standing')).toBe('no');
  });

  it('the envelope: error_code 0 as a number or "0"; pay’s result is a bare string', async () => {
    for (const code of [0, '0']) {
      const { c } = clientAnswering({ body: envelopeOf({ orderid: 'JH3' }, code) });
      await expect(c.submit({} as never)).resolves.toEqual({ orderid: 'JH3' });
    }
    await expect(clientAnswering({ body: envelopeOf('出票请求已接收') }).c.pay('JH1')).resolves.toBe('出票请求已接收');
  });

  it('lenient answers: numbers as strings, passengerid as a number, reason as an int, nulls', async () => {
    const { c } = clientAnswering({
      body: envelopeOf({
        orderid: 'JH4',
        user_orderid: null,
        msg: null,
        status: 4,
        orderamount: 8.5,
        ordernumber: 'E1',
        checi: 'G7033',
        train_date: '2030-01-01',
        passengers: [
          {
            passengerid: 68,
            passengersename: '张三',
            piaotype: 1,
            passporttypeseid: '1',
            passportseno: 'X',
            price: '8.5',
            zwcode: 'O',
            reason: 0,
          },
        ],
        refund_money: null,
      }),
    });
    const o = await c.orderStatus('JH4');
    expect(o).toMatchObject({ status: 4, orderamount: '8.5', user_orderid: null });
    expect(o.passengers[0]).toMatchObject({ passengerid: '68', piaotype: '1', reason: '0' });
  });
});

describe('errors', () => {
  it.each([
    [217300, 'pay', '支付失败,您的账户余额不足,需要扣费933.00', null],
    [217301, 'submit', '参数错误:请不要输入一个今天以前的日期', MSG.BAD_PARAMS],
    [217302, 'pay', '未在规定时间内支付,订单已失效', MSG.ORDER_EXPIRED],
    [217303, 'pay', '订单号JH1不存在', MSG.NO_ORDER],
    [217304, 'pay', '只有占座成功(状态为2)的订单才可以支付,当前订单状态:4', MSG.BAD_ORDER_STATE],
    [217399, 'refund', '订单JH1中不存在您提供的tickets参数中指定的可退的车票', MSG.BAD_TICKET_STATE],
    [217350, 'cancel', '某个未记载的拒绝', null],
  ] as const)('%i on %s → business, reason verbatim, catalogue %s', async (code, endpoint, reason, catalogue) => {
    const { c } = clientAnswering({ body: JSON.stringify({ reason, result: null, error_code: String(code) }) });
    const e = await failure(c.call(endpoint, {}, z.unknown()));
    expect(e).toMatchObject({
      kind: 'business',
      message: reason,
      msg: reason,
      msgCode: code,
      catalogueCode: catalogue,
      retryable: false,
      endpoint,
    });
  });

  it.each([10001, 10002, 10003, 10004, 10005, 10007, 10008, 10009, 10011, 10012, 10013, 10020, 10021])(
    'system code %i → a business refusal of the account, never retried',
    async (code) => {
      const { c } = clientAnswering({ body: envelopeOf(null, code, '错误的请求KEY') });
      const e = await failure(c.orderStatus('JH1'));
      expect(e).toMatchObject({ kind: 'business', msgCode: code, retryable: false, msg: '错误的请求KEY' });
      expect(e.catalogueCode).not.toBeNull();
    },
  );

  it('10014 on pay: outcome unknown — not a refusal, not retryable', async () => {
    const { c } = clientAnswering({ body: envelopeOf(null, 10014, '系统内部异常') });
    const e = await failure(c.pay('JH1'));
    expect(e.kind).not.toBe('business');
    expect(e).toMatchObject({ kind: 'http', retryable: false, msgCode: 10014, msg: '系统内部异常' });
    expect(e.message).toMatch(/结果未知/);
  });

  it('10014 on submit, cancel and refund: not retryable either; on a read it is', async () => {
    const { c } = clientAnswering({ body: envelopeOf(null, 10014, '系统内部异常') });
    for (const p of [c.submit({} as never), c.cancel('JH1'), c.refund('JH1', [])])
      expect(await failure(p)).toMatchObject({ kind: 'http', retryable: false });
    expect(await failure(c.orderStatus('JH1'))).toMatchObject({ kind: 'http', retryable: true });
  });

  it('HTTP 5xx → http, retryable, whatever the body says', async () => {
    const { c } = clientAnswering({ status: 502, body: envelopeOf(null, 217302, '未在规定时间内支付') });
    expect(await failure(c.pay('JH1'))).toMatchObject({ kind: 'http', httpStatus: 502, retryable: true });
  });

  it('HTTP 4xx without an envelope → http, not retryable; with a refusal → the refusal', async () => {
    expect(await failure(clientAnswering({ status: 404, body: 'not found' }).c.pay('JH1'))).toMatchObject({
      kind: 'http',
      httpStatus: 404,
      retryable: false,
    });
    expect(
      await failure(clientAnswering({ status: 403, body: envelopeOf(null, 10008, '被禁止的IP') }).c.pay('JH1')),
    ).toMatchObject({ kind: 'business', msgCode: 10008 });
  });

  it('network failure and timeout', async () => {
    expect(await failure(clientAnswering(new TypeError('fetch failed')).c.pay('JH1'))).toMatchObject({
      kind: 'network',
      retryable: true,
    });
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(await failure(clientAnswering(timeout).c.pay('JH1'))).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('a real timeout: AbortSignal.timeout(timeoutMs) per call', async () => {
    const slow = ((_: unknown, init?: RequestInit) =>
      new Promise((_r, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error)),
      )) as typeof fetch;
    const c = createJuheClient(testConfig(slow, { timeoutMs: 30 }));
    expect(await failure(c.orderStatus('JH1'))).toMatchObject({ kind: 'timeout' });
  });

  it('unparseable, envelope-less and off-document answers → malformed', async () => {
    expect(await failure(clientAnswering({ body: '{"reason":"成功' }).c.pay('JH1'))).toMatchObject({
      kind: 'malformed',
    });
    expect(await failure(clientAnswering({ body: '{"data":1}' }).c.pay('JH1'))).toMatchObject({ kind: 'malformed' });
    expect(await failure(clientAnswering({ body: envelopeOf({ id: 1 }) }).c.submit({} as never))).toMatchObject({
      kind: 'malformed',
    });
    // An amount with three decimals, or a non-numeric status: the portal depends on these.
    const order = { orderid: 'JH1', status: '2', checi: 'G1', train_date: '2030-01-01', passengers: [] };
    expect(
      await failure(clientAnswering({ body: envelopeOf({ ...order, orderamount: '1.005' }) }).c.orderStatus('JH1')),
    ).toMatchObject({ kind: 'malformed' });
    expect(
      await failure(clientAnswering({ body: envelopeOf({ ...order, status: 'x' }) }).c.orderStatus('JH1')),
    ).toMatchObject({ kind: 'malformed' });
  });
});

describe('the adapter', () => {
  const hold = (over: Partial<HoldRequest> = {}): HoldRequest => ({
    customerOrderNo: 'C-1',
    trainCode: 'G101',
    fromStation: '北京南',
    toStation: '上海虹桥',
    departAt: new Date('2030-01-01T00:43:00Z'),
    arriveAt: new Date('2030-01-01T04:39:00Z'),
    seatType: 4,
    acceptStanding: false,
    chooseSeats: null,
    chooseSleeper: null,
    contactName: '张三',
    contactMobile: '13800138000',
    credentials: null,
    callbackBase: 'http://portal.test',
    passengers: [
      {
        name: '张三',
        cardType: 1,
        cardNo: '11010519491231002X',
        mobile: null,
        ticketType: 1,
        seatType: 4,
        priceFen: 55300,
      },
    ],
    ...over,
  });
  const adapter = (
    answer: (endpoint: string) => Answer = (e) => ({
      body: e === 'cityCode' ? STATIONS : envelopeOf({ orderid: 'JH9' }),
    }),
  ) => {
    const f = fakeFetch(answer);
    return { p: createJuheProvider(testConfig(f.fetch)), sent: f.sent };
  };

  it('hold: telecodes, the passengers JSON, standing "no" unless accepted, the order number back', async () => {
    const { p, sent } = adapter();
    await expect(p.hold(hold())).resolves.toEqual({ orderNo: 'JH9' });
    const submit = sent.find((s) => s.endpoint === 'submit')!.form;
    expect(Object.fromEntries(submit)).toMatchObject({
      user_orderid: 'C-1',
      train_date: '2030-01-01',
      from_station_code: 'VNP',
      to_station_code: 'AOH',
      checi: 'G101',
      is_accept_standing: 'no',
    });
    expect(JSON.parse(submit.get('passengers')!)).toEqual([
      {
        passengerid: 1,
        passengersename: '张三',
        piaotype: '1',
        piaotypename: '成人票',
        passporttypeseid: '1',
        passporttypeseidname: '二代身份证',
        passportseno: '11010519491231002X',
        price: '553.00',
        zwcode: 'O',
        zwname: '二等座',
      },
    ]);
    // The station table is read once per process (cached), not per call.
    await p.hold(hold());
    expect(sent.filter((s) => s.endpoint === 'cityCode')).toHaveLength(1);
    expect(sent.find((s) => s.endpoint === 'cityCode')!.form.get('all')).toBe('1');
  });

  it('hold: standing accepted → yes; a 无座 offer → the lowest class with yes; seats chosen sent', async () => {
    const { p, sent } = adapter();
    await p.hold(hold({ acceptStanding: true, chooseSeats: '1a' }));
    await p.hold(
      hold({ seatType: 98, acceptStanding: false, passengers: [{ ...hold().passengers[0]!, seatType: 98 }] }),
    );
    const [a, b] = sent.filter((s) => s.endpoint === 'submit').map((s) => s.form);
    expect([a!.get('is_accept_standing'), a!.get('choose_seats')]).toEqual(['yes', '1A']);
    expect(b!.get('is_accept_standing')).toBe('yes');
    expect((JSON.parse(b!.get('passengers')!) as { zwcode: string }[])[0]!.zwcode).toBe('O');
  });

  it.each([
    ['six passengers', { passengers: Array.from({ length: 6 }, () => hold().passengers[0]!) }, /最多 5 位/],
    ['a berth choice', { seatType: 8, chooseSleeper: '100' }, /不支持选铺/],
    ['seat choice on 硬卧', { seatType: 8, chooseSeats: '1A' }, /不支持选座/],
    [
      'a card with no Juhe code (8)',
      { passengers: [{ ...hold().passengers[0]!, cardType: 8 }] },
      /外国人永久居留身份证/,
    ],
    ['a card with no Juhe code (9)', { passengers: [{ ...hold().passengers[0]!, cardType: 9 }] }, /港澳台居民居住证/],
    ['a student ticket', { passengers: [{ ...hold().passengers[0]!, ticketType: 3 }] }, /学生票/],
    ['a user_orderid over 50 characters', { customerOrderNo: 'C'.repeat(51) }, /1–50/],
    ['a seat class without zwcode', { passengers: [{ ...hold().passengers[0]!, seatType: 12 }] }, /该席别/],
  ] as const)('hold refuses %s before sending', async (_, over, words) => {
    const { p, sent } = adapter();
    const e = await failure(p.hold(hold(over as Partial<HoldRequest>)));
    expect(e).toMatchObject({ kind: 'business', retryable: false });
    expect(e.message).toMatch(words);
    expect(sent.filter((s) => s.endpoint === 'submit')).toHaveLength(0);
  });

  it('an unknown station → business 未知车站', async () => {
    const { p } = adapter();
    const e = await failure(p.search({ from: '火星', to: '上海虹桥', date: '2030-01-01' }));
    expect(e).toMatchObject({ kind: 'business' });
    expect(e.message).toMatch(/未知车站/);
  });

  it('search by names: codes sent, lines back', async () => {
    const { p, sent } = adapter((e) =>
      e === 'cityCode'
        ? { body: STATIONS }
        : {
            body: envelopeOf({
              list: [
                {
                  train_code: 'G101',
                  train_no: '240000G1010A',
                  start_time: '06:43',
                  arrive_time: '12:39',
                  arrive_days: '0',
                  from_station_code: 'VNP',
                  to_station_code: 'AOH',
                  edz_num: '5',
                  edz_price: 553,
                },
              ],
            }),
          },
    );
    const [line] = await p.search({ from: '北京南站', to: '上海虹桥', date: '2030-01-01' });
    expect(line).toMatchObject({ trainCode: 'G101', fromStation: '北京南', toStation: '上海虹桥' });
    expect(Object.fromEntries(sent.find((s) => s.endpoint === 'ticketsAvailable')!.form)).toMatchObject({
      train_date: '2030-01-01',
      from_station: 'VNP',
      to_station: 'AOH',
    });
  });

  it('confirm = pay without the amount; cancel; refund one ticket with its ID', async () => {
    const { p, sent } = adapter(() => ({ body: envelopeOf('出票请求已接收') }));
    await p.confirm('JH1', 93300);
    await p.cancel('JH1');
    await p.refundTicket({ orderNo: 'JH1', ticketNo: 'T1', name: '李四', cardType: 2, cardNo: 'E123', remark: 'x' });
    expect(sent.map((s) => s.endpoint)).toEqual(['pay', 'cancel', 'refund']);
    expect(Object.fromEntries(sent[0]!.form)).toEqual({ key: TEST_KEY, dtype: 'json', orderid: 'JH1' });
    expect(JSON.parse(sent[2]!.form.get('tickets')!)).toEqual([
      { ticket_no: 'T1', passengername: '李四', passporttypeseid: 'B', passportseno: 'E123' },
    ]);
  });

  it('改签 and 经停站 are refused with where to go instead', async () => {
    const { p } = adapter();
    expect(p.capabilities.changeElsewhere).toBe(JUHE_CHANGE_ELSEWHERE);
    for (const call of [p.applyChange({} as never), p.confirmChange('a', 'b', 1), p.cancelChange('b', '')]) {
      const e = await failure(call);
      expect(e).toMatchObject({ kind: 'business', catalogueCode: MSG.CHANGE_NOT_ALLOWED });
      expect(e.message).toMatch(/火车站售票窗口/);
    }
    expect(await failure(p.stops({} as never))).toMatchObject({ kind: 'business' });
  });

  it.each([
    [1234.5, 123450],
    ['88.00', 8800],
    [{ balance: '10.5' }, 1050],
    [{ money: 3 }, 300],
    [{ other: 1 }, null],
    [null, null],
    ['多少', null],
  ])('balance.php result %j → %s fen', async (result, fen) => {
    const { p } = adapter(() => ({ body: envelopeOf(result) }));
    await expect(p.balance()).resolves.toBe(fen);
  });

  it('setup: setPush with the three callback URLs', async () => {
    const { p, sent } = adapter(() => ({ body: envelopeOf(null) }));
    await p.setup!('https://portal.example/');
    expect(Object.fromEntries(sent[0]!.form)).toEqual({
      key: TEST_KEY,
      dtype: 'json',
      submit_callback: 'https://portal.example/api/provider/juhe/callbacks/submit',
      pay_callback: 'https://portal.example/api/provider/juhe/callbacks/pay',
      refund_callback: 'https://portal.example/api/provider/juhe/callbacks/refund',
    });
    expect(sent[0]!.endpoint).toBe('setPush');
  });

  it('declares its capabilities and idempotent methods as the document allows', () => {
    const { p } = adapter();
    expect(p.capabilities).toMatchObject({
      change: false,
      seatChoice: true,
      berthChoice: false,
      maxPassengers: 5,
      trainAccount: false,
      standingByDefault: true,
      stops: false,
      balance: true,
      confirmChecksAmount: false,
      studentTickets: false,
    });
    // §14 passporttypeseid 1 / B / C / G only: no 8 外国人永久居留身份证, no 9 港澳台居民居住证 (§19).
    expect([...p.capabilities.cardTypes].sort()).toEqual([1, 2, 3, 4]);
    expect([...p.idempotent].sort()).toEqual(['balance', 'detail', 'search', 'stops']);
    expect(p).toMatchObject({ callbackAck: 'success', callbackKinds: ['submit', 'pay', 'refund'], accounts: null });
  });

  it('a detail that parses but cannot be mapped (an impossible date) → malformed', async () => {
    const { p } = adapter(() => ({
      body: envelopeOf({ orderid: 'JH1', status: '2', checi: 'G1', train_date: '2030-02-30', passengers: [] }),
    }));
    expect(await failure(p.detail('JH1'))).toMatchObject({ kind: 'malformed' });
  });
});

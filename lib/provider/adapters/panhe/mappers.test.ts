import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferMsgCode, MSG, MSG_CODES, ProviderError } from '../../errors';
import {
  formatWireDate,
  formatWireDateTime,
  parseWireDateTime,
  saleTimeOf,
  toFrequentPassenger,
  toOrderDetail,
  toStop,
  toTrainLine,
} from './mappers';
import * as w from '@/protocol/panhe/wire';

const DICTIONARY = path.resolve(
  import.meta.dirname,
  '../../../../../shared/provider-docs/juhe-grab-ticket-dictionary.md',
);

describe('datetimes: Beijing wall-clock time, fixed UTC+8', () => {
  it('parses "yyyy-MM-dd HH:mm[:ss]" as +08:00', () => {
    expect(parseWireDateTime('2024-01-27 06:57:00').toISOString()).toBe('2024-01-26T22:57:00.000Z');
    expect(parseWireDateTime('2023-12-15 04:30').toISOString()).toBe('2023-12-14T20:30:00.000Z');
    // No DST: midsummer is +08:00 as well.
    expect(parseWireDateTime('2024-07-01 12:00').toISOString()).toBe('2024-07-01T04:00:00.000Z');
  });

  it('refuses other formats and impossible dates', () => {
    for (const bad of [
      '2024-01-27T06:57:00',
      '2024-1-27 06:57',
      '2024-02-30 10:00',
      '2024-01-27 24:00',
      '',
      '2024-01-27',
    ])
      expect(() => parseWireDateTime(bad), bad).toThrow(RangeError);
    expect(parseWireDateTime('2024-02-29 23:59:59').toISOString()).toBe('2024-02-29T15:59:59.000Z');
  });

  it('formats a Date back for requests', () => {
    const d = new Date('2024-01-26T22:57:00Z');
    expect(formatWireDateTime(d)).toBe('2024-01-27 06:57');
    expect(formatWireDateTime(d, true)).toBe('2024-01-27 06:57:00');
    expect(formatWireDate(new Date('2024-01-26T16:00:00Z'))).toBe('2024-01-27'); // midnight in Beijing
    expect(parseWireDateTime(formatWireDateTime(d))).toEqual(d);
    expect(() => formatWireDateTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

const line = {
  trainCode: 'K289',
  trainNo: '760000K2920K',
  fromStation: '苏州',
  toStation: '昆山',
  fromTime: '23:30',
  toTime: '01:54',
  fromDateTime: '2023-12-15 23:30',
  toDateTime: '2023-12-16 01:54',
  arrive_days: 1,
  runTime: '26:24',
  trainsType: '5',
  trainsTypeName: '快速',
  beginStation: null,
  Seats: [
    {
      seatType: '8',
      seatTypeName: '硬卧',
      ticketPrice: '55.0',
      leftTicketNum: '108',
      otherSeats: [
        { sleeperType: 2, sleeperTypeName: '中铺', ticketPrice: 60 },
        { sleeperType: 9, sleeperTypeName: '?', ticketPrice: 1 },
      ],
    },
    { seatType: 98, seatTypeName: '无座', ticketPrice: 9.5, leftTicketNum: 0, otherSeats: null },
  ],
};

describe('余票查询 → TrainLine', () => {
  it('the note\'s sale time: "12:45起售" (not on sale yet) → saleTime "12:45"; the docs\' empty note → on sale', () => {
    expect(toTrainLine(w.trainLine.parse({ ...line, note: '12:45起售' })).saleTime).toBe('12:45');
    expect(toTrainLine(w.trainLine.parse({ ...line, note: '' })).saleTime).toBeNull();
    expect(toTrainLine(w.trainLine.parse({ ...line, note: null })).saleTime).toBeNull();
    expect(toTrainLine(w.trainLine.parse(line)).saleTime).toBeNull(); // no note at all
    // The forms 12306 prints, and what is not a sale time.
    expect(saleTimeOf('8:00起售')).toBe('08:00');
    expect(saleTimeOf('12点30分起售')).toBe('12:30');
    expect(saleTimeOf('23点起售')).toBe('23:00');
    expect(saleTimeOf('列车运行图调整,暂停发售')).toBeNull();
    expect(saleTimeOf('25:00起售')).toBeNull();
  });

  it('yuan → integer fen, strings → numbers, datetimes → Date, unknown berths dropped', () => {
    const t = toTrainLine(w.trainLine.parse(line));
    expect(t).toMatchObject({
      departAt: new Date('2023-12-15T15:30:00Z'),
      arriveAt: new Date('2023-12-15T17:54:00Z'),
      arriveDays: 1,
      runMinutes: 26 * 60 + 24,
      trainType: 5,
      beginStation: null,
      canChooseSeat: false,
      canChooseSleeper: false,
    });
    expect(t.seats).toEqual([
      {
        seatType: 8,
        name: '硬卧',
        priceFen: 5500,
        left: 108,
        berths: [{ kind: 'middle', name: '中铺', priceFen: 6000 }],
      },
      { seatType: 98, name: '无座', priceFen: 950, left: 0, berths: [] },
    ]);
  });

  it('the wire schema refuses what the portal relies on being right', () => {
    const bad = [
      { ...line, fromDateTime: '2023/12/15 23:30' },
      { ...line, runTime: '26h24' },
      { ...line, Seats: [{ ...line.Seats[1], ticketPrice: 9.555 }] },
      { ...line, Seats: [{ ...line.Seats[1], ticketPrice: -1 }] },
      { ...line, Seats: [{ ...line.Seats[1], leftTicketNum: 'many' }] },
      { ...line, trainCode: '' },
    ];
    for (const b of bad) expect(w.trainLine.safeParse(b).success, JSON.stringify(b).slice(0, 80)).toBe(false);
  });
});

describe('经停站 → Stop', () => {
  it('reads "HH:mm", the docs\' "HH;mm", "----", and intervals "2" / "3分钟"', () => {
    const stop = (arriveTime: string, startTime: string, interval: string) =>
      toStop(w.stopInfo.parse({ stationId: '2', stationName: '静海', arriveTime, startTime, interval }));
    expect(stop('17:00', '17:03', '3分钟')).toEqual({
      index: 2,
      stationName: '静海',
      arrive: '17:00',
      depart: '17:03',
      stopMinutes: 3,
    });
    expect(stop('----', '07:22', '----')).toMatchObject({ arrive: null, depart: '07:22', stopMinutes: null });
    expect(stop('13;23', '----', '2')).toMatchObject({ arrive: '13:23', depart: null, stopMinutes: 2 });
  });
});

const ticket = {
  name: '张飞',
  cardType: 1,
  cardNo: '3411***********96X',
  ticketType: 1,
  seatType: 4,
  ticketStatus: 21,
  ticketPrice: 13,
  refundTicketPoundage: '1.5',
  refundTicketAmount: 11.5,
  refundSuccessTime: '2024-01-25 13:07:22',
};
const detail = {
  orderNo: 'T1',
  orderAmount: '31.00',
  trainCode: 'G7199',
  fromStation: '苏州北',
  toStation: '昆山南',
  fromDateTime: '2024-01-27 06:57:00',
  toDateTime: '2024-01-27 07:08:00',
  orderStatus: 9,
  payStatus: 1,
  payTime: '',
  customerOrderNo: '',
  outTicketFail_RefundSuccessTime: '2024-01-25 12:40:00',
  outTicketFail_RefundAmount: 31,
  trainTickets: [ticket],
  trainChaOrder: null,
};

describe('订单详情 → OrderDetail', () => {
  it('maps amounts to fen, times to Date, "" and absent fields to null', () => {
    const d = toOrderDetail(w.orderDetail.parse(detail));
    expect(d).toMatchObject({
      orderNo: 'T1',
      customerOrderNo: null,
      status: 9,
      paid: true,
      orderFen: 3100,
      ticketFen: null,
      paidAt: null,
      payDeadline: null,
      issueFailRefund: { fen: 3100, at: new Date('2024-01-25T04:40:00Z'), transactionNo: null },
      changes: [],
    });
    expect(d.tickets[0]).toMatchObject({
      status: 21,
      priceFen: 1300,
      refundFeeFen: 150,
      refundFen: 1150,
      refundedAt: new Date('2024-01-25T05:07:22Z'),
      ticketNo: null,
    });
  });

  it('refuses undocumented status codes, bad amounts and missing keys', () => {
    const bad = [
      { ...detail, orderStatus: 4 },
      { ...detail, orderStatus: 'paid' },
      { ...detail, trainTickets: [{ ...ticket, ticketStatus: 36 }] },
      { ...detail, orderAmount: 31.001 },
      { ...detail, payTime: '2024-01-25T12:27:02Z' },
      { ...detail, orderNo: undefined },
      { ...detail, trainTickets: undefined },
      { ...detail, trainChaOrder: [{ chaNo: 'C1', chaOrderStatus: 8 }] },
    ];
    for (const b of bad) expect(w.orderDetail.safeParse(b).success, JSON.stringify(b).slice(0, 60)).toBe(false);
  });
});

describe('获取常旅客 → FrequentPassenger', () => {
  it('maps verification flags', () => {
    const p = toFrequentPassenger(
      w.passengerRecord.parse({
        id: 1691138393,
        name: '张小华',
        cardType: 1,
        cardNo: '2308***********029',
        mobile: '',
        mobileVerifyStatus: 0,
        identityVerifyStatus: 1,
        isUserSelf: true,
      }),
    );
    expect(p).toMatchObject({
      id: '1691138393',
      mobile: null,
      mobileVerified: false,
      identityVerifyStatus: 1,
      isAccountHolder: true,
    });
  });
});

describe('msgCode catalogue', () => {
  it('has every code of juhe-grab-ticket-dictionary.md, each named once in MSG', () => {
    expect(Object.keys(MSG_CODES)).toHaveLength(66);
    const byNumber = (a: number, b: number) => a - b;
    expect(Object.values(MSG).sort(byNumber)).toEqual(Object.keys(MSG_CODES).map(Number).sort(byNumber));
  });

  it.skipIf(!fs.existsSync(DICTIONARY))("is the dictionary's msgCode block, verbatim", () => {
    const doc = fs.readFileSync(DICTIONARY, 'utf8');
    const block = doc.slice(doc.indexOf('"msgCode": {'));
    const entries = [...block.matchAll(/"(\d{3})": "([^"]+)"/g)].map(([, code, text]) => [Number(code), text]);
    expect(Object.fromEntries(entries)).toEqual(MSG_CODES);
  });

  it('maps a provider msg without msgCode onto the catalogue where one fits', () => {
    expect(inferMsgCode('该坐席已售完')).toBe(209);
    expect(inferMsgCode('占座失败:该坐席已售完')).toBe(209);
    expect(inferMsgCode('12306账号登录失败:密码错误')).toBe(403);
    expect(inferMsgCode('只有占位中和占位成功状态下才允许取消操作,当前订单状态为:出票成功')).toBe(202);
    expect(inferMsgCode('验证码错误')).toBe(407);
    expect(inferMsgCode('签名校验失败')).toBe(102);
    expect(inferMsgCode('张三2021年10月15日前不允许删除!')).toBeNull();
    expect(inferMsgCode('请求成功')).toBeNull();
  });

  it('ProviderError keeps the msgCode as sent and the catalogue entry that fits', () => {
    const sent = new ProviderError({ kind: 'business', message: 'x', msg: '乘客信息有误', msgCode: 304 });
    expect([sent.msgCode, sent.catalogueCode, sent.catalogueText]).toEqual([304, 304, '乘客信息不正确']);
    const inferred = new ProviderError({ kind: 'business', message: 'x', msg: '余票不足' });
    expect([inferred.msgCode, inferred.catalogueCode, inferred.catalogueText]).toEqual([null, 209, '该坐席已售完']);
    const offCatalogue = new ProviderError({ kind: 'business', message: 'x', msg: '人脸认证失败', msgCode: 7001 });
    expect([offCatalogue.msgCode, offCatalogue.catalogueCode]).toEqual([7001, null]);
    expect(new ProviderError({ kind: 'timeout', message: 't' }).retryable).toBe(true);
    expect(new ProviderError({ kind: 'http', message: 'h', httpStatus: 503 }).retryable).toBe(true);
    expect(new ProviderError({ kind: 'http', message: 'h', httpStatus: 429 }).retryable).toBe(false);
    expect(new ProviderError({ kind: 'malformed', message: 'm' }).retryable).toBe(false);
  });
});

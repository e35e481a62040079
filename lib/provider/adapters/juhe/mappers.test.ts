import { describe, expect, it } from 'vitest';
import { shanghaiInstant } from '@/lib/time';
import { ORDER_STATUS, TICKET_STATUS } from '../../types';
import {
  cardTypeOfIdType,
  ID_TYPE_OF_CARD,
  SEAT_OF_ZWCODE,
  seatTypeOfZwcode,
  trainTypeOf,
  ZWCODE_OF_SEAT,
  ZWNAME,
} from './codes';
import { fenToYuanText, leftOf, parseJuheDateTime, toOrderDetail, toTrainLine, yuanTextToFen } from './mappers';
import * as w from './wire';

const bj = (s: string) => shanghaiInstant(s.slice(0, 10), s.slice(11));
const opts = { payWindowMinutes: 30 };

describe('yuan → fen, exactly', () => {
  it.each([
    ['8.5', 850],
    ['8.50', 850],
    ['0.00', 0],
    ['0', 0],
    ['933.00', 93300],
    ['933.0', 93300],
    ['763.5', 76350],
    ['0.1', 10],
    ['0.07', 7],
    ['1234567.89', 123456789],
    [8.5, 850],
    [933, 93300],
    [0.29, 29],
    [' 12.3 ', 1230],
  ] as const)('%j → %i', (yuan, fen) => {
    expect(yuanTextToFen(yuan)).toBe(fen);
  });

  it.each(['1.005', '8.555', '-1', '1e3', '', '--', '8.', '.5', '¥8', 'NaN', 0.1 + 0.2, -2])('refuses %j', (v) => {
    expect(() => yuanTextToFen(v)).toThrow(RangeError);
  });

  it('fen → the yuan text sent', () => {
    expect([850, 0, 93300, 7].map(fenToYuanText)).toEqual(['8.50', '0.00', '933.00', '0.07']);
    expect(() => fenToYuanText(8.5)).toThrow(RangeError);
  });

  it('the wire refuses an amount with three decimals (strict where the portal depends on it)', () => {
    expect(w.optYuan.safeParse('1.005').success).toBe(false);
    expect(w.optYuan.parse(null)).toBeNull();
    expect(w.optYuan.parse('')).toBeNull();
    expect(w.optYuan.parse(8.5)).toBe('8.5');
  });
});

describe('times', () => {
  it('reads yyyy-MM-dd HH:mm:ss as Beijing time', () => {
    expect(parseJuheDateTime('2017-11-25 06:43:00').toISOString()).toBe('2017-11-24T22:43:00.000Z');
    expect(parseJuheDateTime('2017-11-25 06:43').toISOString()).toBe('2017-11-24T22:43:00.000Z');
  });
  it.each(['2017-02-30 10:00:00', '2017-11-25T06:43:00', '06:43', ''])('refuses %j', (s) => {
    expect(() => parseJuheDateTime(s)).toThrow(RangeError);
  });
});

describe('code tables, both ways', () => {
  it('zwcode ↔ seatType (§19: 9/P/M/O/6/4/F/3/2/1 ↔ 1..10)', () => {
    const letters = ['9', 'P', 'M', 'O', '6', '4', 'F', '3', '2', '1'];
    letters.forEach((code, i) => {
      expect(ZWCODE_OF_SEAT[i + 1]).toBe(code);
      expect(SEAT_OF_ZWCODE[code]).toBe(i + 1);
      expect(seatTypeOfZwcode(code)).toBe(i + 1);
      expect(ZWNAME[code]).toBeTruthy();
    });
    expect(seatTypeOfZwcode('o')).toBe(4);
    expect(seatTypeOfZwcode('0')).toBe(4); // the digit zero, the doc's warned-of slip
    expect(seatTypeOfZwcode('X')).toBeNull();
    expect(ZWCODE_OF_SEAT[98]).toBeUndefined(); // 无座 has no code
  });

  it('passporttypeseid ↔ cardType (§19: 1/B/C/G/2 ↔ 1/2/3/4/—)', () => {
    expect(Object.fromEntries(Object.entries(ID_TYPE_OF_CARD).map(([k, v]) => [k, v.code]))).toEqual({
      1: '1',
      2: 'B',
      3: 'C',
      4: 'G',
    });
    expect(['1', 'B', 'C', 'G', 'b'].map(cardTypeOfIdType)).toEqual([1, 2, 3, 4, 2]);
    expect(cardTypeOfIdType('2')).toBe(1); // 一代身份证: read as a 身份证, never sent
    expect(cardTypeOfIdType('Z')).toBeNull();
    expect(ID_TYPE_OF_CARD[8]).toBeUndefined();
    expect(ID_TYPE_OF_CARD[9]).toBeUndefined();
  });

  it('train types', () => {
    expect(['G1', 'C2', 'D3', 'Z4', 'T5', 'K6', '6225', 'Y1'].map((c) => trainTypeOf(c).type)).toEqual([
      1, 1, 2, 3, 4, 5, 6, 6,
    ]);
  });
});

/** An Order object as orderStatus answers it, with `over` applied. */
function order(over: Record<string, unknown> = {}, passenger: Record<string, unknown> = {}) {
  return w.order.parse({
    orderid: 'JH1',
    user_orderid: 'U1',
    msg: '处理或操作成功;待支付',
    orderamount: '933.00',
    status: '2',
    passengers: [
      {
        passengerid: 1,
        passengersename: '张三',
        piaotype: '1',
        piaotypename: '成人票',
        passporttypeseid: '1',
        passporttypeseidname: '二代身份证',
        passportseno: '11010519491231002X',
        price: '933.0',
        zwcode: 'M',
        zwname: '一等座',
        ticket_no: 'E960281705103001A',
        cxin: '03车厢,01A座',
        reason: 0,
        ...passenger,
      },
    ],
    checi: 'G101',
    ordernumber: 'E960281705',
    submit_time: '2017-11-20 18:08:32',
    deal_time: '2017-11-20 18:09:11',
    cancel_time: null,
    pay_time: null,
    finished_time: null,
    start_time: '2017-11-25 06:43:00',
    arrive_time: '2017-11-25 12:39:00',
    runtime: '05:56',
    train_date: '2017-11-25',
    from_station_name: '北京南',
    from_station_code: 'VNP',
    to_station_name: '上海虹桥',
    to_station_code: 'AOH',
    refund_money: null,
    ...over,
  });
}

const unheld = { orderamount: null, ordernumber: null, deal_time: null };
const unheldPassenger = { ticket_no: null, cxin: null };

describe('order status (§19)', () => {
  it.each([
    ['0 submitted → 1 占位中', { status: '0', ...unheld }, unheldPassenger, ORDER_STATUS.HOLDING, false],
    ['1 failed hold → 3 占位失败', { status: 1, ...unheld, msg: '行程冲突' }, unheldPassenger, 3, false],
    ['1 after cancel → 5 已取消', { status: '1', cancel_time: '2017-11-20 18:20:00' }, {}, 5, false],
    ['1 after a lapse (was held) → 5 已取消', { status: '1' }, {}, ORDER_STATUS.CANCELLED, false],
    ['2 → 2 占位成功', {}, {}, ORDER_STATUS.HELD, false],
    ['3 → 7 出票中', { status: '3', pay_time: '2017-11-20 18:10:00' }, {}, ORDER_STATUS.ISSUING, true],
    ['4 → 8 出票成功', { status: '4' }, {}, ORDER_STATUS.ISSUED, true],
    ['5 → 9 出票失败', { status: '5' }, {}, ORDER_STATUS.ISSUE_FAILED, true],
    ['6 → 8', { status: '6' }, {}, ORDER_STATUS.ISSUED, true],
    ['7 → 8', { status: '7' }, {}, ORDER_STATUS.ISSUED, true],
    ['8 → 8', { status: '8' }, {}, ORDER_STATUS.ISSUED, true],
    ['unknown 9, paid → 7 (never terminal)', { status: '9', pay_time: '2017-11-20 18:10:00' }, {}, 7, true],
    ['unknown 9, held → 2', { status: '9' }, {}, ORDER_STATUS.HELD, false],
    ['unknown 12, nothing yet → 1', { status: 12, ...unheld }, unheldPassenger, ORDER_STATUS.HOLDING, false],
    [
      'unknown 9 with refund history → 8 (refund states still derived)',
      { status: '9', pay_time: '2017-11-20 18:10:00' },
      { refundTimeline: [{ time: '2017-12-05 18:01:00', msg: '线上申请退票' }] },
      ORDER_STATUS.ISSUED,
      true,
    ],
  ])('%s', (_, over, passenger, status, paid) => {
    const d = toOrderDetail(order(over, passenger), opts);
    expect(d.status).toBe(status);
    expect(d.paid).toBe(paid);
    const refundHistory = 'refundTimeline' in passenger;
    if (!refundHistory && ![6, 7, 8].includes(Number((over as { status?: unknown }).status)))
      expect(d.tickets[0]!.status).toBe(status);
    // A ticket with refund history keeps its refund state (here 退票中) under an unknown status.
    if (refundHistory) expect(d.tickets[0]!.status).toBe(TICKET_STATUS.REFUNDING);
  });

  it('an unknown status says so and keeps the message', () => {
    const d = toOrderDetail(order({ status: '9', msg: '新的状态' }), opts);
    expect(d.statusName).toMatch(/9/);
    expect(d.unfinishedReason).toBe('新的状态');
  });

  it('refuses a status that is not a number', () => {
    expect(w.order.safeParse({ ...order(), status: 'held' }).success).toBe(false);
  });

  it('issue failure (5): the whole orderamount comes back (§17)', () => {
    const d = toOrderDetail(order({ status: '5', msg: '出票失败', finished_time: '2017-11-20 18:11:00' }), opts);
    expect(d.issueFailRefund).toEqual({ fen: 93300, at: bj('2017-11-20 18:11:00'), transactionNo: null });
    expect(d.unfinishedReason).toBe('出票失败');
  });

  it('pay deadline = deal_time + the configured window, only once held', () => {
    expect(toOrderDetail(order(), { payWindowMinutes: 45 }).payDeadline).toEqual(
      new Date(bj('2017-11-20 18:09:11').getTime() + 45 * 60_000),
    );
    expect(
      toOrderDetail(order({ status: '1', ...unheld, deal_time: '2017-11-20 18:09:11' }, unheldPassenger), opts)
        .payDeadline,
    ).toBeNull();
  });

  it('pay deadline unconfigured: the 12306 rule — 10 min from the hold, 2 min when the train leaves within 30 min', () => {
    const held = bj('2017-11-20 18:09:11');
    expect(toOrderDetail(order(), { payWindowMinutes: null }).payDeadline).toEqual(
      new Date(held.getTime() + 10 * 60_000),
    );
    const soon = toOrderDetail(order({ start_time: '2017-11-20 18:30:00' }), { payWindowMinutes: null });
    expect(soon.payDeadline).toEqual(new Date(held.getTime() + 2 * 60_000));
  });

  it('no time fields (a push, or before the hold): the travel day, no crash', () => {
    const d = toOrderDetail(order({ start_time: null, arrive_time: null, runtime: null }), opts);
    expect(d.departAt).toEqual(bj('2017-11-25 00:00:00'));
    expect(d.arriveAt).toEqual(d.departAt);
    const e = toOrderDetail(order({ arrive_time: null }), opts);
    expect(e.arriveAt).toEqual(bj('2017-11-25 12:39:00'));
  });
});

describe('per-ticket refund states (§20.10: status reflects only the last event)', () => {
  const issued = (over: Record<string, unknown>, passengers: Record<string, unknown>[]) =>
    toOrderDetail(
      w.order.parse({
        ...order({ status: '4', ...over }),
        passengers: passengers.map((p, i) => ({
          ...order().passengers[0],
          passengerid: i + 1,
          passengersename: `乘客${i + 1}`,
          price: '5.00',
          ticket_no: `E00000000010010${i}A`,
          ...p,
        })),
      }),
      opts,
    ).tickets;

  it('FAQ §18: two ¥5 tickets each refunded with a ¥2 fee; then one fails: order status 8, per-ticket states', () => {
    const t = issued({ status: '8', refund_money: '3.00' }, [
      {
        refundTimeline: [
          { time: '2017-12-05 18:01:00', msg: '线上申请退票' },
          { time: '2017-12-05 18:03:00', msg: '线上退票成功', detail: { returnsuccess: true, returnmoney: '3.00' } },
        ],
      },
      {
        refundTimeline: [
          { time: '2017-12-05 18:05:00', msg: '线上申请退票' },
          {
            time: '2017-12-05 18:06:00',
            msg: '线上退票失败',
            detail: { returnsuccess: false, returnmoney: '0', returnfailmsg: '已取票' },
          },
        ],
      },
      {},
    ]);
    expect(t.map((x) => x.status)).toEqual([TICKET_STATUS.REFUNDED, TICKET_STATUS.REFUND_FAILED, TICKET_STATUS.ISSUED]);
    expect(t[0]).toMatchObject({ refundFen: 300, refundFeeFen: 200, refundedAt: bj('2017-12-05 18:03:00') });
    expect(t[1]).toMatchObject({ refundFailReason: '已取票', refundFen: null });
  });

  it('a requested refund (6) is 退票中 for the ticket whose timeline says so', () => {
    const t = issued({ status: '6' }, [{ refundTimeline: [{ time: '2017-12-05 18:01:00', msg: '线上申请退票' }] }, {}]);
    expect(t.map((x) => x.status)).toEqual([TICKET_STATUS.REFUNDING, TICKET_STATUS.ISSUED]);
  });

  it('6 with no history: a one-passenger order’s ticket is the one asked for; with two, none is guessed', () => {
    expect(issued({ status: '6' }, [{}]).map((x) => x.status)).toEqual([TICKET_STATUS.REFUNDING]);
    expect(issued({ status: '6' }, [{}, {}]).map((x) => x.status)).toEqual([8, 8]);
  });

  it('a refund of 0.00 (¥1 ticket, ¥2 fee, FAQ §2) is a refund of 0 with the whole fare as fee', () => {
    const [t] = issued({ status: '7' }, [
      { price: '1', returntickets: { returnsuccess: true, returnmoney: '0.00', returntime: '2017-12-05 18:01:39' } },
    ]);
    expect(t).toMatchObject({ status: TICKET_STATUS.REFUNDED, refundFen: 0, refundFeeFen: 100 });
  });

  it('a failed refund from returntickets alone', () => {
    const [t] = issued({ status: '8' }, [
      {
        returntickets: { returnsuccess: 'false', returnmoney: '', returnfailid: '12', returnfailmsg: '距开车时间太近' },
      },
    ]);
    expect(t).toMatchObject({ status: TICKET_STATUS.REFUND_FAILED, refundFailReason: '距开车时间太近' });
  });

  it('FAQ §36: a station change refund keeps the ticket issued; a later station refund makes it refunded', () => {
    const change = {
      time: '2017-12-06 10:00:00',
      msg: '线下改签退款',
      detail: { returnsuccess: true, returnmoney: '1.50' },
    };
    const [a] = issued({ status: '7' }, [{ refundTimeline: [change] }]);
    expect(a).toMatchObject({ status: TICKET_STATUS.ISSUED, statusName: '已在车站改签', refundFen: null });
    const [b] = issued({ status: '7' }, [
      {
        refundTimeline: [
          change,
          { time: '2017-12-07 10:00:00', msg: '线下退票成功', detail: { returnsuccess: true, returnmoney: '2.00' } },
        ],
      },
    ]);
    expect(b).toMatchObject({ status: TICKET_STATUS.REFUNDED, refundFen: 200, refundFeeFen: 300 });
  });

  it('refund states apply only to an issued order', () => {
    const [t] = issued({ status: '5' }, [{ returntickets: { returnsuccess: true, returnmoney: '5.00' } }]);
    expect(t!.status).toBe(TICKET_STATUS.ISSUE_FAILED);
  });

  it('a 无座 result is seat type 98', () => {
    const [t] = issued({}, [{ zwcode: '1', zwname: '硬座', cxin: '05车厢,无座' }]);
    expect(t).toMatchObject({ seatType: 98, seatTypeName: '无座' });
  });
});

describe('ticketsAvailable → TrainLine', () => {
  const train = (over: Record<string, unknown> = {}) =>
    w.trainEntry.parse({
      train_code: 'G101',
      train_no: '240000G1010A',
      train_type: 'G',
      start_station_name: '北京南',
      end_station_name: '上海虹桥',
      from_station_name: '北京南',
      from_station_code: 'VNP',
      to_station_name: '上海虹桥',
      to_station_code: 'AOH',
      start_time: '06:43',
      arrive_time: '12:39',
      run_time: '05:56',
      run_time_minute: '356',
      arrive_days: '0',
      train_start_date: '20171125',
      sale_date_time: '1330',
      can_buy_now: 'Y',
      access_byidcard: '1',
      distance: 1318,
      note: '',
      swz_num: '--',
      swz_price: 0,
      ydz_num: '0',
      ydz_price: 933,
      edz_num: '21',
      edz_price: 553,
      wz_num: '100',
      wz_price: 553,
      yz_num: '--',
      yz_price: 0,
      ...over,
    });
  const names = () => null;

  it('seats: "--" left out, "0" sold out kept, 无座 as 98; times, run minutes, type', () => {
    const l = toTrainLine(train(), '2017-11-25', names);
    expect(l.seats.map((s) => [s.seatType, s.left, s.priceFen])).toEqual([
      [3, 0, 93300],
      [4, 21, 55300],
      [98, 100, 55300],
    ]);
    expect(l).toMatchObject({
      trainCode: 'G101',
      trainNo: '240000G1010A',
      fromStation: '北京南',
      toStation: '上海虹桥',
      arriveDays: 0,
      runMinutes: 356,
      trainType: 1,
      trainTypeName: '高铁',
      canChooseSeat: true,
      canChooseSleeper: false,
      saleTime: null,
    });
    expect(l.departAt).toEqual(bj('2017-11-25 06:43:00'));
    expect(l.arriveAt).toEqual(bj('2017-11-25 12:39:00'));
  });

  it('an overnight sleeper train: berths, arrive_days, no seat choice, sale time when not on sale', () => {
    const l = toTrainLine(
      train({
        train_code: 'K289',
        train_type: 'K',
        start_time: '22:10',
        arrive_time: '06:05',
        arrive_days: '1',
        run_time_minute: null,
        run_time: '07:55',
        ydz_num: '--',
        edz_num: '--',
        wz_num: '0',
        wz_price: 0,
        yz_num: '183',
        yz_price: '9.0',
        yw_num: '108',
        yw_price: 55,
        ywz_price: 60,
        ywx_price: 63,
        rw_num: '4',
        rw_price: 81.5,
        rwx_price: 87.5,
        can_buy_now: 'N',
        sale_date_time: '1230',
      }),
      '2023-12-15',
      names,
    );
    expect(l.seats.map((s) => [s.seatType, s.left, s.priceFen])).toEqual([
      [6, 4, 8150],
      [8, 108, 5500],
      [10, 183, 900],
      [98, 0, 900],
    ]);
    expect(l.seats.find((s) => s.seatType === 8)!.berths).toEqual([
      { kind: 'lower', name: '下铺', priceFen: 6300 },
      { kind: 'middle', name: '中铺', priceFen: 6000 },
      { kind: 'upper', name: '上铺', priceFen: 5500 },
    ]);
    expect(l.seats.find((s) => s.seatType === 6)!.berths.map((b) => b.kind)).toEqual(['lower', 'upper']);
    expect(l).toMatchObject({ trainType: 5, arriveDays: 1, runMinutes: 475, canChooseSeat: false, saleTime: '12:30' });
    expect(l.arriveAt).toEqual(bj('2023-12-16 06:05:00'));
  });

  it('an old answer with only rw_price has no berth list', () => {
    const l = toTrainLine(train({ rw_num: '3', rw_price: 81.5 }), '2017-11-25', names);
    expect(l.seats.find((s) => s.seatType === 6)).toMatchObject({ priceFen: 8150, berths: [] });
  });

  it('tickets-left words', () => {
    expect(['--', '0', '12', '有', '无', '', null, '*'].map(leftOf)).toEqual([null, 0, 12, 20, 0, null, null, null]);
  });

  it('station names from the code table when the answer lacks them', () => {
    const l = toTrainLine(train({ from_station_name: null, to_station_name: '' }), '2017-11-25', (c) =>
      c === 'VNP' ? '北京南' : null,
    );
    expect([l.fromStation, l.toStation]).toEqual(['北京南', 'AOH']);
  });
});

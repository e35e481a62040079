/**
 * The sandbox provider's business logic over Postgres: inventory by segment, orders, holds,
 * payment, issue, cancel, refunds, callbacks and the controllable clock. Seat allocation for a train
 * run happens under a row lock on that run (`SELECT ... FOR UPDATE`), so concurrent 创单 can never
 * sell one seat twice for overlapping segments.
 */
import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { refundFee } from '@/lib/domain/fees';
import { isValidIdCard } from '@/lib/domain/idcard';
import { fenToYuan } from '@/lib/domain/money';
import {
  MAX_PASSENGERS_PER_ORDER,
  PAY_LIMIT_MINUTES,
  PRESALE_DAYS,
  REFUND_LOCK_AFTER_ISSUE_MINUTES,
  SALES_CLOSE_MINUTES_BEFORE_DEPARTURE,
  SHORT_PAY_LIMIT_MINUTES,
  SHORT_PAY_LIMIT_WHEN_DEPARTING_WITHIN_MINUTES,
} from '@/lib/domain/rules';
import { parseChooseSeats, parseChooseSleeper, SEAT_TYPE_NAMES } from '@/lib/domain/seats';
import { CHANGE_FROM, ORDER_STATUS as O, REFUND_FROM, TICKET_STATUS as T, orderStatusLabel } from '@/lib/domain/states';
import { MSG } from '@/lib/provider/errors';
import { callbackSign, decryptField } from '@/lib/provider/sign';
import type { z } from 'zod';
import type * as w from '@/lib/provider/wire';
import { freeSeats, pickSeats, standingLeft, type Sale } from './inventory';
import {
  consistFor,
  faresFor,
  loadNetwork,
  searchSegments,
  seatTypeName,
  segmentOf,
  TRAINS_TYPE,
  type Seat,
} from './catalogue/network';

export class SandboxError extends Error {
  constructor(
    message: string,
    readonly msgCode: number = MSG.BAD_PARAMS,
  ) {
    super(message);
  }
}

export interface EngineOptions {
  /** The 12306 account check (sandbox/accounts.ts). */
  bookingState: (account: string, password: string) => Promise<'ok' | 'not_logged_in' | 'bad_login'>;
  appKey: string;
  secretKey: string;
  holdDelayMs: number;
  issueDelayMs: number;
  refundDelayMs: number;
  callbackBackoffMs: number;
  initialBalanceFen: number;
}

type Sql = postgres.Sql;
type Tx = postgres.TransactionSql;

export function createEngine(sql: Sql, opts: EngineOptions) {
  const net = loadNetwork();

  // ---- clock --------------------------------------------------------------------------------------
  async function offsetMs(): Promise<number> {
    const [row] = await sql<{ offset_ms: string }[]>`select offset_ms from sandbox.clock where id = 1`;
    return row ? Number(row.offset_ms) : 0;
  }
  async function now(): Promise<Date> {
    return new Date(Date.now() + (await offsetMs()));
  }
  async function setOffset(ms: number) {
    await sql`insert into sandbox.clock (id, offset_ms) values (1, ${ms}) on conflict (id) do update set offset_ms = excluded.offset_ms`;
  }

  async function init() {
    await sql`insert into sandbox.distributors (app_key, balance_fen) values (${opts.appKey}, ${opts.initialBalanceFen}) on conflict do nothing`;
    await sql`insert into sandbox.clock (id, offset_ms) values (1, 0) on conflict do nothing`;
  }

  // ---- wire helpers -------------------------------------------------------------------------------
  const wireTime = (d: Date, seconds = false) =>
    new Date(d.getTime() + 8 * 3_600_000)
      .toISOString()
      .slice(0, seconds ? 19 : 16)
      .replace('T', ' ');
  const wireDate = (d: Date) => wireTime(d).slice(0, 10);
  const hm = (d: Date) => wireTime(d).slice(11, 16);

  function checkPresale(date: string, fromStation: string, at: Date) {
    const today = wireDate(at);
    const last = new Date(Date.parse(`${today}T00:00:00Z`) + (PRESALE_DAYS - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    if (date < today || date > last)
      throw new SandboxError(`发车日期不在预售期内（可售 ${today} 至 ${last}）`, MSG.BAD_DATE);
    if (date === last) {
      const open = net.stationByName.get(fromStation)?.saleStart ?? '08:00';
      if (hm(at) < open) throw new SandboxError(`${fromStation} 站 ${date} 的车票将于今天 ${open} 起售`, MSG.BAD_DATE);
    }
  }

  // ---- inventory ----------------------------------------------------------------------------------
  async function salesFor(runKeys: string[]): Promise<Sale[]> {
    if (!runKeys.length) return [];
    return sql<
      Sale[]
    >`select run_key, seat_type, seat_id, from_idx, to_idx from sandbox.seat_sales where run_key = any(${runKeys})`;
  }
  const runKey = (trainNo: string, runDate: string) => `${trainNo}@${runDate}`;

  function seatsOf(trainNo: string, seatType: number): Seat[] {
    const train = net.trainByNo.get(trainNo)!;
    return consistFor(train.trainCode, train.stops.length).filter((s) => s.seatType === seatType);
  }

  function leftFor(trainNo: string, seatType: number, sales: Sale[], from: number, to: number): number {
    if (seatType === 98) return standingLeft(sales, from, to);
    return freeSeats(seatsOf(trainNo, seatType), sales, seatType, from, to).length;
  }

  // ---- search / stops / stations -----------------------------------------------------------------
  async function search(req: z.output<typeof w.searchRequest>) {
    const at = await now();
    checkPresale(req.fromDate, req.fromStation, at);
    const segs = searchSegments(net, req.fromStation, req.toStation, req.fromDate);
    const sales = await salesFor(segs.map((s) => runKey(s.train.trainNo, s.runDate)));
    const byRun = new Map<string, Sale[]>();
    for (const s of sales) byRun.set(s.run_key, [...(byRun.get(s.run_key) ?? []), s]);
    return {
      trainLines: segs.map((seg) => {
        const code = seg.train.trainCode;
        const cls = /^[GDCZTK]/.test(code) ? code[0]! : 'other';
        const [trainsType, trainsTypeName] = TRAINS_TYPE[cls]!;
        const runSales = byRun.get(runKey(seg.train.trainNo, seg.runDate)) ?? [];
        const runMin = Math.round((seg.arriveAt.getTime() - seg.departAt.getTime()) / 60_000);
        const days = Math.round((Date.parse(wireDate(seg.arriveAt)) - Date.parse(wireDate(seg.departAt))) / 86_400_000);
        const fares = faresFor(code, seg.distanceKm);
        return {
          trainCode: code,
          trainNo: seg.train.trainNo,
          fromStation: seg.train.stops[seg.fromIdx]!.name,
          toStation: seg.train.stops[seg.toIdx]!.name,
          fromTime: hm(seg.departAt),
          toTime: hm(seg.arriveAt),
          fromDateTime: wireTime(seg.departAt),
          toDateTime: wireTime(seg.arriveAt),
          arrive_days: String(days),
          runTime: `${String(Math.floor(runMin / 60)).padStart(2, '0')}:${String(runMin % 60).padStart(2, '0')}`,
          trainsType,
          trainsTypeName,
          beginStation: seg.train.stops[0]!.name,
          beginTime: null,
          endStation: seg.train.stops.at(-1)!.name,
          endTime: null,
          isSupportChooseSleeper: fares.some((f) => f.berths),
          isSupportChooseSeat: cls === 'G' || cls === 'D' || cls === 'C',
          note: '',
          Seats: fares.map((f) => ({
            seatType: f.seatType,
            seatTypeName: seatTypeName(f.seatType),
            ticketPrice: fenToYuan(f.priceFen),
            leftTicketNum: leftFor(seg.train.trainNo, f.seatType, runSales, seg.fromIdx, seg.toIdx),
            otherSeats: f.berths
              ? f.berths.map((b) => ({
                  sleeperType: b.sleeperType,
                  sleeperTypeName: { 1: '下铺', 2: '中铺', 3: '上铺' }[b.sleeperType],
                  ticketPrice: fenToYuan(b.priceFen),
                }))
              : null,
          })),
        };
      }),
    };
  }

  function stops(req: z.output<typeof w.stopsRequest>) {
    const train = net.trainByNo.get(req.trainNo) ?? net.trains.find((t) => t.trainCode === req.trainCode);
    if (!train) throw new SandboxError('车次号无效', MSG.BAD_TRAIN);
    const clock = (m: number) => {
      const x = (((train.startMinute + m) % 1440) + 1440) % 1440;
      return `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
    };
    return train.stops.map((s, i) => ({
      stationId: i + 1,
      stationName: s.name,
      arriveTime: s.arrive === null ? '----' : clock(s.arrive),
      startTime: s.depart === null ? '----' : clock(s.depart),
      interval: s.arrive !== null && s.depart !== null ? String(s.depart - s.arrive) : '----',
    }));
  }

  function stations() {
    return net.stations.map((s) => ({
      stationName: s.name,
      stationShortChar: s.initials,
      stationPinYin: s.pinyin,
      stationCode: s.telecode,
    }));
  }

  // ---- orders -----------------------------------------------------------------------------------
  function newNo(prefix: string) {
    const d = new Date(Date.now() + 8 * 3_600_000).toISOString().replace(/\D/g, '').slice(2, 14);
    return `${prefix}${d}${randomBytes(4).readUInt32BE(0).toString().padStart(10, '0').slice(0, 6)}`;
  }

  async function createOrder(req: z.output<typeof w.createOrderRequest>) {
    if (req.passengers.length > MAX_PASSENGERS_PER_ORDER)
      throw new SandboxError(`一单最多下${MAX_PASSENGERS_PER_ORDER}人`, MSG.BAD_PARAMS);
    if (req.customerOrderNo) {
      const [dup] = await sql<
        { order_no: string }[]
      >`select order_no from sandbox.orders where app_key = ${opts.appKey} and customer_order_no = ${req.customerOrderNo}`;
      if (dup) return { orderNo: dup.order_no };
    }
    const at = await now();
    const date = req.fromDateTime.slice(0, 10);
    checkPresale(date, req.fromStation, at);
    const seg = searchSegments(net, req.fromStation, req.toStation, date).find(
      (s) =>
        s.train.trainCode === req.trainCode &&
        s.train.stops[s.fromIdx]!.name === req.fromStation &&
        wireTime(s.departAt) === req.fromDateTime.slice(0, 16),
    );
    if (!seg) throw new SandboxError('车次号无效或该车次在所选日期不经停所选车站', MSG.BAD_TRAIN);
    if (seg.departAt.getTime() - at.getTime() < SALES_CLOSE_MINUTES_BEFORE_DEPARTURE * 60_000)
      throw new SandboxError('距离发车时间太近,无法执行此操作', MSG.TOO_CLOSE);
    const seatType = req.passengers[0]!.seatType;
    if (req.passengers.some((p) => p.seatType !== seatType))
      throw new SandboxError('一个订单只能选择一种席别', MSG.BAD_SEAT);
    if (!faresFor(seg.train.trainCode, seg.distanceKm).some((f) => f.seatType === seatType && f.seatType !== 98))
      throw new SandboxError('坐席无效', MSG.BAD_SEAT);
    if (req.chooseSeats) {
      const r = parseChooseSeats(req.chooseSeats, seatType, req.passengers.length);
      if (!r.ok) throw new SandboxError(r.error, MSG.BAD_PARAMS);
    }
    if (req.chooseSleeper && req.chooseSleeper !== '000') {
      const r = parseChooseSleeper(req.chooseSleeper, seatType, req.passengers.length);
      if (!r.ok) throw new SandboxError(r.error, MSG.BAD_PARAMS);
    }
    // More passengers than seats left is not refused here: as documented, the hold then fails (占位失败).
    const key = runKey(seg.train.trainNo, seg.runDate);
    let account: string;
    let password: string;
    try {
      account = decryptField(opts.secretKey, req.trainAccount);
      password = decryptField(opts.secretKey, req.trainPassword);
    } catch {
      throw new SandboxError('12306账号格式不正确', 408);
    }
    // As documented, an account that has not logged in does not fail here: the hold fails.
    const accountState = await opts.bookingState(account, password);
    const orderNo = newNo('T');
    await sql.begin(async (tx) => {
      await tx`insert into sandbox.orders ${tx({
        order_no: orderNo,
        app_key: opts.appKey,
        customer_order_no: req.customerOrderNo ?? null,
        status: O.HOLDING,
        train_code: seg.train.trainCode,
        train_no: seg.train.trainNo,
        run_key: key,
        from_idx: seg.fromIdx,
        to_idx: seg.toIdx,
        from_station: req.fromStation,
        to_station: seg.train.stops[seg.toIdx]!.name,
        depart_at: seg.departAt,
        arrive_at: seg.arriveAt,
        seat_type: seatType,
        choose_seats: req.chooseSeats ?? null,
        choose_sleeper: req.chooseSleeper ?? null,
        accept_standing: req.isAcceptStanding ?? false,
        callback_url: req.callBackUrl ?? null,
        refund_callback_url: req.refundTicketCallbackUrl ?? null,
        contact_name: req.contactName,
        contact_mobile: req.contactMobile,
        train_account: account,
        account_state: accountState,
        created_at: at,
      })} on conflict (app_key, customer_order_no) do nothing`;
      for (const [i, p] of req.passengers.entries()) {
        await tx`insert into sandbox.tickets ${tx({
          order_no: orderNo,
          position: i,
          name: p.name,
          card_type: p.cardType,
          card_no: p.cardNo.toUpperCase(),
          mobile: p.mobile ?? null,
          ticket_type: p.ticketType,
          seat_type: seatType,
          status: T.HOLDING,
        })}`;
      }
      await tx`insert into sandbox.jobs (kind, ref, run_at) values ('hold', ${orderNo}, ${new Date(at.getTime() + opts.holdDelayMs)})`;
    });
    const [row] = await sql<
      { order_no: string }[]
    >`select order_no from sandbox.orders where app_key = ${opts.appKey} and (customer_order_no = ${req.customerOrderNo ?? null} or order_no = ${orderNo}) order by created_at limit 1`;
    return { orderNo: row?.order_no ?? orderNo };
  }

  interface OrderRow {
    order_no: string;
    status: number;
    train_code: string;
    train_no: string;
    run_key: string;
    from_idx: number;
    to_idx: number;
    depart_at: Date;
    arrive_at: Date;
    seat_type: number;
    choose_seats: string | null;
    choose_sleeper: string | null;
    accept_standing: boolean;
    train_account: string;
    account_state: string;
    amount_fen: string | null;
    pay_limit_at: Date | null;
    callback_url: string | null;
    refund_callback_url: string | null;
  }
  interface TicketRow {
    id: number;
    position: number;
    name: string;
    card_type: number;
    card_no: string;
    ticket_type: number;
    status: number;
    price_fen: string | null;
    issued_at: Date | null;
    seat_type: number;
  }

  async function enqueueCallback(tx: Tx, url: string | null, orderNo: string, eventType: string) {
    if (!url) return;
    const detail = await detailOf(tx, orderNo);
    const body = { ...detail, eventType, sign: callbackSign(opts.secretKey, orderNo) };
    const copies = faults.callbackDuplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      // Out-of-order fault: each delivery waits a random 0-2 s, so a later event may overtake an earlier one.
      const delayMs = faults.callbackOutOfOrder ? Math.floor(Math.random() * 2000) : 0;
      await tx`insert into sandbox.callbacks (url, body, next_at)
        values (${url}, ${tx.json(body as never)}, now() + make_interval(secs => ${delayMs / 1000}))`;
    }
  }

  async function failHold(tx: Tx, order: OrderRow, reason: string) {
    await tx`update sandbox.orders set status = ${O.HOLD_FAILED}, unfinished_reason = ${reason} where order_no = ${order.order_no} and status = ${O.HOLDING}`;
    await tx`update sandbox.tickets set status = ${T.HOLD_FAILED} where order_no = ${order.order_no}`;
    await enqueueCallback(tx, order.callback_url, order.order_no, 'order.hold');
  }

  async function resolveHold(orderNo: string) {
    await sql.begin(async (tx) => {
      const [order] = await tx<
        OrderRow[]
      >`select * from sandbox.orders where order_no = ${orderNo} and status = ${O.HOLDING} for update`;
      if (!order) return;
      await tx`insert into sandbox.train_runs (run_key) values (${order.run_key}) on conflict do nothing`;
      await tx`select run_key from sandbox.train_runs where run_key = ${order.run_key} for update`;
      const tickets = await tx<
        TicketRow[]
      >`select * from sandbox.tickets where order_no = ${orderNo} order by position`;
      const at = await now();

      if (order.account_state === 'bad_login') return failHold(tx, order, '12306账号登录失败');
      if (order.account_state === 'not_logged_in')
        return failHold(tx, order, '12306账号未登录或登录已失效,请重新登录后下单');
      for (const t of tickets) {
        if (t.card_type === 1 && !isValidIdCard(t.card_no))
          return failHold(tx, order, `乘客信息不正确：${t.name} 的身份证号码无效`);
      }
      const conflicts = await tx<{ name: string }[]>`
        select t.name from sandbox.tickets t join sandbox.orders o on o.order_no = t.order_no
        where t.card_no = any(${tickets.map((t) => t.card_no)}) and o.order_no <> ${orderNo}
          and t.status in (${T.HELD}, ${T.ISSUING}, ${T.ISSUED}, ${T.CHANGE_ISSUED})
          and o.depart_at < ${order.arrive_at} and o.arrive_at > ${order.depart_at}
          and t.ticket_type <> 2`;
      const adultConflicts = conflicts.filter((c) => tickets.some((t) => t.name === c.name && t.ticket_type !== 2));
      if (adultConflicts.length)
        return failHold(tx, order, `乘客已预订过与该行程有冲突的车票（${adultConflicts[0]!.name}）`);

      const sales = await tx<
        Sale[]
      >`select run_key, seat_type, seat_id, from_idx, to_idx from sandbox.seat_sales where run_key = ${order.run_key}`;
      const free = freeSeats(
        seatsOf(order.train_no, order.seat_type),
        sales,
        order.seat_type,
        order.from_idx,
        order.to_idx,
      );
      let seats: (Seat | null)[] | null = pickSeats(free, tickets.length, {
        seatType: order.seat_type,
        chooseSeats: order.choose_seats,
        chooseSleeper: order.choose_sleeper,
      });
      let seatType = order.seat_type;
      if (!seats && order.accept_standing) {
        const standingLeft = leftFor(order.train_no, 98, sales, order.from_idx, order.to_idx);
        if (standingLeft >= tickets.length - free.length) {
          seats = [...free, ...Array<null>(tickets.length - free.length).fill(null)];
          if (free.length === 0) seatType = 98;
        }
      }
      if (!seats)
        return failHold(
          tx,
          order,
          free.length ? `余票不足：所选席别仅剩 ${free.length} 张，少于乘客人数` : '该坐席已售完',
        );

      const train = net.trainByNo.get(order.train_no)!;
      const seg = segmentOf(net, train, order.from_idx, order.to_idx, order.run_key.split('@')[1]!);
      const fares = faresFor(train.trainCode, seg.distanceKm);
      let total = 0;
      for (const [i, t] of tickets.entries()) {
        const seat = seats[i] ?? null;
        const type = seat ? order.seat_type : 98;
        const fare = fares.find((f) => f.seatType === (seat ? order.seat_type : 98))!;
        let price = seat?.berth
          ? (fare.berths?.find((b) => b.sleeperType === { lower: 1, middle: 2, upper: 3 }[seat.berth!])?.priceFen ??
            fare.priceFen)
          : fare.priceFen;
        if (t.ticket_type === 2) price = Math.round(price / 100) * 50; // child: half fare, to 0.5 yuan
        total += price;
        const [sale] = await tx<
          { id: number }[]
        >`insert into sandbox.seat_sales (run_key, seat_type, seat_id, from_idx, to_idx, ticket_id)
          values (${order.run_key}, ${type}, ${seat?.id ?? null}, ${order.from_idx}, ${order.to_idx}, ${t.id}) returning id`;
        void sale;
        await tx`update sandbox.tickets set status = ${T.HELD}, seat_type = ${type}, seat_no = ${seat?.seatNo ?? `${String(seats.find(Boolean)?.car ?? 5).padStart(2, '0')}车厢,无座`}, price_fen = ${price} where id = ${t.id}`;
      }
      void seatType;
      const minutesLeft = (order.depart_at.getTime() - at.getTime()) / 60_000;
      const limit =
        minutesLeft > SHORT_PAY_LIMIT_WHEN_DEPARTING_WITHIN_MINUTES ? PAY_LIMIT_MINUTES : SHORT_PAY_LIMIT_MINUTES;
      const payLimit = new Date(at.getTime() + limit * 60_000);
      await tx`update sandbox.orders set status = ${O.HELD}, amount_fen = ${total}, pay_limit_at = ${payLimit}, order_no_12306 = ${`E${randomBytes(4).toString('hex').toUpperCase()}`} where order_no = ${orderNo}`;
      await tx`insert into sandbox.jobs (kind, ref, run_at) values ('expire', ${orderNo}, ${payLimit})`;
      await enqueueCallback(tx, order.callback_url, orderNo, 'order.hold');
    });
  }

  async function releaseSeats(tx: Tx, orderNo: string) {
    await tx`delete from sandbox.seat_sales where ticket_id in (select id from sandbox.tickets where order_no = ${orderNo})`;
  }

  async function expireHold(orderNo: string) {
    await sql.begin(async (tx) => {
      const at = await now();
      const [order] = await tx<
        OrderRow[]
      >`update sandbox.orders set status = ${O.CANCELLED}, unfinished_reason = '超时未支付,订单已自动取消'
        where order_no = ${orderNo} and status = ${O.HELD} and pay_limit_at <= ${at} returning *`;
      if (!order) return;
      await tx`update sandbox.tickets set status = ${T.CANCELLED} where order_no = ${orderNo}`;
      await releaseSeats(tx, orderNo);
      await enqueueCallback(tx, order.callback_url, orderNo, 'order.cancel');
    });
  }

  async function confirm(req: z.output<typeof w.confirmRequest>, expectedSign: string) {
    if (req.sign.toLowerCase() !== expectedSign) throw new SandboxError('签名验证失败', MSG.BAD_SIGN);
    await expireHold(req.orderNo);
    return sql.begin(async (tx) => {
      const [order] = await tx<OrderRow[]>`select * from sandbox.orders where order_no = ${req.orderNo} for update`;
      if (!order) throw new SandboxError('该订单不存在', MSG.NO_ORDER);
      if (order.status !== O.HELD)
        throw new SandboxError(
          `只有占位成功状态下才允许确认出票,当前订单状态为:${orderStatusLabel(order.status)}`,
          MSG.BAD_ORDER_STATE,
        );
      const amount = Number(order.amount_fen);
      if (req.payAmount !== null && req.payAmount !== undefined && Math.round(req.payAmount * 100) !== amount) {
        throw new SandboxError(`支付金额与订单金额不一致（订单金额 ${fenToYuan(amount)}）`, MSG.PRICE_MISMATCH);
      }
      const debited =
        await tx`update sandbox.distributors set balance_fen = balance_fen - ${amount} where app_key = ${opts.appKey} and balance_fen >= ${amount} returning balance_fen`;
      if (!debited.length) throw new SandboxError('账户余额不足,无法出票', MSG.DISTRIBUTOR_INVALID);
      const at = await now();
      await tx`update sandbox.orders set status = ${O.ISSUING}, pay_time = ${at} where order_no = ${req.orderNo}`;
      await tx`update sandbox.tickets set status = ${T.ISSUING} where order_no = ${req.orderNo}`;
      await tx`insert into sandbox.jobs (kind, ref, run_at) values ('issue', ${req.orderNo}, ${new Date(at.getTime() + opts.issueDelayMs)})`;
      return true;
    });
  }

  async function issue(orderNo: string) {
    await sql.begin(async (tx) => {
      const [order] = await tx<
        OrderRow[]
      >`select * from sandbox.orders where order_no = ${orderNo} and status = ${O.ISSUING} for update`;
      if (!order) return;
      const at = await now();
      if (faults.issueFailRate > 0 && Math.random() < faults.issueFailRate) {
        // 出票失败: the debit goes back to the distributor's balance ("money returns where it came from").
        const amount = Number(order.amount_fen ?? 0);
        await tx`update sandbox.distributors set balance_fen = balance_fen + ${amount} where app_key = ${opts.appKey}`;
        await tx`update sandbox.orders set status = ${O.ISSUE_FAILED}, unfinished_reason = '12306出票失败,票款已退回账户余额' where order_no = ${orderNo}`;
        await tx`update sandbox.tickets set status = ${T.ISSUE_FAILED} where order_no = ${orderNo}`;
        await releaseSeats(tx, orderNo);
        await enqueueCallback(tx, order.callback_url, orderNo, 'order.issue');
        return;
      }
      const tickets = await tx<
        TicketRow[]
      >`select * from sandbox.tickets where order_no = ${orderNo} order by position`;
      const gate = `检票口${1 + (order.train_code.charCodeAt(order.train_code.length - 1) % 9)}${'AB'[order.from_idx % 2]}`;
      for (const t of tickets) {
        await tx`update sandbox.tickets set status = ${T.ISSUED}, issued_at = ${at}, ticket_no = ${`E${randomBytes(5).toString('hex').toUpperCase()}${t.position}`} where id = ${t.id}`;
      }
      await tx`update sandbox.orders set status = ${O.ISSUED}, ticket_time = ${at}, ticket_entrance = ${gate} where order_no = ${orderNo}`;
      await enqueueCallback(tx, order.callback_url, orderNo, 'order.issue');
    });
  }

  async function cancel(orderNo: string) {
    return sql.begin(async (tx) => {
      const [order] = await tx<OrderRow[]>`select * from sandbox.orders where order_no = ${orderNo} for update`;
      if (!order) throw new SandboxError('该订单不存在', MSG.NO_ORDER);
      if (order.status !== O.HOLDING && order.status !== O.HELD) {
        throw new SandboxError(
          `只有占位中和占位成功状态下才允许取消,当前订单状态为:${orderStatusLabel(order.status)}`,
          MSG.BAD_ORDER_STATE,
        );
      }
      await tx`update sandbox.orders set status = ${O.CANCELLED}, unfinished_reason = '已取消' where order_no = ${orderNo}`;
      await tx`update sandbox.tickets set status = ${T.CANCELLED} where order_no = ${orderNo}`;
      await releaseSeats(tx, orderNo);
      await enqueueCallback(tx, order.callback_url, orderNo, 'order.cancel');
      return true;
    });
  }

  async function refund(req: z.output<typeof w.refundRequest>) {
    const wanted = req.tickets[0]!;
    return sql.begin(async (tx) => {
      const [order] = await tx<OrderRow[]>`select * from sandbox.orders where order_no = ${req.orderNo} for update`;
      if (!order) throw new SandboxError('该订单不存在', MSG.NO_ORDER);
      const tickets = await tx<
        TicketRow[]
      >`select * from sandbox.tickets where order_no = ${req.orderNo} order by position`;
      let t = tickets.find(
        (x) => x.name === wanted.name && (x as unknown as { ticket_no: string }).ticket_no === wanted.ticketNo,
      );
      if (t?.status === T.CHANGE_ISSUED) {
        throw new SandboxError('原票改签成功后原票号无法再申请退票,请使用改签后的新票号', MSG.BAD_TICKET_STATE);
      }
      if (!t) {
        // A changed ticket is refunded by its new ticket number.
        const [ct] = await tx<{ ticket_id: number }[]>`select ticket_id from sandbox.change_tickets
          where ticket_no = ${wanted.ticketNo} and status = ${T.CHANGE_ISSUED}`;
        t = tickets.find((x) => x.id === ct?.ticket_id && x.name === wanted.name);
      }
      if (!t) throw new SandboxError('该订单中无此乘客', MSG.NO_PASSENGER);
      if (!REFUND_FROM.includes(t.status))
        throw new SandboxError(`当前车票状态不允许执行此操作（${orderStatusLabel(t.status)}）`, MSG.BAD_TICKET_STATE);
      const at = await now();
      if (t.issued_at && at.getTime() - t.issued_at.getTime() < REFUND_LOCK_AFTER_ISSUE_MINUTES * 60_000)
        throw new SandboxError('出票5分钟内无法提交退票', MSG.REFUND_TOO_SOON);
      if (order.depart_at.getTime() - at.getTime() < SALES_CLOSE_MINUTES_BEFORE_DEPARTURE * 60_000)
        throw new SandboxError('距离发车时间太近,无法申请退票', MSG.REFUND_TOO_CLOSE);
      if (t.ticket_type !== 2) {
        const liveChildren = tickets.filter(
          (x) => x.ticket_type === 2 && REFUND_FROM.includes(x.status) && x.status !== T.REFUNDING,
        );
        const otherAdults = tickets.filter(
          (x) => x.id !== t.id && x.ticket_type !== 2 && REFUND_FROM.includes(x.status),
        );
        if (liveChildren.length && !otherAdults.length)
          throw new SandboxError('订单中包含儿童票,如需退票请先退儿童票', MSG.CHILD_FIRST);
      }
      await tx`update sandbox.tickets set status = ${T.REFUNDING} where id = ${t.id}`;
      await tx`insert into sandbox.jobs (kind, ref, run_at) values ('refund', ${String(t.id)}, ${new Date(at.getTime() + opts.refundDelayMs)})`;
      return true;
    });
  }

  async function completeRefund(ticketId: number) {
    await sql.begin(async (tx) => {
      const [t] = await tx<
        (TicketRow & { order_no: string })[]
      >`select * from sandbox.tickets where id = ${ticketId} and status = ${T.REFUNDING} for update`;
      if (!t) return;
      const [order] = await tx<OrderRow[]>`select * from sandbox.orders where order_no = ${t.order_no}`;
      const at = await now();
      const [changed] = await tx<{ price_fen: string; depart_at: Date }[]>`select ct.price_fen, co.depart_at
        from sandbox.change_tickets ct join sandbox.change_orders co on co.cha_no = ct.cha_no
        where ct.ticket_id = ${ticketId} and ct.status = ${T.CHANGE_ISSUED}`;
      const price = Number(changed?.price_fen ?? t.price_fen ?? 0);
      const { feeFen, refundFen } = refundFee(price, changed?.depart_at ?? order!.depart_at, at);
      await tx`update sandbox.tickets set status = ${T.REFUNDED}, refund_fee_fen = ${feeFen}, refund_amount_fen = ${refundFen}, refund_at = ${at} where id = ${ticketId}`;
      await tx`update sandbox.distributors set balance_fen = balance_fen + ${refundFen} where app_key = ${opts.appKey}`;
      await tx`delete from sandbox.seat_sales where ticket_id = ${ticketId}`;
      await enqueueCallback(tx, order!.refund_callback_url ?? order!.callback_url, t.order_no, 'refund');
    });
  }

  /**
   * One passenger ticket of 订单详情: the passenger from `person` (a tickets row), the ticket itself
   * (number, class, status, seat, price, refund) from `ticket` (the same row, or a change ticket).
   */
  function ticketWire(
    person: Record<string, unknown>,
    ticket: Record<string, unknown>,
    d: (x: unknown) => string | null,
  ) {
    const y = (x: unknown) => (x === null || x === undefined ? null : fenToYuan(Number(x)));
    return {
      passengerId: person.id,
      name: person.name,
      ticketNo: ticket.ticket_no,
      cardType: person.card_type,
      cardTypeName: Number(person.card_type) === 1 ? '身份证' : '其他证件',
      cardNo: person.card_no,
      mobile: person.mobile,
      ticketType: person.ticket_type,
      ticketTypeName: { 1: '成人票', 2: '儿童票', 3: '学生票', 4: '残军票' }[Number(person.ticket_type)] ?? '成人票',
      seatType: ticket.seat_type,
      seatTypeName: SEAT_TYPE_NAMES[Number(ticket.seat_type)] ?? '其他',
      ticketStatus: ticket.status,
      ticketStatusName: orderStatusLabel(Number(ticket.status)),
      seatNo: ticket.seat_no,
      ticketPrice: y(ticket.price_fen),
      insuranceAmount: 0,
      policyNos: null,
      refundTicketPoundage: y(ticket.refund_fee_fen),
      refundTicketAmount: y(ticket.refund_amount_fen),
      refundSuccessTime: d(ticket.refund_at),
      refundTransactionNo: null,
      refundFailReason: null,
    };
  }

  async function detailOf(tx: Tx, orderNo: string) {
    const [o] = await tx<Record<string, unknown>[]>`select * from sandbox.orders where order_no = ${orderNo}`;
    if (!o) throw new SandboxError('该订单不存在', MSG.NO_ORDER);
    const tickets = await tx<
      Record<string, unknown>[]
    >`select * from sandbox.tickets where order_no = ${orderNo} order by position`;
    const amount = o.amount_fen === null ? null : fenToYuan(Number(o.amount_fen));
    const d = (x: unknown) => (x instanceof Date ? wireTime(x, true) : null);
    const status = Number(o.status);
    return {
      orderNo,
      orderAmount: amount,
      ticketAmount: amount,
      insuranceAmount: 0,
      serviceFeeAmount: 0,
      serviceFeePerTicket: 0,
      customerOrderNo: o.customer_order_no,
      orderNo12306: o.order_no_12306,
      trainCode: o.train_code,
      fromStation: o.from_station,
      toStation: o.to_station,
      fromDateTime: d(o.depart_at),
      toDateTime: d(o.arrive_at),
      orderStatus: status,
      orderStatusName: orderStatusLabel(status),
      payStatus: o.pay_time ? 1 : 0,
      paymentType: 1,
      realPayAmount: o.pay_time ? amount : null,
      payTime: d(o.pay_time),
      transactionNo: null,
      ticketTime: d(o.ticket_time),
      isChooseSeats: !!o.choose_seats,
      chooseSeats: o.choose_seats,
      isSnatchOrder: false,
      snatchDeadLine: null,
      insuranceCodes: null,
      contactName: o.contact_name,
      contactMobile: o.contact_mobile,
      outTicketFail_RefundSuccessTime: null,
      outTicketFail_RefundTransactionNo: null,
      outTicketFail_RefundAmount: null,
      outTicketFail_RefundTransactionMethods: 0,
      payLimitTime: d(o.pay_limit_at),
      unFinishedReason: o.unfinished_reason,
      ticketEntrance: o.ticket_entrance,
      createTime: d(o.created_at),
      trainTickets: tickets.map((t) => ticketWire(t, t, d)),
      trainChaOrder: await changeOrdersOf(tx, orderNo, tickets, d),
    };
  }

  async function changeOrdersOf(
    tx: Tx,
    orderNo: string,
    tickets: Record<string, unknown>[],
    d: (x: unknown) => string | null,
  ) {
    const chas = await tx<
      Record<string, unknown>[]
    >`select * from sandbox.change_orders where order_no = ${orderNo} order by applied_at`;
    const y = (x: unknown) => (x === null || x === undefined ? null : fenToYuan(Number(x)));
    const out = [];
    for (const c of chas) {
      const cts = await tx<
        Record<string, unknown>[]
      >`select * from sandbox.change_tickets where cha_no = ${c.cha_no as string} order by id`;
      const status = Number(c.status);
      out.push({
        chaNo: c.cha_no,
        chaOrderStatus: status,
        chaOrderStatusName: orderStatusLabel(status),
        trainCode: c.train_code,
        fromStation: c.from_station,
        toStation: c.to_station,
        fromDateTime: d(c.depart_at),
        toDateTime: d(c.arrive_at),
        isChooseSeats: !!c.choose_seats,
        chooseSeats: c.choose_seats,
        priceChangeType: c.price_change_type,
        priceChangeTypeInfo: c.price_change_type_info,
        realPayAmount: c.pay_time ? y(c.need_pay_fen) : null,
        payTime: d(c.pay_time),
        totalPriceDiff: y(c.total_price_diff_fen),
        diffRate: c.diff_rate_percent === null ? null : Number(c.diff_rate_percent) / 100,
        diffRefundFeeAmount: y(c.diff_refund_fee_fen),
        changRate: 0.05,
        changFeeAmount: y(c.change_fee_fen),
        needPayAmount: y(c.need_pay_fen),
        chaRefundType: Number(c.refund_amount_fen ?? 0) > 0 ? 2 : null,
        refundAmount: c.refund_time ? y(c.refund_amount_fen) : null,
        refundTime: d(c.refund_time),
        refundTransactionNo: null,
        refundTransactionMethods: c.refund_time ? 1 : 0,
        remark: c.remark,
        unFinishedReason: c.unfinished_reason,
        ticketEntrance: c.ticket_entrance,
        confirmChangeLimitTime: d(c.confirm_limit_at),
        applayChangeTime: d(c.applied_at),
        trainTickets: cts.map((ct) => ticketWire(tickets.find((x) => x.id === ct.ticket_id) ?? {}, ct, d)),
      });
    }
    return out;
  }

  // ---- 改签 -------------------------------------------------------------------------------------
  interface ChangeRow {
    cha_no: string;
    order_no: string;
    status: number;
    train_code: string;
    train_no: string;
    run_key: string;
    from_idx: number;
    to_idx: number;
    depart_at: Date;
    seat_type: number;
    choose_seats: string | null;
    choose_sleeper: string | null;
    accept_standing: boolean;
    callback_url: string | null;
    need_pay_fen: string | null;
    refund_amount_fen: string | null;
    confirm_limit_at: Date | null;
  }
  /** Sandbox change fee: 0.5 yuan per ticket (matches the three change orders of the 订单详情 example). */
  const CHANGE_FEE_PER_TICKET_FEN = 50;

  async function applyChange(req: z.output<typeof w.changeRequest>) {
    const at = await now();
    const date = req.fromDateTime.slice(0, 10);
    try {
      checkPresale(date, req.fromStation, at);
    } catch {
      throw new SandboxError('要改签的车次不在预售期内,无法改签', MSG.CHANGE_NOT_ON_SALE);
    }
    const seg = searchSegments(net, req.fromStation, req.toStation, date).find(
      (s) =>
        s.train.trainCode === req.trainCode &&
        s.train.stops[s.fromIdx]!.name === req.fromStation &&
        wireTime(s.departAt) === req.fromDateTime.slice(0, 16),
    );
    if (!seg) throw new SandboxError('车次号无效或该车次在所选日期不经停所选车站', MSG.BAD_TRAIN);
    const ticketNos = req.changePsgTicketNos
      .split('|')
      .map((x) => x.trim())
      .filter(Boolean);
    const chaNo = `${req.orderNo}C${String(1000 + Math.floor(Math.random() * 9000))}`;
    await sql.begin(async (tx) => {
      const [order] = await tx<OrderRow[]>`select * from sandbox.orders where order_no = ${req.orderNo} for update`;
      if (!order) throw new SandboxError('该订单不存在', MSG.NO_ORDER);
      if (order.depart_at.getTime() - at.getTime() < SALES_CLOSE_MINUTES_BEFORE_DEPARTURE * 60_000)
        throw new SandboxError('距离发车时间太近,无法改签', MSG.CHANGE_TOO_CLOSE);
      const tickets = await tx<
        (TicketRow & { ticket_no: string | null })[]
      >`select * from sandbox.tickets where order_no = ${req.orderNo} and ticket_no = any(${ticketNos})`;
      if (tickets.length !== ticketNos.length) throw new SandboxError('该订单中无此乘客', MSG.NO_PASSENGER);
      for (const t of tickets) {
        if (!CHANGE_FROM.includes(t.status))
          throw new SandboxError(`当前车票状态不允许执行此操作（${orderStatusLabel(t.status)}）`, MSG.BAD_TICKET_STATE);
        const [done] =
          await tx`select 1 from sandbox.change_tickets where ticket_id = ${t.id} and status = ${T.CHANGE_ISSUED}`;
        if (done) throw new SandboxError('改签后的车票不能再次改签', MSG.CHANGE_NOT_ALLOWED);
      }
      await tx`insert into sandbox.change_orders ${tx({
        cha_no: chaNo,
        order_no: req.orderNo,
        status: T.CHANGE_HOLDING,
        train_code: seg.train.trainCode,
        train_no: seg.train.trainNo,
        run_key: runKey(seg.train.trainNo, seg.runDate),
        from_idx: seg.fromIdx,
        to_idx: seg.toIdx,
        from_station: req.fromStation,
        to_station: seg.train.stops[seg.toIdx]!.name,
        depart_at: seg.departAt,
        arrive_at: seg.arriveAt,
        seat_type: req.seatType,
        choose_seats: req.chooseSeats ?? null,
        choose_sleeper: req.chooseSleeper ?? null,
        accept_standing: req.isAcceptStanding ?? false,
        remark: req.remark,
        callback_url: req.callBackUrl ?? order.callback_url,
        applied_at: at,
      })}`;
      for (const t of tickets) {
        await tx`insert into sandbox.change_tickets (cha_no, ticket_id, status, seat_type) values (${chaNo}, ${t.id}, ${T.CHANGE_HOLDING}, ${req.seatType})`;
        await tx`update sandbox.tickets set status = ${T.CHANGE_HOLDING} where id = ${t.id}`;
      }
      await tx`insert into sandbox.jobs (kind, ref, run_at) values ('changeHold', ${chaNo}, ${new Date(at.getTime() + opts.holdDelayMs)})`;
    });
    return chaNo;
  }

  async function setChangeStatus(
    tx: Tx,
    cha: ChangeRow,
    status: number,
    ticketStatus: number,
    reason: string | null,
    event: string,
  ) {
    await tx`update sandbox.change_orders set status = ${status}, unfinished_reason = coalesce(${reason}, unfinished_reason) where cha_no = ${cha.cha_no}`;
    await tx`update sandbox.change_tickets set status = ${status} where cha_no = ${cha.cha_no}`;
    await tx`update sandbox.tickets set status = ${ticketStatus} where id in (select ticket_id from sandbox.change_tickets where cha_no = ${cha.cha_no})`;
    await enqueueCallback(tx, cha.callback_url, cha.order_no, event);
  }

  async function resolveChangeHold(chaNo: string) {
    await sql.begin(async (tx) => {
      const [cha] = await tx<
        ChangeRow[]
      >`select * from sandbox.change_orders where cha_no = ${chaNo} and status = ${T.CHANGE_HOLDING} for update`;
      if (!cha) return;
      await tx`insert into sandbox.train_runs (run_key) values (${cha.run_key}) on conflict do nothing`;
      await tx`select run_key from sandbox.train_runs where run_key = ${cha.run_key} for update`;
      const cts = await tx<{ id: number; ticket_id: number; price_fen: string | null }[]>`
        select ct.id, ct.ticket_id, t.price_fen from sandbox.change_tickets ct join sandbox.tickets t on t.id = ct.ticket_id where ct.cha_no = ${chaNo} order by ct.id`;
      const sales = await tx<
        Sale[]
      >`select run_key, seat_type, seat_id, from_idx, to_idx from sandbox.seat_sales where run_key = ${cha.run_key}`;
      const free = freeSeats(seatsOf(cha.train_no, cha.seat_type), sales, cha.seat_type, cha.from_idx, cha.to_idx);
      const seats = pickSeats(free, cts.length, {
        seatType: cha.seat_type,
        chooseSeats: cha.choose_seats,
        chooseSleeper: cha.choose_sleeper,
      });
      if (!seats)
        return setChangeStatus(tx, cha, T.CHANGE_HOLD_FAILED, T.CHANGE_HOLD_FAILED, '该坐席已售完', 'change.hold');
      const train = net.trainByNo.get(cha.train_no)!;
      const seg = segmentOf(net, train, cha.from_idx, cha.to_idx, cha.run_key.split('@')[1]!);
      const fare = faresFor(train.trainCode, seg.distanceKm).find((f) => f.seatType === cha.seat_type);
      if (!fare) return setChangeStatus(tx, cha, T.CHANGE_HOLD_FAILED, T.CHANGE_HOLD_FAILED, '坐席无效', 'change.hold');
      let oldTotal = 0;
      let newTotal = 0;
      for (const [i, ct] of cts.entries()) {
        const seat = seats[i]!;
        const price = seat.berth
          ? (fare.berths?.find((b) => b.sleeperType === { lower: 1, middle: 2, upper: 3 }[seat.berth!])?.priceFen ??
            fare.priceFen)
          : fare.priceFen;
        oldTotal += Number(ct.price_fen ?? 0);
        newTotal += price;
        await tx`insert into sandbox.seat_sales (run_key, seat_type, seat_id, from_idx, to_idx, ticket_id) values (${cha.run_key}, ${cha.seat_type}, ${seat.id}, ${cha.from_idx}, ${cha.to_idx}, ${-ct.id})`;
        await tx`update sandbox.change_tickets set seat_no = ${seat.seatNo}, price_fen = ${price}, status = ${T.CHANGE_HELD} where id = ${ct.id}`;
      }
      const at = await now();
      const changeFee = CHANGE_FEE_PER_TICKET_FEN * cts.length;
      const [orig] = await tx<OrderRow[]>`select * from sandbox.orders where order_no = ${cha.order_no}`;
      let type: number;
      let info: string;
      let needPay: number;
      let totalDiff: number;
      let diffFee = 0;
      let diffPct = 0;
      let refundAmt = 0;
      if (newTotal > oldTotal) {
        type = 1;
        needPay = newTotal + changeFee;
        totalDiff = oldTotal;
        refundAmt = oldTotal;
        info = `收取新票款:${fenToYuan(newTotal)}元,退还原票款:${fenToYuan(oldTotal)}元,改签费用:${fenToYuan(changeFee)}元,改签费率:5%`;
      } else if (newTotal === oldTotal) {
        type = 2;
        needPay = changeFee;
        totalDiff = 0;
        info = `改签票款差价:0.0元,改签费用:${fenToYuan(changeFee)}元,改签费率:5%`;
      } else {
        type = 3;
        const diff = oldTotal - newTotal;
        const perTicket = refundFee(Math.round(diff / cts.length), orig!.depart_at, at);
        diffPct = perTicket.percent;
        diffFee = perTicket.feeFen * cts.length;
        refundAmt = Math.max(0, diff - diffFee - changeFee);
        totalDiff = refundAmt;
        needPay = 0;
        info = `退票手续费:${fenToYuan(diffFee)}元,退票费率:${diffPct}%,实际退还票款:${fenToYuan(refundAmt)}元,改签费用:${fenToYuan(changeFee)}元,改签费率:5%`;
      }
      const minutesLeft = (cha.depart_at.getTime() - at.getTime()) / 60_000;
      const limit =
        minutesLeft > SHORT_PAY_LIMIT_WHEN_DEPARTING_WITHIN_MINUTES ? PAY_LIMIT_MINUTES : SHORT_PAY_LIMIT_MINUTES;
      await tx`update sandbox.change_orders set price_change_type = ${type}, price_change_type_info = ${info}, total_price_diff_fen = ${totalDiff},
        diff_refund_fee_fen = ${diffFee}, diff_rate_percent = ${diffPct}, change_fee_fen = ${changeFee}, need_pay_fen = ${needPay},
        refund_amount_fen = ${refundAmt}, confirm_limit_at = ${new Date(at.getTime() + limit * 60_000)} where cha_no = ${chaNo}`;
      await setChangeStatus(tx, cha, T.CHANGE_HELD, T.CHANGE_HELD, null, 'change.hold');
    });
  }

  async function confirmChange(req: z.output<typeof w.changeConfirmRequest>, expectedSign: string) {
    if (req.sign.toLowerCase() !== expectedSign) throw new SandboxError('签名验证失败', MSG.BAD_SIGN);
    return sql.begin(async (tx) => {
      const [cha] = await tx<
        ChangeRow[]
      >`select * from sandbox.change_orders where cha_no = ${req.chaNo} and order_no = ${req.orderNo} for update`;
      if (!cha) throw new SandboxError('该订单不存在', MSG.NO_ORDER);
      if (cha.status !== T.CHANGE_HELD)
        throw new SandboxError(`当前改签单状态不允许确认:${orderStatusLabel(cha.status)}`, MSG.BAD_ORDER_STATE);
      const at = await now();
      if (cha.confirm_limit_at && cha.confirm_limit_at <= at) throw new SandboxError('订单已过期', 207);
      const needPay = Number(cha.need_pay_fen ?? 0);
      if (req.payAmount !== null && req.payAmount !== undefined && Math.round(req.payAmount * 100) !== needPay) {
        throw new SandboxError(`支付金额与改签待支付金额不一致（${fenToYuan(needPay)}）`, MSG.PRICE_MISMATCH);
      }
      if (needPay > 0) {
        const debited =
          await tx`update sandbox.distributors set balance_fen = balance_fen - ${needPay} where app_key = ${opts.appKey} and balance_fen >= ${needPay} returning balance_fen`;
        if (!debited.length) throw new SandboxError('账户余额不足,无法改签', MSG.DISTRIBUTOR_INVALID);
      }
      await tx`update sandbox.change_orders set status = ${T.CHANGE_ISSUING}, pay_time = ${at} where cha_no = ${cha.cha_no}`;
      await tx`update sandbox.change_tickets set status = ${T.CHANGE_ISSUING} where cha_no = ${cha.cha_no}`;
      await tx`update sandbox.tickets set status = ${T.CHANGE_ISSUING} where id in (select ticket_id from sandbox.change_tickets where cha_no = ${cha.cha_no})`;
      await tx`insert into sandbox.jobs (kind, ref, run_at) values ('changeIssue', ${cha.cha_no}, ${new Date(at.getTime() + opts.issueDelayMs)})`;
      return true;
    });
  }

  async function issueChange(chaNo: string) {
    await sql.begin(async (tx) => {
      const [cha] = await tx<
        ChangeRow[]
      >`select * from sandbox.change_orders where cha_no = ${chaNo} and status = ${T.CHANGE_ISSUING} for update`;
      if (!cha) return;
      const at = await now();
      const cts = await tx<
        { id: number; ticket_id: number }[]
      >`select id, ticket_id from sandbox.change_tickets where cha_no = ${chaNo}`;
      for (const ct of cts) {
        await tx`update sandbox.change_tickets set ticket_no = ${`E${randomBytes(5).toString('hex').toUpperCase()}C`} where id = ${ct.id}`;
        // The original seat is free again; the new one now belongs to the ticket.
        await tx`delete from sandbox.seat_sales where ticket_id = ${ct.ticket_id}`;
        await tx`update sandbox.seat_sales set ticket_id = ${ct.ticket_id} where ticket_id = ${-ct.id}`;
      }
      const refund = Number(cha.refund_amount_fen ?? 0);
      if (refund > 0)
        await tx`update sandbox.distributors set balance_fen = balance_fen + ${refund} where app_key = ${opts.appKey}`;
      await tx`update sandbox.change_orders set refund_time = ${refund > 0 ? at : null} where cha_no = ${chaNo}`;
      await setChangeStatus(tx, cha, T.CHANGE_ISSUED, T.CHANGE_ISSUED, null, 'change.issue');
    });
  }

  async function cancelChange(chaNo: string) {
    return sql.begin(async (tx) => {
      const [cha] = await tx<ChangeRow[]>`select * from sandbox.change_orders where cha_no = ${chaNo} for update`;
      if (!cha) throw new SandboxError('该订单不存在', MSG.NO_ORDER);
      if (cha.status !== T.CHANGE_HOLDING && cha.status !== T.CHANGE_HELD)
        throw new SandboxError(`当前改签单状态不允许取消:${orderStatusLabel(cha.status)}`, MSG.BAD_ORDER_STATE);
      const cts = await tx<{ id: number }[]>`select id from sandbox.change_tickets where cha_no = ${chaNo}`;
      await tx`delete from sandbox.seat_sales where ticket_id = any(${cts.map((c) => -c.id)})`;
      await setChangeStatus(tx, cha, T.CHANGE_CANCELLED, T.CHANGE_CANCELLED, '已取消改签申请', 'change.cancel');
      return true;
    });
  }

  // ---- background work --------------------------------------------------------------------------
  const faults = { callbackDuplicate: false, callbackDropRate: 0, callbackOutOfOrder: false, issueFailRate: 0 };

  async function runDueJobs(): Promise<number> {
    const at = await now();
    const due = await sql<{ id: number; kind: string; ref: string }[]>`
      update sandbox.jobs set done = true where id in (
        select id from sandbox.jobs where not done and run_at <= ${at} order by run_at limit 50 for update skip locked)
      returning id, kind, ref`;
    for (const j of due) {
      if (j.kind === 'hold') await resolveHold(j.ref);
      else if (j.kind === 'issue') await issue(j.ref);
      else if (j.kind === 'expire') await expireHold(j.ref);
      else if (j.kind === 'refund') await completeRefund(Number(j.ref));
      else if (j.kind === 'changeHold') await resolveChangeHold(j.ref);
      else if (j.kind === 'changeIssue') await issueChange(j.ref);
    }
    return due.length;
  }

  async function deliverDueCallbacks(): Promise<number> {
    const due = await sql<{ id: number; url: string; body: unknown; attempts: number }[]>`
      update sandbox.callbacks set status = 'sending' where id in (
        select id from sandbox.callbacks where status = 'pending' and next_at <= now() order by id limit 20 for update skip locked)
      returning id, url, body, attempts`;
    await Promise.all(
      due.map(async (c) => {
        let ok = false;
        let err = '';
        if (faults.callbackDropRate > 0 && Math.random() < faults.callbackDropRate) {
          err = 'dropped by fault injection';
        } else {
          try {
            const res = await fetch(c.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(c.body),
              signal: AbortSignal.timeout(5000),
            });
            const text = (await res.text()).trim();
            ok = res.ok && text === 'success';
            if (!ok) err = `HTTP ${res.status}: ${text.slice(0, 100)}`;
          } catch (e) {
            err = e instanceof Error ? e.message : String(e);
          }
        }
        const attempts = c.attempts + 1;
        if (ok) await sql`update sandbox.callbacks set status = 'delivered', attempts = ${attempts} where id = ${c.id}`;
        else if (attempts >= 3)
          await sql`update sandbox.callbacks set status = 'failed', attempts = ${attempts}, last_error = ${err} where id = ${c.id}`;
        else
          await sql`update sandbox.callbacks set status = 'pending', attempts = ${attempts}, last_error = ${err},
            next_at = now() + make_interval(secs => ${(opts.callbackBackoffMs * 2 ** (attempts - 1)) / 1000}) where id = ${c.id}`;
      }),
    );
    return due.length;
  }

  async function markSoldOut(trainCode: string, date: string, seatType: number, leave: number) {
    const train = net.trains.find((t) => t.trainCode === trainCode);
    if (!train) throw new SandboxError('车次号无效', MSG.BAD_TRAIN);
    const key = runKey(train.trainNo, date);
    const sales = await salesFor([key]);
    const taken = new Set(sales.filter((s) => s.seat_type === seatType).map((s) => s.seat_id));
    const free = seatsOf(train.trainNo, seatType).filter((s) => !taken.has(s.id));
    const block = free.slice(0, Math.max(0, free.length - leave));
    for (const s of block) {
      await sql`insert into sandbox.seat_sales (run_key, seat_type, seat_id, from_idx, to_idx) values (${key}, ${seatType}, ${s.id}, 0, ${train.stops.length - 1})`;
    }
    return { blocked: block.length, left: free.length - block.length };
  }

  return {
    init,
    now,
    offsetMs,
    setOffset,
    search,
    stops,
    stations,
    createOrder,
    confirm,
    cancel,
    refund,
    applyChange,
    confirmChange,
    cancelChange,
    detail: (orderNo: string) => sql.begin((tx) => detailOf(tx, orderNo)),
    runDueJobs,
    deliverDueCallbacks,
    faults,
    markSoldOut,
    balance: async () =>
      Number(
        (
          await sql<
            { balance_fen: string }[]
          >`select balance_fen from sandbox.distributors where app_key = ${opts.appKey}`
        )[0]?.balance_fen ?? 0,
      ),
    setBalance: (fen: number) =>
      sql`update sandbox.distributors set balance_fen = ${fen} where app_key = ${opts.appKey}`,
  };
}

export type Engine = ReturnType<typeof createEngine>;

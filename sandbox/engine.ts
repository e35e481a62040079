/**
 * The sandbox provider's business logic over Postgres: search over segment inventory, orders and
 * holds, payment from the distributor's balance, issue, cancel, refunds, 改签, order details and the
 * callbacks they trigger. Every rule reads the sandbox clock.
 *
 * Concurrency: seats of a train run are allocated only while holding the run's row lock
 * (`SELECT ... FOR UPDATE` on sandbox.train_runs), so concurrent holds of one run are serialised and
 * can never sell a seat twice for overlapping segments; the exclusion constraint seat_sales_no_overlap
 * guards the same invariant in the database. Asynchronous steps (hold, issue, refund, expiry) are jobs
 * (jobs.ts) run by the worker in their own transactions.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type postgres from 'postgres';
import type { z } from 'zod';
import { fareForTicketType, onlineRefundBlock, refundFee } from '@/lib/domain/fees';
import { isValidIdCard } from '@/lib/domain/idcard';
import { fenToYuan } from '@/lib/domain/money';
import { MAX_PASSENGERS_PER_ORDER, payLimitAt } from '@/lib/domain/rules';
import { formatSeatNo, parseChooseSeats, parseChooseSleeper } from '@/lib/domain/seats';
import { CHANGE_FROM, ORDER_STATUS as O, REFUND_FROM, TICKET_STATUS as T, orderStatusLabel } from '@/lib/domain/states';
import { MSG } from '@/lib/provider/errors';
import { callbackSign, changeConfirmSign, confirmSign, decryptField, safeEqualHex } from '@/lib/provider/sign';
import type * as w from '@/lib/provider/wire';
import type { BookingState } from './accounts-gate';
import { enqueueCallback, type EventType } from './callbacks';
import { sandboxNow } from './clock';
import type { FaultConfig } from './faults';
import {
  CARD_TYPE_NAMES,
  optTime,
  parseWireTime,
  SLEEPER_NAMES,
  seatTypeName,
  TICKET_TYPE_NAMES,
  wireDate,
  wireTime,
} from './format';
import { countFree, freeSeats, pickSeats, standingTaken, type Sale } from './inventory';
import { enqueueJob, type JobHandlers } from './jobs';
import {
  faresOf,
  findRun,
  knownPlace,
  lowestSeatedClass,
  runOf,
  saleStartOf,
  searchRuns,
  seatedClasses,
  seatsOf,
  STANDING_PLACES,
  stationList,
  stopsOf,
  wholeRun,
  type Run,
  type Seat,
} from './network';
import {
  CHANGE_RATE,
  changePricing,
  leavesChildAlone,
  presaleCheck,
  tooCloseToChange,
  tooCloseToDeparture,
  TRAVELLING,
} from './policy';

/** A refusal answered as `{ data: null, success: false, msg, msgCode }`. */
export class SandboxError extends Error {
  constructor(
    message: string,
    readonly msgCode: number = MSG.BAD_PARAMS,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

export interface EngineOptions {
  appKey: string;
  secretKey: string;
  holdDelayMs: number;
  issueDelayMs: number;
  refundDelayMs: number;
  initialBalanceFen: number;
  /** 12306 account state for 创单 (sandbox/accounts/state.ts via accounts-gate.ts). */
  bookingState: (trainAccount: string, trainPassword?: string) => Promise<BookingState>;
  faults: () => FaultConfig;
  random?: () => number;
}

type Sql = postgres.Sql;
type Tx = postgres.TransactionSql;
type Q = Sql | Tx;

interface OrderRow {
  order_no: string;
  app_key: string;
  customer_order_no: string | null;
  status: number;
  train_code: string;
  train_no: string;
  run_key: string;
  from_idx: number;
  to_idx: number;
  from_station: string;
  to_station: string;
  depart_at: Date;
  arrive_at: Date;
  seat_type: number;
  choose_seats: string | null;
  choose_sleeper: string | null;
  accept_standing: boolean;
  callback_url: string | null;
  refund_callback_url: string | null;
  contact_name: string;
  contact_mobile: string;
  train_account: string;
  amount_fen: string | null;
  pay_limit_at: Date | null;
  unfinished_reason: string | null;
  ticket_entrance: string | null;
  order_no_12306: string | null;
  pay_time: Date | null;
  ticket_time: Date | null;
  issue_fail_refund_at: Date | null;
  created_at: Date;
}
interface TicketRow {
  id: number;
  order_no: string;
  position: number;
  name: string;
  card_type: number;
  card_no: string;
  mobile: string | null;
  ticket_type: number;
  seat_type: number;
  status: number;
  seat_no: string | null;
  ticket_no: string | null;
  price_fen: string | null;
  refund_fee_fen: string | null;
  refund_amount_fen: string | null;
  refund_at: Date | null;
  issued_at: Date | null;
}
interface ChangeRow {
  cha_no: string;
  order_no: string;
  status: number;
  train_code: string;
  train_no: string;
  run_key: string;
  from_idx: number;
  to_idx: number;
  from_station: string;
  to_station: string;
  depart_at: Date;
  arrive_at: Date;
  seat_type: number;
  choose_seats: string | null;
  choose_sleeper: string | null;
  accept_standing: boolean;
  remark: string | null;
  callback_url: string | null;
  price_change_type: number | null;
  price_change_type_info: string | null;
  total_price_diff_fen: string | null;
  diff_refund_fee_fen: string | null;
  diff_rate_percent: number | null;
  change_fee_fen: string | null;
  need_pay_fen: string | null;
  refund_amount_fen: string | null;
  cha_refund_type: number | null;
  pay_time: Date | null;
  refund_time: Date | null;
  confirm_limit_at: Date | null;
  applied_at: Date;
  unfinished_reason: string | null;
  ticket_entrance: string | null;
}
interface ChangeTicketRow {
  id: number;
  cha_no: string;
  ticket_id: number;
  status: number;
  seat_type: number;
  seat_no: string | null;
  ticket_no: string | null;
  price_fen: string | null;
  issued_at: Date | null;
}

const EXPIRED_REASON = '超过支付时限未支付';
const CHANGE_EXPIRED_REASON = '超过确认时限未确认';
const ALL_CHANGE_STATES = [30, 31, 32, 33, 34, 35, 37, 20, 21, 22];
const num = (x: string | number | null | undefined): number => (x === null || x === undefined ? 0 : Number(x));
const yuan = (x: string | number | null | undefined): number | null =>
  x === null || x === undefined ? null : fenToYuan(Number(x));
const sameFen = (payAmountYuan: number, fen: number) => Math.round(payAmountYuan * 100) === fen;

export function createEngine(sql: Sql, opts: EngineOptions) {
  const random = opts.random ?? Math.random;
  const now = (q: Q = sql) => sandboxNow(q);

  async function init() {
    await sql`insert into sandbox.distributors (app_key, balance_fen) values (${opts.appKey}, ${opts.initialBalanceFen})
      on conflict do nothing`;
    await sql`insert into sandbox.clock (id, offset_ms) values (1, 0) on conflict do nothing`;
  }

  // ---- inventory ----------------------------------------------------------------------------------
  async function salesOf(q: Q, runKeys: string[]): Promise<Sale[]> {
    if (!runKeys.length) return [];
    return q<Sale[]>`select run_key, seat_type, seat_id, from_idx, to_idx from sandbox.seat_sales
      where run_key = any(${runKeys})`;
  }

  /** Takes the train run's row lock: every seat allocation of the run happens under it. */
  async function lockRun(tx: Tx, runKey: string) {
    await tx`insert into sandbox.train_runs (run_key) values (${runKey}) on conflict do nothing`;
    await tx`select run_key from sandbox.train_runs where run_key = ${runKey} for update`;
  }

  function leftFor(run: Pick<Run, 'trainCode'>, seatType: number, sales: Sale[], from: number, to: number): number {
    if (seatType === 98) return Math.max(0, STANDING_PLACES - standingTaken(sales, from, to));
    return countFree(seatsOf(run.trainCode, seatType), sales, seatType, from, to);
  }

  /** Seats available to a booking of `count` passengers right now (with 无座 when it would be allowed). */
  function available(run: Run, seatType: number, sales: Sale[], acceptStanding: boolean): number {
    const seats = leftFor(run, seatType, sales, run.fromIdx, run.toIdx);
    const standing =
      acceptStanding && seatType === lowestSeatedClass(run.trainCode)
        ? leftFor(run, 98, sales, run.fromIdx, run.toIdx)
        : 0;
    return seats + standing;
  }

  type Allocation = { ok: true; seats: (Seat | null)[] } | { ok: false; reason: string };

  /**
   * Chooses seats for `count` passengers on a locked run: the class's free seats honouring 选座/选铺;
   * 无座 only for the lowest seated class, when the buyer accepts it and seats run short (FAQ §7-9).
   */
  async function allocate(
    tx: Tx,
    run: Run,
    seatType: number,
    count: number,
    pref: { chooseSeats: string | null; chooseSleeper: string | null; acceptStanding: boolean },
  ): Promise<Allocation> {
    const sales = await salesOf(tx, [run.runKey]);
    const free = freeSeats(seatsOf(run.trainCode, seatType), sales, seatType, run.fromIdx, run.toIdx);
    const picked = pickSeats(free, count, {
      seatType,
      chooseSeats: pref.chooseSeats,
      chooseSleeper: pref.chooseSleeper,
    });
    if (picked) return { ok: true, seats: picked };
    const standing = leftFor(run, 98, sales, run.fromIdx, run.toIdx);
    if (pref.acceptStanding && seatType === lowestSeatedClass(run.trainCode) && free.length + standing >= count)
      return { ok: true, seats: [...free, ...Array<null>(count - free.length).fill(null)] };
    if (free.length === 0) return { ok: false, reason: '该坐席已售完' };
    return { ok: false, reason: `余票不足:所选席别仅剩${free.length}张,少于乘客人数${count}` };
  }

  function priceOf(run: Run, seatType: number, seat: Seat | null, ticketType: number): number {
    const fares = faresOf(run);
    const fare = fares.find((f) => f.seatType === (seat ? seatType : 98)) ?? fares.find((f) => f.seatType === seatType);
    if (!fare) throw new SandboxError('坐席无效', MSG.BAD_SEAT);
    const tier = seat?.sleeperType ?? null;
    const price = (tier && fare.berths?.find((b) => b.sleeperType === tier)?.priceFen) || fare.priceFen;
    return fareForTicketType(price, ticketType, seatType);
  }

  function standingSeatNo(run: Run, seats: (Seat | null)[], seatType: number): string {
    const car = seats.find(Boolean)?.car ?? seatsOf(run.trainCode, seatType).at(-1)?.car ?? 1;
    return formatSeatNo.standing(car);
  }

  async function insertSale(
    tx: Tx,
    run: Run,
    seatType: number,
    seat: Seat | null,
    owner: { ticketId?: number; changeTicketId?: number },
  ) {
    await tx`insert into sandbox.seat_sales (run_key, seat_type, seat_id, from_idx, to_idx, ticket_id, change_ticket_id)
      values (${run.runKey}, ${seat ? seatType : 98}, ${seat?.id ?? null}, ${run.fromIdx}, ${run.toIdx},
        ${owner.ticketId ?? null}, ${owner.changeTicketId ?? null})`;
  }

  // ---- search / stops / stations -------------------------------------------------------------------
  async function search(req: z.output<typeof w.searchRequest>) {
    const at = await now();
    for (const place of [req.fromStation, req.toStation])
      if (!knownPlace(place)) throw new SandboxError(`车站名称无效:${place}`, MSG.BAD_PARAMS);
    const range = presaleCheck(req.fromDate, req.fromStation, '00:00', at);
    if (!range.ok) throw new SandboxError(range.msg, MSG.BAD_DATE);
    const runs = searchRuns(req.fromStation, req.toStation, req.fromDate);
    const sales = await salesOf(sql, [...new Set(runs.map((r) => r.runKey))]);
    const byRun = new Map<string, Sale[]>();
    for (const s of sales) byRun.set(s.run_key, [...(byRun.get(s.run_key) ?? []), s]);
    return {
      trainLines: runs.map((run) => {
        const runSales = byRun.get(run.runKey) ?? [];
        const sale = presaleCheck(req.fromDate, run.fromStation, saleStartOf(run.fromStation), at);
        const onSale = sale.ok && !tooCloseToDeparture(run.departAt, at);
        return {
          trainCode: run.trainCode,
          trainNo: run.trainNo,
          fromStation: run.fromStation,
          toStation: run.toStation,
          fromTime: run.fromTime,
          toTime: run.toTime,
          fromDateTime: run.fromDateTime,
          toDateTime: run.toDateTime,
          arrive_days: String(run.arriveDays),
          runTime: run.runTime,
          trainsType: run.trainsType,
          trainsTypeName: run.trainsTypeName,
          beginStation: run.beginStation,
          beginTime: run.beginTime,
          endStation: run.endStation,
          endTime: run.endTime,
          isSupportChooseSleeper: run.isSupportChooseSleeper,
          isSupportChooseSeat: run.isSupportChooseSeat,
          note: sale.ok ? '' : `${saleStartOf(run.fromStation)}起售`,
          transferQueryExtraParams: null,
          sequence: 0,
          Seats: run.fares.map((f) => ({
            seatType: f.seatType,
            seatTypeName: seatTypeName(f.seatType),
            ticketPrice: fenToYuan(f.priceFen),
            leftTicketNum: onSale ? leftFor(run, f.seatType, runSales, run.fromIdx, run.toIdx) : 0,
            otherSeats: f.berths
              ? f.berths.map((b) => ({
                  sleeperType: b.sleeperType,
                  sleeperTypeName: SLEEPER_NAMES[b.sleeperType],
                  ticketPrice: fenToYuan(b.priceFen),
                }))
              : null,
          })),
        };
      }),
    };
  }

  function stops(req: z.output<typeof w.stopsRequest>) {
    const rows = stopsOf(req.trainNo, req.trainCode, req.fromDate);
    if (!rows) throw new SandboxError('车次号无效', MSG.BAD_TRAIN);
    return rows;
  }

  const stations = () => stationList();

  // ---- numbers --------------------------------------------------------------------------------------
  const stamp = () => wireTime(new Date(), true).replace(/\D/g, '').slice(2);
  const newOrderNo = () => `T${stamp()}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  const newTicketNo = (base: string | null, i: number) =>
    `${base ?? `E${randomBytes(4).toString('hex').toUpperCase().slice(0, 9)}`}${randomInt(100, 1000)}${String(i).padStart(3, '0')}`;

  /** Resolves the run of a request: the train must call at both stations, boarding at that minute. */
  function requireRun(
    r: { trainCode: string; fromStation: string; toStation: string; fromDateTime: string },
    at: Date,
    dateError: number,
  ): Run {
    const date = r.fromDateTime.slice(0, 10);
    const sale = presaleCheck(date, r.fromStation, saleStartOf(r.fromStation), at);
    if (!sale.ok) throw new SandboxError(sale.msg, dateError);
    const run = findRun(r.trainCode, r.fromStation, r.toStation, date);
    if (!run)
      throw new SandboxError(
        `车次号无效:${r.trainCode}次列车${date}不在${r.fromStation}上车或不经停${r.toStation}`,
        MSG.BAD_TRAIN,
      );
    if (wireTime(run.departAt) !== wireTime(parseWireTime(r.fromDateTime)))
      throw new SandboxError(
        `车次号无效:${r.trainCode}次列车${wireTime(run.departAt)}从${r.fromStation}出发,与fromDateTime不符`,
        MSG.BAD_TRAIN,
      );
    if (tooCloseToDeparture(run.departAt, at)) throw new SandboxError('距离发车时间太近,无法执行此操作', MSG.TOO_CLOSE);
    return run;
  }

  function checkPreferences(
    run: Run,
    seatType: number,
    count: number,
    chooseSeats: string | null,
    chooseSleeper: string | null,
  ) {
    if (seatType === 98) throw new SandboxError('无法指定购买无座票:请选择最低席别并接受无座', MSG.BAD_SEAT);
    if (!seatedClasses(run.trainCode).includes(seatType))
      throw new SandboxError(`坐席无效:${run.trainCode}次列车没有${seatTypeName(seatType)}`, MSG.BAD_SEAT);
    if (chooseSeats && run.isSupportChooseSeat) {
      const r = parseChooseSeats(chooseSeats, seatType, count);
      if (!r.ok) throw new SandboxError(`选座信息无效:${r.error}`, MSG.BAD_PARAMS);
    }
    if (chooseSleeper) {
      const r = parseChooseSleeper(chooseSleeper, seatType, count);
      if (!r.ok) throw new SandboxError(`选铺信息无效:${r.error}`, MSG.BAD_PARAMS);
    }
  }
  const sleeperPref = (s: string | null | undefined) => (s && s !== '000' ? s : null);

  // ---- 创单 -------------------------------------------------------------------------------------------
  async function createOrder(req: z.output<typeof w.createOrderRequest>) {
    if (req.passengers.length > MAX_PASSENGERS_PER_ORDER)
      throw new SandboxError(`一单最多下${MAX_PASSENGERS_PER_ORDER}人`, MSG.BAD_PARAMS);
    if (req.customerOrderNo) {
      const [dup] = await sql<{ order_no: string }[]>`select order_no from sandbox.orders
        where app_key = ${opts.appKey} and customer_order_no = ${req.customerOrderNo}`;
      if (dup) return { orderNo: dup.order_no };
    }
    const at = await now();
    const run = requireRun(req, at, MSG.BAD_DATE);
    const seatType = req.passengers[0]!.seatType;
    if (req.passengers.some((p) => p.seatType !== seatType))
      throw new SandboxError('同一订单的乘客须选择同一席别', MSG.BAD_SEAT);
    const chooseSeats = req.isChooseSeats && req.chooseSeats ? req.chooseSeats.toUpperCase() : null;
    const chooseSleeper = sleeperPref(req.chooseSleeper);
    checkPreferences(run, seatType, req.passengers.length, chooseSeats, chooseSleeper);
    let account: string;
    let password: string;
    try {
      account = decryptField(opts.secretKey, req.trainAccount);
      password = decryptField(opts.secretKey, req.trainPassword);
    } catch {
      throw new SandboxError('12306账号格式不正确(trainAccount/trainPassword须为密文)', 408);
    }
    // Documented: 下单人数不能大于所选坐席的余票数. Refused at once when the count is already short;
    // a race lost between now and the hold ends in 占位失败 instead.
    const left = available(run, seatType, await salesOf(sql, [run.runKey]), req.isAcceptStanding ?? false);
    if (left < req.passengers.length)
      throw new SandboxError(
        left === 0 ? '该坐席已售完' : `余票不足:${seatTypeName(seatType)}仅剩${left}张,少于乘客人数`,
        MSG.SOLD_OUT,
      );

    // As documented, an account that cannot book does not fail 创单: the hold fails (占位失败). The
    // password is checked now (it is not stored); the login session again when the hold resolves.
    const accountProblem = accountRefusal(await opts.bookingState(account, password));

    const orderNo = newOrderNo();
    return sql.begin(async (tx) => {
      const inserted = await tx`insert into sandbox.orders ${tx({
        order_no: orderNo,
        app_key: opts.appKey,
        customer_order_no: req.customerOrderNo ?? null,
        status: O.HOLDING,
        train_code: run.trainCode,
        train_no: run.trainNo,
        run_key: run.runKey,
        from_idx: run.fromIdx,
        to_idx: run.toIdx,
        from_station: run.fromStation,
        to_station: run.toStation,
        depart_at: run.departAt,
        arrive_at: run.arriveAt,
        seat_type: seatType,
        choose_seats: chooseSeats,
        choose_sleeper: chooseSleeper,
        accept_standing: req.isAcceptStanding ?? false,
        callback_url: req.callBackUrl ?? null,
        refund_callback_url: req.refundTicketCallbackUrl ?? null,
        contact_name: req.contactName,
        contact_mobile: req.contactMobile,
        train_account: account,
        unfinished_reason: accountProblem,
        created_at: at,
      })} on conflict (app_key, customer_order_no) do nothing returning order_no`;
      if (!inserted.length) {
        // A concurrent 创单 with the same customerOrderNo won: answer its order.
        const [dup] = await tx<{ order_no: string }[]>`select order_no from sandbox.orders
          where app_key = ${opts.appKey} and customer_order_no = ${req.customerOrderNo ?? null}`;
        return { orderNo: dup!.order_no };
      }
      for (const [i, p] of req.passengers.entries()) {
        await tx`insert into sandbox.tickets ${tx({
          order_no: orderNo,
          position: i,
          name: p.name,
          card_type: p.cardType,
          card_no: p.cardNo.trim().toUpperCase(),
          mobile: p.mobile ?? null,
          ticket_type: p.ticketType,
          seat_type: seatType,
          status: T.HOLDING,
        })}`;
      }
      await enqueueJob(tx, 'hold', orderNo, new Date(at.getTime() + opts.holdDelayMs));
      return { orderNo };
    });
  }

  // ---- callbacks ------------------------------------------------------------------------------------
  async function notify(tx: Tx, url: string | null, orderNo: string, eventType: EventType) {
    if (!url) return;
    const detail = await detailOf(tx, orderNo);
    await enqueueCallback(
      tx,
      { url, orderNo, eventType, body: { ...detail, eventType, sign: callbackSign(opts.secretKey, orderNo) } },
      opts.faults(),
      random,
    );
  }

  const accountRefusal = (state: BookingState): string | null =>
    state === 'ok'
      ? null
      : state === 'not_logged_in'
        ? '12306账号登录失败:账号未登录、登录已失效或密码错误,请先登录12306账号后重新下单'
        : '12306账号登录失败:12306账号不存在';

  // ---- 占座 (hold job) --------------------------------------------------------------------------------
  async function failHold(tx: Tx, order: OrderRow, reason: string) {
    await tx`update sandbox.orders set status = ${O.HOLD_FAILED}, unfinished_reason = ${reason}
      where order_no = ${order.order_no} and status = ${O.HOLDING}`;
    await tx`update sandbox.tickets set status = ${T.HOLD_FAILED} where order_no = ${order.order_no}`;
    await notify(tx, order.callback_url, order.order_no, 'order.hold');
  }

  /** Another trip of the same passenger (adults; children travel on an adult's ID) that overlaps. */
  async function tripConflict(
    tx: Tx,
    orderNo: string,
    cards: string[],
    run: { runKey: string; departAt: Date; arriveAt: Date },
  ) {
    const [hit] = await tx<{ name: string; train_code: string; depart_at: Date; same_train: boolean }[]>`
      select t.name, o.train_code, o.depart_at, o.run_key = ${run.runKey} as same_train
      from sandbox.tickets t join sandbox.orders o on o.order_no = t.order_no
      where t.card_no = any(${cards}) and t.ticket_type <> 2 and o.order_no <> ${orderNo}
        and t.status = any(${TRAVELLING.filter((s) => s !== T.CHANGE_ISSUED)})
        and (o.run_key = ${run.runKey} or (o.depart_at < ${run.arriveAt} and o.arrive_at > ${run.departAt}))
      union all
      select t.name, c.train_code, c.depart_at, c.run_key = ${run.runKey}
      from sandbox.change_tickets ct join sandbox.change_orders c on c.cha_no = ct.cha_no
        join sandbox.tickets t on t.id = ct.ticket_id
      where t.card_no = any(${cards}) and t.ticket_type <> 2 and t.order_no <> ${orderNo}
        and ct.status in (${T.CHANGE_HELD}, ${T.CHANGE_ISSUING}, ${T.CHANGE_ISSUED})
        and (c.run_key = ${run.runKey} or (c.depart_at < ${run.arriveAt} and c.arrive_at > ${run.departAt}))
      limit 1`;
    if (!hit) return null;
    const when = `${wireDate(hit.depart_at).slice(5, 7)}月${wireDate(hit.depart_at).slice(8, 10)}日`;
    return hit.same_train
      ? `乘客已预订过该车次,无法重复预订:${hit.name}已订${when}的${hit.train_code}次车票`
      : `行程冲突:${hit.name}已订${when}的${hit.train_code}次车票,与本次行程有冲突`;
  }

  async function resolveHold(tx: Tx, orderNo: string) {
    const [order] = await tx<OrderRow[]>`select * from sandbox.orders
      where order_no = ${orderNo} and status = ${O.HOLDING} for update`;
    if (!order) return;
    const tickets = await tx<TicketRow[]>`select * from sandbox.tickets where order_no = ${orderNo} order by position`;
    const at = await now(tx);

    const accountProblem = order.unfinished_reason ?? accountRefusal(await opts.bookingState(order.train_account));
    if (accountProblem) return failHold(tx, order, accountProblem);
    const badId = tickets.find((t) => t.card_type === 1 && !isValidIdCard(t.card_no));
    if (badId) return failHold(tx, order, `乘客身份信息未通过验证:${badId.name}的身份证号码无效`);

    const run = runOf(order.run_key, order.from_idx, order.to_idx);
    await lockRun(tx, run.runKey);
    const conflict = await tripConflict(tx, orderNo, [...new Set(tickets.map((t) => t.card_no))], run);
    if (conflict) return failHold(tx, order, conflict);

    const alloc = await allocate(tx, run, order.seat_type, tickets.length, {
      chooseSeats: order.choose_seats,
      chooseSleeper: order.choose_sleeper,
      acceptStanding: order.accept_standing,
    });
    if (!alloc.ok) return failHold(tx, order, alloc.reason);

    let total = 0;
    for (const [i, t] of tickets.entries()) {
      const seat = alloc.seats[i] ?? null;
      const price = priceOf(run, order.seat_type, seat, t.ticket_type);
      total += price;
      await insertSale(tx, run, order.seat_type, seat, { ticketId: t.id });
      await tx`update sandbox.tickets set status = ${T.HELD}, seat_type = ${seat ? order.seat_type : 98},
        seat_no = ${seat?.seatNo ?? standingSeatNo(run, alloc.seats, order.seat_type)}, price_fen = ${price}
        where id = ${t.id}`;
    }
    const limit = payLimitAt(at, order.depart_at);
    await tx`update sandbox.orders set status = ${O.HELD}, amount_fen = ${total}, pay_limit_at = ${limit},
      order_no_12306 = ${`E${randomBytes(5).toString('hex').toUpperCase().slice(0, 9)}`}
      where order_no = ${orderNo}`;
    await enqueueJob(tx, 'expire', orderNo, limit);
    await notify(tx, order.callback_url, orderNo, 'order.hold');
  }

  async function releaseOrderSeats(tx: Tx, orderNo: string) {
    await tx`delete from sandbox.seat_sales
      where ticket_id in (select id from sandbox.tickets where order_no = ${orderNo})`;
  }

  /** Cancels an unpaid hold whose pay limit has passed (job, and lazily before reads and confirm). */
  async function expireHold(tx: Tx, orderNo: string): Promise<boolean> {
    const at = await now(tx);
    const [order] = await tx<OrderRow[]>`update sandbox.orders
      set status = ${O.CANCELLED}, unfinished_reason = ${`${EXPIRED_REASON},订单已自动取消`}
      where order_no = ${orderNo} and status = ${O.HELD} and pay_limit_at <= ${at} returning *`;
    if (!order) return false;
    await tx`update sandbox.tickets set status = ${T.CANCELLED} where order_no = ${orderNo}`;
    await releaseOrderSeats(tx, orderNo);
    await notify(tx, order.callback_url, orderNo, 'order.cancel');
    return true;
  }

  async function expireIfDue(orderNo: string) {
    await sql.begin(async (tx) => {
      await expireHold(tx, orderNo);
      const chas = await tx<{ cha_no: string }[]>`select cha_no from sandbox.change_orders
        where order_no = ${orderNo} and status = ${T.CHANGE_HELD}`;
      for (const c of chas) await expireChange(tx, c.cha_no);
    });
  }

  async function lockOrder(tx: Tx, orderNo: string): Promise<OrderRow> {
    const [order] = await tx<OrderRow[]>`select * from sandbox.orders
      where order_no = ${orderNo} and app_key = ${opts.appKey} for update`;
    if (!order) throw new SandboxError('该订单不存在', MSG.NO_ORDER);
    return order;
  }

  // ---- 确认出票 ---------------------------------------------------------------------------------------
  async function confirm(req: z.output<typeof w.confirmRequest>) {
    const payAmount = req.payAmount ?? null;
    if (!safeEqualHex(req.sign, confirmSign(opts.secretKey, req.orderNo, payAmount)))
      throw new SandboxError('签名验证失败', MSG.BAD_SIGN);
    await expireIfDue(req.orderNo);
    return sql.begin(async (tx) => {
      const order = await lockOrder(tx, req.orderNo);
      if (order.status === O.CANCELLED && order.unfinished_reason?.startsWith(EXPIRED_REASON))
        throw new SandboxError('订单已过期:超过支付时限,订单已自动取消', 207);
      if (order.status !== O.HELD)
        throw new SandboxError(
          `只有占位成功状态下才允许确认出票,当前订单状态为:${orderStatusLabel(order.status)}`,
          MSG.BAD_ORDER_STATE,
        );
      const amount = num(order.amount_fen);
      if (payAmount !== null && !sameFen(payAmount, amount))
        throw new SandboxError(`支付金额与订单总金额不一致:订单总金额为${fenToYuan(amount)}元`, MSG.PRICE_MISMATCH);
      const debited = await tx`update sandbox.distributors set balance_fen = balance_fen - ${amount}
        where app_key = ${opts.appKey} and balance_fen >= ${amount} returning balance_fen`;
      if (!debited.length) throw new SandboxError('您的余额不足,不能出票', 212);
      const at = await now(tx);
      await tx`update sandbox.orders set status = ${O.ISSUING}, pay_time = ${at} where order_no = ${req.orderNo}`;
      await tx`update sandbox.tickets set status = ${T.ISSUING} where order_no = ${req.orderNo}`;
      await enqueueJob(tx, 'issue', req.orderNo, new Date(at.getTime() + opts.issueDelayMs));
      return true;
    });
  }

  async function issue(tx: Tx, orderNo: string) {
    const [order] = await tx<OrderRow[]>`select * from sandbox.orders
      where order_no = ${orderNo} and status = ${O.ISSUING} for update`;
    if (!order) return;
    const at = await now(tx);
    if (opts.faults().issueFailRate > 0 && random() < opts.faults().issueFailRate) {
      // 出票失败: the debit returns to the balance ("money returns where it came from", FAQ §17/§23).
      await tx`update sandbox.distributors set balance_fen = balance_fen + ${num(order.amount_fen)}
        where app_key = ${order.app_key}`;
      await tx`update sandbox.orders set status = ${O.ISSUE_FAILED}, issue_fail_refund_at = ${at},
        unfinished_reason = '12306出票失败,票款已退回账户余额' where order_no = ${orderNo}`;
      await tx`update sandbox.tickets set status = ${T.ISSUE_FAILED} where order_no = ${orderNo}`;
      await releaseOrderSeats(tx, orderNo);
      return notify(tx, order.callback_url, orderNo, 'order.issue');
    }
    const tickets = await tx<TicketRow[]>`select * from sandbox.tickets where order_no = ${orderNo} order by position`;
    for (const t of tickets) {
      await tx`update sandbox.tickets set status = ${T.ISSUED}, issued_at = ${at},
        ticket_no = ${newTicketNo(order.order_no_12306, t.position + 1)} where id = ${t.id}`;
    }
    await tx`update sandbox.orders set status = ${O.ISSUED}, ticket_time = ${at},
      ticket_entrance = ${entranceFor(order.train_code, order.from_idx)} where order_no = ${orderNo}`;
    await notify(tx, order.callback_url, orderNo, 'order.issue');
  }

  const entranceFor = (trainCode: string, fromIdx: number) =>
    `检票口${1 + (trainCode.charCodeAt(trainCode.length - 1) % 9)}${'AB'[fromIdx % 2]}`;

  // ---- 取消 -------------------------------------------------------------------------------------------
  async function cancel(orderNo: string) {
    await expireIfDue(orderNo);
    return sql.begin(async (tx) => {
      const order = await lockOrder(tx, orderNo);
      if (order.status !== O.HOLDING && order.status !== O.HELD)
        throw new SandboxError(
          `只有占位中和占位成功状态下才允许取消,当前订单状态为:${orderStatusLabel(order.status)}`,
          MSG.BAD_ORDER_STATE,
        );
      await tx`update sandbox.orders set status = ${O.CANCELLED}, unfinished_reason = '订单已取消' where order_no = ${orderNo}`;
      await tx`update sandbox.tickets set status = ${T.CANCELLED} where order_no = ${orderNo}`;
      await releaseOrderSeats(tx, orderNo);
      await notify(tx, order.callback_url, orderNo, 'order.cancel');
      return true;
    });
  }

  // ---- 退票 -------------------------------------------------------------------------------------------
  async function refund(req: z.output<typeof w.refundRequest>) {
    if (req.tickets.length !== 1) throw new SandboxError('12306暂不支持批量退票,多张票请分多次提交', MSG.BAD_PARAMS);
    const wanted = req.tickets[0]!;
    return sql.begin(async (tx) => {
      const order = await lockOrder(tx, req.orderNo);
      const tickets = await tx<
        TicketRow[]
      >`select * from sandbox.tickets where order_no = ${req.orderNo} order by position`;
      let ticket = tickets.find((t) => t.ticket_no === wanted.ticketNo);
      let changed: (ChangeTicketRow & { depart_at: Date }) | undefined;
      if (ticket?.status === T.CHANGE_ISSUED)
        throw new SandboxError('原票改签成功后原票号无法再申请退票,请使用改签后的新票号', MSG.BAD_TICKET_STATE);
      if (!ticket) {
        // A changed ticket is refunded by its new ticket number.
        [changed] = await tx<(ChangeTicketRow & { depart_at: Date })[]>`
          select ct.*, c.depart_at from sandbox.change_tickets ct join sandbox.change_orders c on c.cha_no = ct.cha_no
          where c.order_no = ${req.orderNo} and ct.ticket_no = ${wanted.ticketNo}
            and ct.status in (${T.CHANGE_ISSUED}, ${T.REFUND_FAILED}, ${T.REFUNDING}, ${T.REFUNDED})`;
        ticket = tickets.find((t) => t.id === changed?.ticket_id);
      }
      if (!ticket || ticket.name !== wanted.name || ticket.card_no !== wanted.cardNo.trim().toUpperCase())
        throw new SandboxError('该订单中无此乘客(姓名、证件号与票号不匹配)', MSG.NO_PASSENGER);
      const status = changed ? changed.status : ticket.status;
      if (!REFUND_FROM.includes(status) || (!changed && status === T.CHANGE_ISSUED))
        throw new SandboxError(`当前车票状态不允许执行此操作:${orderStatusLabel(status)}`, MSG.BAD_TICKET_STATE);
      const at = await now(tx);
      const issuedAt = (changed ? changed.issued_at : ticket.issued_at) ?? at;
      const departAt = changed ? changed.depart_at : order.depart_at;
      const block = onlineRefundBlock(issuedAt, departAt, at);
      if (block) throw new SandboxError(block.reason, block.msgCode);
      const family = tickets.map((t) => ({ id: t.id, ticketType: t.ticket_type, status: t.status }));
      if (leavesChildAlone(family, ticket.id))
        throw new SandboxError('订单中包含儿童票,如需退票请先退儿童票', MSG.CHILD_FIRST);
      const price = num(changed ? changed.price_fen : ticket.price_fen);
      // A ticket bought < 8 days out and changed to a train 8+ days out still pays 5 % (lib/domain/fees).
      const fee = refundFee(
        price,
        departAt,
        at,
        changed && ticket.issued_at
          ? { changedFrom: { issuedAt: ticket.issued_at, originalDepartureAt: order.depart_at } }
          : {},
      );
      await tx`update sandbox.tickets set status = ${T.REFUNDING}, refund_fee_fen = ${fee.feeFen},
        refund_amount_fen = ${fee.refundFen} where id = ${ticket.id}`;
      if (changed) await tx`update sandbox.change_tickets set status = ${T.REFUNDING} where id = ${changed.id}`;
      await enqueueJob(tx, 'refund', String(ticket.id), new Date(at.getTime() + opts.refundDelayMs));
      return true;
    });
  }

  async function completeRefund(tx: Tx, ticketId: string) {
    const [t] = await tx<TicketRow[]>`select * from sandbox.tickets
      where id = ${Number(ticketId)} and status = ${T.REFUNDING} for update`;
    if (!t) return;
    const order = await lockOrder(tx, t.order_no);
    const at = await now(tx);
    await tx`update sandbox.tickets set status = ${T.REFUNDED}, refund_at = ${at} where id = ${t.id}`;
    await tx`update sandbox.change_tickets set status = ${T.REFUNDED} where ticket_id = ${t.id} and status = ${T.REFUNDING}`;
    await tx`update sandbox.distributors set balance_fen = balance_fen + ${num(t.refund_amount_fen)}
      where app_key = ${order.app_key}`;
    await tx`delete from sandbox.seat_sales where ticket_id = ${t.id}`;
    await notify(tx, order.refund_callback_url ?? order.callback_url, t.order_no, 'refund');
  }

  // ---- 改签 -------------------------------------------------------------------------------------------
  async function applyChange(req: z.output<typeof w.changeRequest>) {
    const at = await now();
    const run = requireRun(req, at, MSG.CHANGE_NOT_ON_SALE);
    const chooseSeats = req.isChooseSeats && req.chooseSeats ? req.chooseSeats.toUpperCase() : null;
    const chooseSleeper = sleeperPref(req.chooseSleeper);
    const ticketNos = [
      ...new Set(
        req.changePsgTicketNos
          .split('|')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ];
    if (!ticketNos.length) throw new SandboxError('changePsgTicketNos不能为空', MSG.BAD_PARAMS);
    checkPreferences(run, req.seatType, ticketNos.length, chooseSeats, chooseSleeper);
    return sql.begin(async (tx) => {
      const order = await lockOrder(tx, req.orderNo);
      if (tooCloseToChange(order.depart_at, at))
        throw new SandboxError('距离发车时间太近,无法改签', MSG.CHANGE_TOO_CLOSE);
      const all = await tx<
        TicketRow[]
      >`select * from sandbox.tickets where order_no = ${req.orderNo} order by position`;
      const chosen = ticketNos.map((no) => all.find((t) => t.ticket_no === no));
      if (chosen.some((t) => !t)) throw new SandboxError('该订单中无此乘客(票号不存在)', MSG.NO_PASSENGER);
      const tickets = chosen as TicketRow[];
      for (const t of tickets) {
        if (t.status === T.CHANGE_ISSUED)
          throw new SandboxError(`${t.name}的车票已改签过:一张火车票只能成功改签一次`, 316);
        if (!CHANGE_FROM.includes(t.status))
          throw new SandboxError(`当前车票状态不允许执行此操作:${orderStatusLabel(t.status)}`, MSG.BAD_TICKET_STATE);
      }
      const ids = new Set(tickets.map((t) => t.id));
      const staying = all.filter((t) => !ids.has(t.id) && TRAVELLING.includes(t.status));
      if (
        tickets.some((t) => t.ticket_type !== 2) &&
        staying.some((t) => t.ticket_type === 2) &&
        !staying.some((t) => t.ticket_type !== 2)
      )
        throw new SandboxError('订单中包含儿童票,该乘客无法改签', 313);
      let chaNo = '';
      for (let i = 0; i < 5 && !chaNo; i++) {
        const candidate = `${req.orderNo}C${randomInt(1000, 10000)}`;
        const rows = await tx`insert into sandbox.change_orders ${tx({
          cha_no: candidate,
          order_no: req.orderNo,
          status: T.CHANGE_HOLDING,
          train_code: run.trainCode,
          train_no: run.trainNo,
          run_key: run.runKey,
          from_idx: run.fromIdx,
          to_idx: run.toIdx,
          from_station: run.fromStation,
          to_station: run.toStation,
          depart_at: run.departAt,
          arrive_at: run.arriveAt,
          seat_type: req.seatType,
          choose_seats: chooseSeats,
          choose_sleeper: chooseSleeper,
          accept_standing: req.isAcceptStanding ?? false,
          remark: req.remark,
          callback_url: req.callBackUrl ?? order.callback_url,
          applied_at: at,
        })} on conflict do nothing returning cha_no`;
        if (rows.length) chaNo = candidate;
      }
      if (!chaNo) throw new SandboxError('改签单号生成失败,请重试', MSG.UNKNOWN);
      for (const t of tickets) {
        await tx`insert into sandbox.change_tickets (cha_no, ticket_id, status, seat_type)
          values (${chaNo}, ${t.id}, ${T.CHANGE_HOLDING}, ${req.seatType})`;
        await tx`update sandbox.tickets set status = ${T.CHANGE_HOLDING} where id = ${t.id}`;
      }
      await enqueueJob(tx, 'changeHold', chaNo, new Date(at.getTime() + opts.holdDelayMs));
      return chaNo;
    });
  }

  async function setChangeStatus(tx: Tx, cha: ChangeRow, status: number, reason: string | null, event: EventType) {
    await tx`update sandbox.change_orders set status = ${status},
      unfinished_reason = coalesce(${reason}, unfinished_reason) where cha_no = ${cha.cha_no}`;
    await tx`update sandbox.change_tickets set status = ${status} where cha_no = ${cha.cha_no}`;
    await tx`update sandbox.tickets set status = ${status}
      where id in (select ticket_id from sandbox.change_tickets where cha_no = ${cha.cha_no})`;
    await notify(tx, cha.callback_url, cha.order_no, event);
  }

  async function lockChange(tx: Tx, chaNo: string, status?: number): Promise<ChangeRow | undefined> {
    const [cha] = await tx<ChangeRow[]>`select c.* from sandbox.change_orders c
      join sandbox.orders o on o.order_no = c.order_no
      where c.cha_no = ${chaNo} and o.app_key = ${opts.appKey} and c.status = any(${status === undefined ? ALL_CHANGE_STATES : [status]})
      for update of c`;
    return cha;
  }

  async function resolveChangeHold(tx: Tx, chaNo: string) {
    const cha = await lockChange(tx, chaNo, T.CHANGE_HOLDING);
    if (!cha) return;
    const order = await lockOrder(tx, cha.order_no);
    const cts = await tx<(ChangeTicketRow & { old_price: string | null; ticket_type: number })[]>`
      select ct.*, t.price_fen as old_price, t.ticket_type from sandbox.change_tickets ct
      join sandbox.tickets t on t.id = ct.ticket_id where ct.cha_no = ${chaNo} order by ct.id`;
    const run = runOf(cha.run_key, cha.from_idx, cha.to_idx);
    await lockRun(tx, run.runKey);
    const alloc = await allocate(tx, run, cha.seat_type, cts.length, {
      chooseSeats: cha.choose_seats,
      chooseSleeper: cha.choose_sleeper,
      acceptStanding: cha.accept_standing,
    });
    if (!alloc.ok) return setChangeStatus(tx, cha, T.CHANGE_HOLD_FAILED, alloc.reason, 'change.hold');
    const newPrices: number[] = [];
    for (const [i, ct] of cts.entries()) {
      const seat = alloc.seats[i] ?? null;
      const price = priceOf(run, cha.seat_type, seat, ct.ticket_type);
      newPrices.push(price);
      await insertSale(tx, run, cha.seat_type, seat, { changeTicketId: ct.id });
      await tx`update sandbox.change_tickets set seat_type = ${seat ? cha.seat_type : 98},
        seat_no = ${seat?.seatNo ?? standingSeatNo(run, alloc.seats, cha.seat_type)}, price_fen = ${price}
        where id = ${ct.id}`;
    }
    const at = await now(tx);
    const p = changePricing(
      cts.map((c) => num(c.old_price)),
      newPrices,
      order.depart_at,
      at,
    );
    const limit = payLimitAt(at, cha.depart_at);
    await tx`update sandbox.change_orders set price_change_type = ${p.priceChangeType},
      price_change_type_info = ${p.priceChangeTypeInfo}, total_price_diff_fen = ${p.totalPriceDiffFen},
      diff_refund_fee_fen = ${p.diffRefundFeeFen}, diff_rate_percent = ${p.diffRatePercent},
      change_fee_fen = ${p.changeFeeFen}, need_pay_fen = ${p.needPayFen}, refund_amount_fen = ${p.refundFen},
      cha_refund_type = ${p.chaRefundType}, confirm_limit_at = ${limit} where cha_no = ${chaNo}`;
    await enqueueJob(tx, 'changeExpire', chaNo, limit);
    await setChangeStatus(tx, cha, T.CHANGE_HELD, null, 'change.hold');
  }

  async function releaseChangeSeats(tx: Tx, chaNo: string) {
    await tx`delete from sandbox.seat_sales
      where change_ticket_id in (select id from sandbox.change_tickets where cha_no = ${chaNo}) and ticket_id is null`;
  }

  async function expireChange(tx: Tx, chaNo: string): Promise<boolean> {
    const at = await now(tx);
    const cha = await lockChange(tx, chaNo, T.CHANGE_HELD);
    if (!cha || !cha.confirm_limit_at || cha.confirm_limit_at > at) return false;
    await releaseChangeSeats(tx, chaNo);
    await setChangeStatus(tx, cha, T.CHANGE_CANCELLED, `${CHANGE_EXPIRED_REASON},改签已自动取消`, 'change.cancel');
    return true;
  }

  async function confirmChange(req: z.output<typeof w.changeConfirmRequest>) {
    const payAmount = req.payAmount ?? null;
    if (!safeEqualHex(req.sign, changeConfirmSign(opts.secretKey, req.chaNo, payAmount)))
      throw new SandboxError('签名验证失败', MSG.BAD_SIGN);
    await sql.begin((tx) => expireChange(tx, req.chaNo));
    return sql.begin(async (tx) => {
      const cha = await lockChange(tx, req.chaNo);
      if (!cha || cha.order_no !== req.orderNo) throw new SandboxError('该改签单不存在', MSG.NO_ORDER);
      if (cha.status === T.CHANGE_CANCELLED && cha.unfinished_reason?.startsWith(CHANGE_EXPIRED_REASON))
        throw new SandboxError('订单已过期:超过确认时限,改签已自动取消', 207);
      if (cha.status !== T.CHANGE_HELD)
        throw new SandboxError(
          `只有改签占位成功状态下才允许确认改签,当前改签单状态为:${orderStatusLabel(cha.status)}`,
          MSG.BAD_ORDER_STATE,
        );
      const needPay = num(cha.need_pay_fen);
      if (payAmount !== null && !sameFen(payAmount, needPay))
        throw new SandboxError(
          `支付金额与改签待支付金额不一致:needPayAmount为${fenToYuan(needPay)}元`,
          MSG.PRICE_MISMATCH,
        );
      if (needPay > 0) {
        const debited = await tx`update sandbox.distributors set balance_fen = balance_fen - ${needPay}
          where app_key = ${opts.appKey} and balance_fen >= ${needPay} returning balance_fen`;
        if (!debited.length) throw new SandboxError('您的余额不足,不能改签', 212);
      }
      const at = await now(tx);
      await tx`update sandbox.change_orders set status = ${T.CHANGE_ISSUING}, pay_time = ${needPay > 0 ? at : null}
        where cha_no = ${cha.cha_no}`;
      await tx`update sandbox.change_tickets set status = ${T.CHANGE_ISSUING} where cha_no = ${cha.cha_no}`;
      await tx`update sandbox.tickets set status = ${T.CHANGE_ISSUING}
        where id in (select ticket_id from sandbox.change_tickets where cha_no = ${cha.cha_no})`;
      await enqueueJob(tx, 'changeIssue', cha.cha_no, new Date(at.getTime() + opts.issueDelayMs));
      return true;
    });
  }

  async function issueChange(tx: Tx, chaNo: string) {
    const cha = await lockChange(tx, chaNo, T.CHANGE_ISSUING);
    if (!cha) return;
    const order = await lockOrder(tx, cha.order_no);
    const at = await now(tx);
    if (opts.faults().issueFailRate > 0 && random() < opts.faults().issueFailRate) {
      const paid = num(cha.need_pay_fen);
      if (paid > 0)
        await tx`update sandbox.distributors set balance_fen = balance_fen + ${paid} where app_key = ${order.app_key}`;
      await tx`update sandbox.change_orders set cha_refund_type = ${paid > 0 ? 1 : null},
        refund_amount_fen = ${paid}, refund_time = ${paid > 0 ? at : null} where cha_no = ${chaNo}`;
      await releaseChangeSeats(tx, chaNo);
      return setChangeStatus(tx, cha, T.CHANGE_ISSUE_FAILED, '12306改签出票失败,已支付的改签款已退回', 'change.issue');
    }
    const cts = await tx<ChangeTicketRow[]>`select * from sandbox.change_tickets where cha_no = ${chaNo} order by id`;
    for (const [i, ct] of cts.entries()) {
      await tx`update sandbox.change_tickets set ticket_no = ${newTicketNo(order.order_no_12306, 100 + i + 1)},
        issued_at = ${at} where id = ${ct.id}`;
      // The original seat is free again; the new one now belongs to the ticket.
      await tx`delete from sandbox.seat_sales where ticket_id = ${ct.ticket_id}`;
      await tx`update sandbox.seat_sales set ticket_id = ${ct.ticket_id} where change_ticket_id = ${ct.id}`;
    }
    const refundFen = num(cha.refund_amount_fen);
    if (refundFen > 0)
      await tx`update sandbox.distributors set balance_fen = balance_fen + ${refundFen} where app_key = ${order.app_key}`;
    await tx`update sandbox.change_orders set refund_time = ${refundFen > 0 ? at : null},
      ticket_entrance = ${entranceFor(cha.train_code, cha.from_idx)} where cha_no = ${chaNo}`;
    await setChangeStatus(tx, cha, T.CHANGE_ISSUED, null, 'change.issue');
  }

  async function cancelChange(chaNo: string) {
    await sql.begin((tx) => expireChange(tx, chaNo));
    return sql.begin(async (tx) => {
      const cha = await lockChange(tx, chaNo);
      if (!cha) throw new SandboxError('该改签单不存在', MSG.NO_ORDER);
      if (cha.status !== T.CHANGE_HOLDING && cha.status !== T.CHANGE_HELD)
        throw new SandboxError(
          `只有占位中和占位成功状态下才允许取消操作,当前订单状态为:${orderStatusLabel(cha.status)}`,
          MSG.BAD_ORDER_STATE,
        );
      await lockOrder(tx, cha.order_no);
      await releaseChangeSeats(tx, chaNo);
      await setChangeStatus(tx, cha, T.CHANGE_CANCELLED, '已取消改签申请', 'change.cancel');
      return true;
    });
  }

  // ---- 订单详情 ---------------------------------------------------------------------------------------
  function ticketWire(
    person: TicketRow,
    t: {
      status: number;
      ticket_no: string | null;
      seat_type: number;
      seat_no: string | null;
      price_fen: string | null;
    },
    refunded: { fee: string | null; amount: string | null; at: Date | null } | null,
  ) {
    const done = t.status === T.REFUNDED;
    return {
      passengerId: person.id,
      name: person.name,
      ticketNo: t.ticket_no,
      cardType: person.card_type,
      cardTypeName: CARD_TYPE_NAMES[person.card_type] ?? '其他证件',
      cardNo: person.card_no,
      mobile: person.mobile,
      ticketType: person.ticket_type,
      ticketTypeName: TICKET_TYPE_NAMES[person.ticket_type] ?? '成人票',
      seatType: t.seat_type,
      seatTypeName: seatTypeName(t.seat_type),
      ticketStatus: t.status,
      ticketStatusName: orderStatusLabel(t.status),
      seatNo: t.seat_no,
      ticketPrice: yuan(t.price_fen),
      insuranceAmount: 0,
      policyNos: null,
      refundTicketPoundage: done && refunded ? yuan(refunded.fee) : null,
      refundTicketAmount: done && refunded ? yuan(refunded.amount) : null,
      refundSuccessTime: done && refunded ? optTime(refunded.at) : null,
      refundTransactionNo:
        done && refunded?.at ? `R${person.order_no.slice(1)}${String(person.position + 1).padStart(2, '0')}` : null,
      refundFailReason: null,
    };
  }

  async function detailOf(q: Q, orderNo: string) {
    const [o] = await q<
      OrderRow[]
    >`select * from sandbox.orders where order_no = ${orderNo} and app_key = ${opts.appKey}`;
    if (!o) throw new SandboxError('该订单不存在', MSG.NO_ORDER);
    const tickets = await q<TicketRow[]>`select * from sandbox.tickets where order_no = ${orderNo} order by position`;
    const chas = await q<
      ChangeRow[]
    >`select * from sandbox.change_orders where order_no = ${orderNo} order by applied_at, cha_no`;
    const cts = chas.length
      ? await q<
          ChangeTicketRow[]
        >`select * from sandbox.change_tickets where cha_no = any(${chas.map((c) => c.cha_no)}) order by id`
      : [];
    const amount = yuan(o.amount_fen);
    const paid = !!o.pay_time;
    const failedRefund = o.status === O.ISSUE_FAILED && o.issue_fail_refund_at;
    const refundOf = (t: TicketRow) => ({ fee: t.refund_fee_fen, amount: t.refund_amount_fen, at: t.refund_at });
    return {
      orderNo: o.order_no,
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
      fromDateTime: wireTime(o.depart_at, true),
      toDateTime: wireTime(o.arrive_at, true),
      orderStatus: o.status,
      orderStatusName: orderStatusLabel(o.status),
      payStatus: paid ? 1 : 0,
      paymentType: paid ? 1 : 0,
      realPayAmount: paid ? amount : null,
      payTime: optTime(o.pay_time),
      transactionNo: paid ? `P${o.order_no.slice(1)}` : null,
      ticketTime: optTime(o.ticket_time),
      isChooseSeats: !!o.choose_seats,
      chooseSeats: o.choose_seats,
      isSnatchOrder: false,
      snatchDeadLine: null,
      insuranceCodes: null,
      contactName: o.contact_name,
      contactMobile: o.contact_mobile,
      outTicketFail_RefundSuccessTime: failedRefund ? optTime(o.issue_fail_refund_at) : null,
      outTicketFail_RefundTransactionNo: failedRefund ? `F${o.order_no.slice(1)}` : null,
      outTicketFail_RefundAmount: failedRefund ? amount : null,
      outTicketFail_RefundTransactionMethods: failedRefund ? 1 : 0,
      payLimitTime: optTime(o.pay_limit_at),
      unFinishedReason: o.unfinished_reason,
      ticketEntrance: o.ticket_entrance,
      createTime: optTime(o.created_at),
      trainTickets: tickets.map((t) => ticketWire(t, t, refundOf(t))),
      trainChaOrder: chas.map((c) => ({
        chaNo: c.cha_no,
        chaOrderStatus: c.status,
        chaOrderStatusName: orderStatusLabel(c.status),
        trainCode: c.train_code,
        fromStation: c.from_station,
        toStation: c.to_station,
        fromDateTime: wireTime(c.depart_at, true),
        toDateTime: wireTime(c.arrive_at, true),
        isChooseSeats: !!c.choose_seats,
        chooseSeats: c.choose_seats,
        priceChangeType: c.price_change_type ?? 0,
        priceChangeTypeInfo: c.price_change_type_info,
        realPayAmount: c.pay_time ? yuan(c.need_pay_fen) : null,
        payTime: optTime(c.pay_time),
        totalPriceDiff: yuan(c.total_price_diff_fen),
        diffRate: c.diff_rate_percent === null ? null : c.diff_rate_percent / 100,
        diffRefundFeeAmount: yuan(c.diff_refund_fee_fen),
        changRate: CHANGE_RATE,
        changFeeAmount: yuan(c.change_fee_fen),
        needPayAmount: yuan(c.need_pay_fen),
        chaRefundType: c.refund_time ? c.cha_refund_type : null,
        refundAmount: c.refund_time ? yuan(c.refund_amount_fen) : null,
        refundTime: optTime(c.refund_time),
        refundTransactionNo: c.refund_time ? `R${c.cha_no.slice(1)}` : null,
        refundTransactionMethods: c.refund_time ? 1 : 0,
        remark: c.remark,
        unFinishedReason: c.unfinished_reason,
        ticketEntrance: c.ticket_entrance,
        confirmChangeLimitTime: optTime(c.confirm_limit_at),
        applayChangeTime: optTime(c.applied_at),
        trainTickets: cts
          .filter((ct) => ct.cha_no === c.cha_no)
          .flatMap((ct) => {
            const person = tickets.find((t) => t.id === ct.ticket_id);
            return person ? [ticketWire(person, ct, refundOf(person))] : [];
          }),
      })),
    };
  }

  async function detail(orderNo: string) {
    await expireIfDue(orderNo);
    return detailOf(sql, orderNo);
  }

  // ---- control -------------------------------------------------------------------------------------
  /** Blocks all but `leave` seats of a class on a run (origin date), whole route; for tests and demos. */
  async function markSoldOut(trainCode: string, date: string, seatType: number, leave: number) {
    const run = wholeRun(trainCode, date);
    if (!run) throw new SandboxError('车次号无效', MSG.BAD_TRAIN);
    return sql.begin(async (tx) => {
      await lockRun(tx, run.runKey);
      const sales = await salesOf(tx, [run.runKey]);
      const free = freeSeats(seatsOf(run.trainCode, seatType), sales, seatType, run.fromIdx, run.toIdx);
      const block = free.slice(0, Math.max(0, free.length - leave));
      for (const s of block) await insertSale(tx, run, seatType, s, {});
      return { runKey: run.runKey, blocked: block.length, left: free.length - block.length };
    });
  }

  async function balance(): Promise<number> {
    const [row] = await sql<{ balance_fen: string }[]>`select balance_fen from sandbox.distributors
      where app_key = ${opts.appKey}`;
    return num(row?.balance_fen);
  }
  async function setBalance(fen: number) {
    await sql`insert into sandbox.distributors (app_key, balance_fen) values (${opts.appKey}, ${fen})
      on conflict (app_key) do update set balance_fen = excluded.balance_fen`;
  }

  const jobHandlers: JobHandlers = {
    hold: resolveHold,
    expire: async (tx, ref) => void (await expireHold(tx, ref)),
    issue,
    refund: completeRefund,
    changeHold: resolveChangeHold,
    changeExpire: async (tx, ref) => void (await expireChange(tx, ref)),
    changeIssue: issueChange,
  };

  return {
    init,
    now: () => now(),
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
    detail,
    markSoldOut,
    balance,
    setBalance,
    jobHandlers,
  };
}

export type Engine = ReturnType<typeof createEngine>;

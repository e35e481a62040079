/**
 * The booking order's life: 创单 → 占位 (hold job) → 确认出票 (debit) → 出票 (issue job), or 取消 /
 * expiry at the pay limit. Every step is one transaction that also queues its callback.
 */
import type { z } from 'zod';
import { fenToYuan } from '@/protocol/money';
import { MSG, ORDER_STATUS as O, TICKET_STATUS as T, orderStatusLabel } from '@/protocol/panhe/codes';
import { confirmSign, decryptField, safeEqualHex } from '@/protocol/panhe/sign';
import type * as w from '@/protocol/panhe/wire';
import { isIdNumber } from '../accounts/id-number';
import type { BookingState } from '../accounts-gate';
import { parseWireTime, seatTypeName, wireDate } from '../format';
import { enqueueJob } from '../jobs';
import { holdDueAt, inNightClosure } from '../night';
import type { Front } from '../fronts';
import { faresOf, findRun, runOf, saleStartOf, type Run } from '../network';
import {
  cancelLockRefusal,
  identityRefusal,
  MAX_PASSENGERS_PER_ORDER,
  payDeadline,
  presaleCheck,
  tooCloseToDeparture,
  TRAVELLING,
  unfinishedOrderRefusal,
} from '../policy';
import { DEMO_ACCOUNT } from '../accounts/rules';
import { expireChange } from './changes';
import { faultsOf, num, SandboxError, sameFen, type Ctx, type Tx } from './context';
import { notify } from './events';
import { moneyFault, moveBalance } from './money';
import { entranceFor, new12306No, newOrderNo, newTicketNo } from './numbers';
import { ticketFare } from './pricing';
import { checkDocuments } from './documents';
import { checkPreferences, legRow, requireRun, sleeperPref } from './requests';
import { EXPIRED_REASON, lockOrder, type OrderRow, type TicketRow } from './rows';
import { allocate, available, insertSale, lockRun, releaseOrderSeats, salesOf, standingSeatNo } from './seats';

// ---- 创单 -------------------------------------------------------------------------------------------
export async function createOrder(ctx: Ctx, req: z.output<typeof w.createOrderRequest>) {
  const { sql, opts } = ctx;
  if (req.passengers.length > MAX_PASSENGERS_PER_ORDER)
    throw new SandboxError(`一单最多下${MAX_PASSENGERS_PER_ORDER}人`, MSG.BAD_PARAMS);
  const dup = await existingOrder(ctx, req.customerOrderNo ?? null);
  if (dup) return dup;
  const at = await ctx.now();
  // birthday / sex / countryCode as the card type requires (panhe-train-api.md l.103-106): 101.
  checkDocuments(req.passengers, at);
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

  return insertOrder(ctx, {
    orderNo: newOrderNo(),
    customerOrderNo: req.customerOrderNo ?? null,
    front: 'panhe',
    run,
    seatType,
    chooseSeats,
    chooseSleeper,
    acceptStanding: req.isAcceptStanding ?? false,
    callbackUrl: req.callBackUrl ?? null,
    refundCallbackUrl: req.refundTicketCallbackUrl ?? null,
    contactName: req.contactName,
    contactMobile: req.contactMobile,
    trainAccount: account,
    unfinishedReason: accountProblem,
    passengers: req.passengers,
    at,
  });
}

/** The order already placed under this customer order number by this key, if any. */
async function existingOrder(ctx: Ctx, customerOrderNo: string | null) {
  if (!customerOrderNo) return null;
  const [dup] = await ctx.sql<{ order_no: string }[]>`select order_no from sandbox.orders
    where app_key = ${ctx.opts.appKey} and customer_order_no = ${customerOrderNo}`;
  return dup ? { orderNo: dup.order_no } : null;
}

interface NewOrder {
  orderNo: string;
  customerOrderNo: string | null;
  front: Front;
  run: Run;
  seatType: number;
  chooseSeats: string | null;
  chooseSleeper: string | null;
  acceptStanding: boolean;
  callbackUrl: string | null;
  refundCallbackUrl: string | null;
  contactName: string;
  contactMobile: string;
  trainAccount: string;
  /** Set: the hold will fail with this reason (a refusal 12306 makes when the hold is tried). */
  unfinishedReason: string | null;
  passengers: { name: string; cardType: number; cardNo: string; mobile?: string | null; ticketType: number }[];
  at: Date;
  /** Runs in the order's transaction after its rows are written (the front's own rows). */
  afterInsert?: (tx: Tx, orderNo: string) => Promise<void>;
}

/** Writes the order, its tickets and the hold job in one transaction (idempotent by customer order number). */
function insertOrder(ctx: Ctx, o: NewOrder): Promise<{ orderNo: string }> {
  const { opts } = ctx;
  return ctx.sql.begin(async (tx) => {
    const inserted = await tx`insert into sandbox.orders ${tx({
      order_no: o.orderNo,
      app_key: opts.appKey,
      customer_order_no: o.customerOrderNo,
      status: O.HOLDING,
      ...legRow(o.run, o.seatType, o.chooseSeats, o.chooseSleeper, o.acceptStanding),
      callback_url: o.callbackUrl,
      refund_callback_url: o.refundCallbackUrl,
      contact_name: o.contactName,
      contact_mobile: o.contactMobile,
      train_account: o.trainAccount,
      unfinished_reason: o.unfinishedReason,
      created_at: o.at,
      front: o.front,
    })} on conflict (app_key, customer_order_no) do nothing returning order_no`;
    if (!inserted.length) {
      // A concurrent 创单 with the same customerOrderNo won: answer its order.
      const [dup] = await tx<{ order_no: string }[]>`select order_no from sandbox.orders
        where app_key = ${opts.appKey} and customer_order_no = ${o.customerOrderNo}`;
      return { orderNo: dup!.order_no };
    }
    for (const [i, p] of o.passengers.entries()) {
      await tx`insert into sandbox.tickets ${tx({
        order_no: o.orderNo,
        position: i,
        name: p.name,
        card_type: p.cardType,
        card_no: p.cardNo.trim().toUpperCase(),
        mobile: p.mobile ?? null,
        ticket_type: p.ticketType,
        seat_type: o.seatType,
        status: T.HOLDING,
      })}`;
    }
    await o.afterInsert?.(tx, o.orderNo);
    // FAQ §3 l.101 "每天23点…关闭": a hold due in the night closure waits for 06:00 (sandbox/night.ts).
    await enqueueJob(tx, 'hold', o.orderNo, holdDueAt(o.at, opts.holdDelayMs, opts.nightClosure ?? false));
    return { orderNo: o.orderNo };
  });
}

/** The 12306 account an agent front books with (Juhe books with its own accounts, FAQ §6). */
export const AGENT_ACCOUNT = 'agent';

/**
 * 创单 through an agent front (Juhe `submit`): the provider books with its own 12306 accounts (no
 * traveller login, no contact, no times: the run is found from the timetable by train, stations and
 * date). What 12306 refuses when the hold is tried is not refused here: a date outside pre-sale, sales
 * closed, a class the train does not have and sold-out seats all end in a failed hold (Juhe FAQ §4,
 * §29, §38). Refused at once (SandboxError): an unknown train/station pair (208, the front decides what
 * to do with it), 无座 asked for directly and bad 选座 (101).
 */
export async function createAgentOrder(
  ctx: Ctx,
  req: {
    orderNo: string;
    customerOrderNo: string;
    front: Front;
    trainCode: string;
    fromStation: string;
    toStation: string;
    date: string;
    seatType: number;
    chooseSeats: string | null;
    acceptStanding: boolean;
    passengers: NewOrder['passengers'];
    afterInsert?: NewOrder['afterInsert'];
  },
) {
  const dup = await existingOrder(ctx, req.customerOrderNo);
  if (dup) return dup;
  const at = await ctx.now();
  const run = findRun(req.trainCode, req.fromStation, req.toStation, req.date);
  if (!run)
    throw new SandboxError(
      `选择的车次不经过参数中的站点:${req.trainCode}次列车${req.date}不在${req.fromStation}上车或不经停${req.toStation}`,
      MSG.BAD_TRAIN,
    );
  const chooseSeats = req.chooseSeats ? req.chooseSeats.toUpperCase() : null;
  let refusal: string | null = null;
  const sale = presaleCheck(req.date, run.fromStation, saleStartOf(run.fromStation), at);
  if (!sale.ok) refusal = sale.msg;
  else if (tooCloseToDeparture(run.departAt, at)) refusal = '距离发车时间太近,无法购票';
  try {
    checkPreferences(run, req.seatType, req.passengers.length, chooseSeats, null);
  } catch (e) {
    if (!(e instanceof SandboxError) || e.msgCode !== MSG.BAD_SEAT) throw e;
    refusal ??= e.message; // a class the train does not have: 12306 refuses the hold
  }
  return insertOrder(ctx, {
    orderNo: req.orderNo,
    customerOrderNo: req.customerOrderNo,
    front: req.front,
    run,
    seatType: req.seatType,
    chooseSeats,
    chooseSleeper: null,
    acceptStanding: req.acceptStanding,
    callbackUrl: null,
    refundCallbackUrl: null,
    contactName: req.passengers[0]?.name ?? '',
    contactMobile: '',
    trainAccount: AGENT_ACCOUNT,
    unfinishedReason: refusal,
    passengers: req.passengers,
    at,
    afterInsert: req.afterInsert,
  });
}

const accountRefusal = (state: BookingState): string | null =>
  state === 'ok'
    ? null
    : state === 'not_logged_in'
      ? '12306账号登录失败:账号未登录、登录已失效或密码错误,请先登录12306账号后重新下单'
      : '12306账号登录失败:12306账号不存在';

// ---- 占座 (hold job) --------------------------------------------------------------------------------
async function failHold(ctx: Ctx, tx: Tx, order: OrderRow, reason: string) {
  await tx`update sandbox.orders set status = ${O.HOLD_FAILED}, unfinished_reason = ${reason},
    deal_at = ${await ctx.now()} where order_no = ${order.order_no} and status = ${O.HOLDING}`;
  await tx`update sandbox.tickets set status = ${T.HOLD_FAILED} where order_no = ${order.order_no}`;
  await notify(ctx, tx, order, 'order.hold');
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

export async function resolveHold(ctx: Ctx, tx: Tx, orderNo: string) {
  const [order] = await tx<OrderRow[]>`select * from sandbox.orders
    where order_no = ${orderNo} and status = ${O.HOLDING} for update`;
  if (!order) return;
  const tickets = await tx<TicketRow[]>`select * from sandbox.tickets where order_no = ${orderNo} order by position`;
  const at = await ctx.now();

  // Panhe books with the traveller's 12306 account (checked again now); an agent front with its own.
  const accountProblem =
    order.unfinished_reason ??
    (order.front === 'panhe' ? accountRefusal(await ctx.opts.bookingState(order.train_account)) : null);
  if (accountProblem) return failHold(ctx, tx, order, accountProblem);
  const badId = tickets.find((t) => t.card_type === 1 && !isIdNumber(t.card_no));
  if (badId) return failHold(ctx, tx, order, `乘客身份信息未通过验证:${badId.name}的身份证号码无效`);
  // 302 / 306: passengers on 12306's lists (policy.ts identityRefusal).
  for (const t of tickets) {
    const refused = identityRefusal(t.name, t.card_no);
    if (refused) return failHold(ctx, tx, order, refused.msg);
  }
  // 210: the traveller's own 12306 account already has an unpaid hold (policy.ts unfinishedOrderRefusal).
  if (order.front === 'panhe' && order.train_account !== DEMO_ACCOUNT.account) {
    const [row] = await tx<{ n: string }[]>`select count(*) as n from sandbox.orders
      where train_account = ${order.train_account} and front = 'panhe' and order_no <> ${orderNo}
        and status = ${O.HELD} and pay_limit_at > ${at}`;
    const refused = unfinishedOrderRefusal(Number(row?.n ?? 0));
    if (refused) return failHold(ctx, tx, order, refused.msg);
  }

  // A hold kept over the night closure is tried in the morning: the train may be too close by then.
  const keptOverNight = inNightClosure(new Date(order.created_at.getTime() + ctx.opts.holdDelayMs));
  if (ctx.opts.nightClosure && keptOverNight && tooCloseToDeparture(order.depart_at, at))
    return failHold(ctx, tx, order, '距离发车时间太近,无法购票');

  const run = runOf(order.run_key, order.from_idx, order.to_idx);
  await lockRun(tx, run.runKey);
  const conflict = await tripConflict(tx, orderNo, [...new Set(tickets.map((t) => t.card_no))], run);
  if (conflict) return failHold(ctx, tx, order, conflict);

  const alloc = await allocate(tx, run, order.seat_type, tickets.length, {
    chooseSeats: order.choose_seats,
    chooseSleeper: order.choose_sleeper,
    acceptStanding: order.accept_standing,
  });
  if (!alloc.ok) return failHold(ctx, tx, order, alloc.reason);

  let total = 0;
  // Juhe shows ticket_no from the hold on (§15 "0 → 2: ticket_no, cxin set"); Panhe from the issue.
  const no12306 = new12306No();
  for (const [i, t] of tickets.entries()) {
    const seat = alloc.seats[i] ?? null;
    const price = ticketFare(faresOf(run), order.seat_type, seat, t.ticket_type);
    if (price === null) throw new SandboxError('坐席无效', MSG.BAD_SEAT);
    total += price;
    await insertSale(tx, run, order.seat_type, seat, { ticketId: t.id });
    await tx`update sandbox.tickets set status = ${T.HELD}, seat_type = ${seat ? order.seat_type : 98},
      seat_no = ${seat?.seatNo ?? standingSeatNo(run, alloc.seats, order.seat_type)}, price_fen = ${price},
      ticket_no = ${order.front === 'panhe' ? null : newTicketNo(no12306, t.position + 1)}
      where id = ${t.id}`;
  }
  const limit = payDeadline(at, order.depart_at);
  await tx`update sandbox.orders set status = ${O.HELD}, amount_fen = ${total}, pay_limit_at = ${limit},
    order_no_12306 = ${no12306}, deal_at = ${at}
    where order_no = ${orderNo}`;
  await enqueueJob(tx, 'expire', orderNo, limit);
  await notify(ctx, tx, order, 'order.hold');
}

/** Cancels an unpaid hold whose pay limit has passed (job, and lazily before reads and confirm). */
export async function expireHold(ctx: Ctx, tx: Tx, orderNo: string): Promise<boolean> {
  const at = await ctx.now();
  const [order] = await tx<OrderRow[]>`update sandbox.orders
    set status = ${O.CANCELLED}, unfinished_reason = ${`${EXPIRED_REASON},订单已自动取消`}, cancelled_at = ${at}
    where order_no = ${orderNo} and status = ${O.HELD} and pay_limit_at <= ${at} returning *`;
  if (!order) return false;
  await tx`update sandbox.tickets set status = ${T.CANCELLED} where order_no = ${orderNo}`;
  await releaseOrderSeats(tx, orderNo);
  await notify(ctx, tx, order, 'order.cancel');
  return true;
}

/** Lazy expiry of the order's hold and change holds, before anything reads or acts on them. */
export async function expireIfDue(ctx: Ctx, orderNo: string) {
  // One look first (nothing is due on almost every read): the transaction that cancels, which checks
  // the same conditions again under its locks, runs only when the hold or a change hold is past its limit.
  const at = await ctx.now();
  const [due] = await ctx.sql<{ hold: boolean; changes: boolean }[]>`select
    exists (select 1 from sandbox.orders where order_no = ${orderNo} and status = ${O.HELD}
      and pay_limit_at <= ${at}) as hold,
    exists (select 1 from sandbox.change_orders where order_no = ${orderNo} and status = ${T.CHANGE_HELD}
      and confirm_limit_at <= ${at}) as changes`;
  if (!due?.hold && !due?.changes) return;
  await ctx.sql.begin(async (tx) => {
    await expireHold(ctx, tx, orderNo);
    const chas = await tx<{ cha_no: string }[]>`select cha_no from sandbox.change_orders
      where order_no = ${orderNo} and status = ${T.CHANGE_HELD}`;
    for (const c of chas) await expireChange(ctx, tx, c.cha_no);
  });
}

// ---- 确认出票 ---------------------------------------------------------------------------------------
export async function confirm(ctx: Ctx, req: z.output<typeof w.confirmRequest>) {
  const payAmount = req.payAmount ?? null;
  if (!safeEqualHex(req.sign, confirmSign(ctx.opts.secretKey, req.orderNo, payAmount)))
    throw new SandboxError('签名验证失败', MSG.BAD_SIGN);
  return pay(ctx, req.orderNo, payAmount);
}

/**
 * Pays a held order from the balance and asks for issue (确认出票 after its sign check; Juhe `pay`,
 * which has neither sign nor amount). Refusals: 201 unknown, 207 lapsed, 202 not held, 213 amount,
 * 212 balance too low (nothing debited).
 */
export async function pay(ctx: Ctx, orderNo: string, payAmount: number | null) {
  const { sql, opts } = ctx;
  const req = { orderNo };
  await expireIfDue(ctx, req.orderNo);
  return sql.begin(async (tx) => {
    const order = await lockOrder(ctx, tx, req.orderNo);
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
    const at = await ctx.now();
    await tx`update sandbox.orders set status = ${O.ISSUING}, pay_time = ${at} where order_no = ${req.orderNo}`;
    await tx`update sandbox.tickets set status = ${T.ISSUING} where order_no = ${req.orderNo}`;
    await enqueueJob(tx, 'issue', req.orderNo, new Date(at.getTime() + opts.issueDelayMs));
    // The debit last: the distributor's row is locked from here to the commit (a refusal rolls back
    // the lines above with it).
    const debited = await moveBalance(
      ctx,
      tx,
      order.app_key,
      { kind: 'debit', orderNo: req.orderNo, amountFen: -amount },
      true,
    );
    if (debited === null) throw new SandboxError('您的余额不足,不能出票', 212);
    return true;
  });
}

export async function issue(ctx: Ctx, tx: Tx, orderNo: string) {
  const [order] = await tx<OrderRow[]>`select * from sandbox.orders
    where order_no = ${orderNo} and status = ${O.ISSUING} for update`;
  if (!order) return;
  const at = await ctx.now();
  const failRate = faultsOf(ctx, order.front).issueFailRate;
  // Money fault: the issue fails and the debit is kept (never returned, no outTicketFail_Refund*).
  const keepDebit = await moneyFault(ctx, tx, 'debit_without_ticket', orderNo);
  if (keepDebit || (failRate > 0 && ctx.random() < failRate)) {
    // 出票失败: the debit returns to the balance ("money returns where it came from", FAQ §17/§23).
    if (!keepDebit)
      await moveBalance(ctx, tx, order.app_key, {
        kind: 'issue_fail_refund',
        orderNo,
        amountFen: num(order.amount_fen),
      });
    await tx`update sandbox.orders set status = ${O.ISSUE_FAILED}, issue_fail_refund_at = ${keepDebit ? null : at}, finished_at = ${at},
      unfinished_reason = ${keepDebit ? '12306出票失败' : '12306出票失败,票款已退回账户余额'} where order_no = ${orderNo}`;
    await tx`update sandbox.tickets set status = ${T.ISSUE_FAILED} where order_no = ${orderNo}`;
    await releaseOrderSeats(tx, orderNo);
    return notify(ctx, tx, order, 'order.issue');
  }
  const tickets = await tx<TicketRow[]>`select * from sandbox.tickets where order_no = ${orderNo} order by position`;
  for (const t of tickets) {
    await tx`update sandbox.tickets set status = ${T.ISSUED}, issued_at = ${at},
      ticket_no = ${t.ticket_no ?? newTicketNo(order.order_no_12306, t.position + 1)} where id = ${t.id}`;
  }
  await tx`update sandbox.orders set status = ${O.ISSUED}, ticket_time = ${at}, finished_at = ${at},
    ticket_entrance = ${entranceFor(order.train_code, order.from_idx)} where order_no = ${orderNo}`;
  await notify(ctx, tx, order, 'order.issue');
}

// ---- 取消 -------------------------------------------------------------------------------------------
/** The reason a cancel on request leaves on the order (what the daily cancel limit counts). */
export const CANCELLED_REASON = '订单已取消';

/**
 * 取消. A repeated cancel of a cancelled order answers as done (ticket-delivery-cancellation §四
 * "重复取消操作 | 提示'已处理'"): `{ repeated: true }`. The cancel of a hold whose passengers already
 * had MAX_CANCELS_PER_DAY holds cancelled today is refused with msgCode 206 (policy.ts).
 */
export async function cancel(ctx: Ctx, orderNo: string): Promise<{ repeated: boolean }> {
  await expireIfDue(ctx, orderNo);
  return ctx.sql.begin(async (tx) => {
    const order = await lockOrder(ctx, tx, orderNo);
    if (order.status === O.CANCELLED) return { repeated: true };
    if (order.status !== O.HOLDING && order.status !== O.HELD)
      throw new SandboxError(
        `只有占位中和占位成功状态下才允许取消,当前订单状态为:${orderStatusLabel(order.status)}`,
        MSG.BAD_ORDER_STATE,
      );
    const now = await ctx.now();
    // 12306 counts cancelled holds (seats given): a hold still being placed is not limited.
    if (order.status === O.HELD) {
      const [row] = await tx<{ n: string }[]>`select count(distinct o.order_no) as n
        from sandbox.orders o join sandbox.tickets t on t.order_no = o.order_no
        where o.order_no <> ${orderNo} and o.status = ${O.CANCELLED} and o.unfinished_reason = ${CANCELLED_REASON}
          and o.cancelled_at >= ${parseWireTime(`${wireDate(now)} 00:00`)}
          and t.card_no in (select card_no from sandbox.tickets where order_no = ${orderNo})`;
      const refusal = cancelLockRefusal(Number(row?.n ?? 0));
      if (refusal) throw new SandboxError(refusal.msg, refusal.msgCode);
    }
    await tx`update sandbox.orders set status = ${O.CANCELLED}, unfinished_reason = ${CANCELLED_REASON},
      cancelled_at = ${now} where order_no = ${orderNo}`;
    await tx`update sandbox.tickets set status = ${T.CANCELLED} where order_no = ${orderNo}`;
    await releaseOrderSeats(tx, orderNo);
    await notify(ctx, tx, order, 'order.cancel');
    return { repeated: false };
  });
}

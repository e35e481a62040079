/**
 * 改签: apply (改签占位 job) → confirm (debit needPayAmount; 改签出票 job) → 34 with the new ticket, or
 * cancel / expiry at confirmChangeLimitTime → 37. The original ticket mirrors the change order's
 * state while it is pending. Prices: ./pricing.ts (changePricing).
 */
import type { z } from 'zod';
import { fenToYuan } from '@/protocol/money';
import { MSG, TICKET_STATUS as T, ticketStatusLabel } from '@/protocol/panhe/codes';
import { changeConfirmSign, safeEqualHex } from '@/protocol/panhe/sign';
import type * as w from '@/protocol/panhe/wire';
import type { EventType } from '../callbacks';
import { parseWireTime, wireDate } from '../format';
import { enqueueJob } from '../jobs';
import { changeStationsRefusal } from '../change-stations';
import { cityOf, faresOf, runOf } from '../network';
import {
  CHANGE_LOCKED_MSG,
  CHANGEABLE,
  changeCancelLockRefusal,
  payDeadline,
  tooCloseToChange,
  TRAVELLING,
} from '../policy';
import { num, SandboxError, sameFen, type Ctx, type Tx } from './context';
import { moneyFault, moveBalance } from './money';
import { notify } from './events';
import { entranceFor, newChaNoCandidate, newTicketNo } from './numbers';
import { changePricing, ticketFare } from './pricing';
import { checkPreferences, legRow, requireRun, sleeperPref } from './requests';
import {
  CHANGE_EXPIRED_REASON,
  lockChange,
  lockOrder,
  type ChangeRow,
  type ChangeTicketRow,
  type TicketRow,
} from './rows';
import { allocate, insertSale, lockRun, releaseChangeSeats, standingSeatNo } from './seats';

export async function applyChange(ctx: Ctx, req: z.output<typeof w.changeRequest>) {
  const at = await ctx.now();
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
  return ctx.sql.begin(async (tx) => {
    const order = await lockOrder(ctx, tx, req.orderNo);
    if (tooCloseToChange(order.depart_at, at))
      throw new SandboxError('距离发车时间太近,无法改签', MSG.CHANGE_TOO_CLOSE);
    // Same-city stations, 变更到站 only ≥ 48 h before the original departure (../change-stations.ts).
    const stations = changeStationsRefusal(
      { fromStation: order.from_station, toStation: order.to_station, departAt: order.depart_at },
      { fromStation: run.fromStation, toStation: run.toStation },
      cityOf,
      at,
    );
    if (stations) throw new SandboxError(stations.msg, stations.msgCode);
    const all = await tx<TicketRow[]>`select * from sandbox.tickets where order_no = ${req.orderNo} order by position`;
    const chosen = ticketNos.map((no) => all.find((t) => t.ticket_no === no));
    if (chosen.some((t) => !t)) throw new SandboxError('该订单中无此乘客(票号不存在)', MSG.NO_PASSENGER);
    const tickets = chosen as TicketRow[];
    for (const t of tickets) {
      if (t.status === T.CHANGE_ISSUED)
        throw new SandboxError(
          `${CHANGE_LOCKED_MSG}:${t.name}的车票已改签过,一张火车票只能成功改签一次`,
          MSG.CHANGE_LOCKED,
        );
      if (!CHANGEABLE.includes(t.status))
        throw new SandboxError(`当前车票状态不允许执行此操作:${ticketStatusLabel(t.status)}`, MSG.BAD_TICKET_STATE);
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
      const candidate = newChaNoCandidate(req.orderNo);
      const rows = await tx`insert into sandbox.change_orders ${tx({
        cha_no: candidate,
        order_no: req.orderNo,
        status: T.CHANGE_HOLDING,
        ...legRow(run, req.seatType, chooseSeats, chooseSleeper, req.isAcceptStanding),
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
    await enqueueJob(tx, 'changeHold', chaNo, new Date(at.getTime() + ctx.opts.holdDelayMs));
    return chaNo;
  });
}

/** Moves the change order, its change tickets and the original tickets to `status`, with the callback. */
async function setChangeStatus(
  ctx: Ctx,
  tx: Tx,
  cha: ChangeRow,
  status: number,
  reason: string | null,
  event: EventType,
) {
  await tx`update sandbox.change_orders set status = ${status},
    unfinished_reason = coalesce(${reason}, unfinished_reason) where cha_no = ${cha.cha_no}`;
  await tx`update sandbox.change_tickets set status = ${status} where cha_no = ${cha.cha_no}`;
  await tx`update sandbox.tickets set status = ${status}
    where id in (select ticket_id from sandbox.change_tickets where cha_no = ${cha.cha_no})`;
  // 改签 exists only on the Panhe front (Juhe has no change API), to the change's own callBackUrl.
  const order = { order_no: cha.order_no, front: 'panhe', callback_url: null, refund_callback_url: null };
  await notify(ctx, tx, order, event, cha.callback_url);
}

export async function resolveChangeHold(ctx: Ctx, tx: Tx, chaNo: string) {
  const cha = await lockChange(ctx, tx, chaNo, T.CHANGE_HOLDING);
  if (!cha) return;
  const order = await lockOrder(ctx, tx, cha.order_no);
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
  if (!alloc.ok) return setChangeStatus(ctx, tx, cha, T.CHANGE_HOLD_FAILED, alloc.reason, 'change.hold');
  const newPrices: number[] = [];
  for (const [i, ct] of cts.entries()) {
    const seat = alloc.seats[i] ?? null;
    const price = ticketFare(faresOf(run), cha.seat_type, seat, ct.ticket_type);
    if (price === null) throw new SandboxError('坐席无效', MSG.BAD_SEAT);
    newPrices.push(price);
    await insertSale(tx, run, cha.seat_type, seat, { changeTicketId: ct.id });
    await tx`update sandbox.change_tickets set seat_type = ${seat ? cha.seat_type : 98},
      seat_no = ${seat?.seatNo ?? standingSeatNo(run, alloc.seats, cha.seat_type)}, price_fen = ${price}
      where id = ${ct.id}`;
  }
  const at = await ctx.now();
  const p = changePricing(
    cts.map((c) => num(c.old_price)),
    newPrices,
    order.depart_at,
    at,
  );
  const limit = payDeadline(at, cha.depart_at);
  await tx`update sandbox.change_orders set price_change_type = ${p.priceChangeType},
    price_change_type_info = ${p.priceChangeTypeInfo}, total_price_diff_fen = ${p.totalPriceDiffFen},
    diff_refund_fee_fen = ${p.diffRefundFeeFen}, diff_rate_percent = ${p.diffRatePercent},
    change_fee_fen = ${p.changeFeeFen}, need_pay_fen = ${p.needPayFen}, refund_amount_fen = ${p.refundFen},
    cha_refund_type = ${p.chaRefundType}, confirm_limit_at = ${limit} where cha_no = ${chaNo}`;
  await enqueueJob(tx, 'changeExpire', chaNo, limit);
  await setChangeStatus(ctx, tx, cha, T.CHANGE_HELD, null, 'change.hold');
}

/** Cancels an unconfirmed change hold whose confirm limit has passed (job, and lazily). */
export async function expireChange(ctx: Ctx, tx: Tx, chaNo: string): Promise<boolean> {
  const at = await ctx.now();
  const cha = await lockChange(ctx, tx, chaNo, T.CHANGE_HELD);
  if (!cha || !cha.confirm_limit_at || cha.confirm_limit_at > at) return false;
  await releaseChangeSeats(tx, chaNo);
  await setChangeStatus(ctx, tx, cha, T.CHANGE_CANCELLED, `${CHANGE_EXPIRED_REASON},改签已自动取消`, 'change.cancel');
  return true;
}

export async function confirmChange(ctx: Ctx, req: z.output<typeof w.changeConfirmRequest>) {
  const { sql, opts } = ctx;
  const payAmount = req.payAmount ?? null;
  if (!safeEqualHex(req.sign, changeConfirmSign(opts.secretKey, req.chaNo, payAmount)))
    throw new SandboxError('签名验证失败', MSG.BAD_SIGN);
  await sql.begin((tx) => expireChange(ctx, tx, req.chaNo));
  return sql.begin(async (tx) => {
    const cha = await lockChange(ctx, tx, req.chaNo);
    if (!cha || cha.order_no !== req.orderNo) throw new SandboxError('该改签单不存在', MSG.NO_ORDER);
    if (cha.status === T.CHANGE_CANCELLED && cha.unfinished_reason?.startsWith(CHANGE_EXPIRED_REASON))
      throw new SandboxError('订单已过期:超过确认时限,改签已自动取消', 207);
    if (cha.status !== T.CHANGE_HELD)
      throw new SandboxError(
        `只有改签占位成功状态下才允许确认改签,当前改签单状态为:${ticketStatusLabel(cha.status)}`,
        MSG.BAD_ORDER_STATE,
      );
    const needPay = num(cha.need_pay_fen);
    if (payAmount !== null && !sameFen(payAmount, needPay))
      throw new SandboxError(
        `支付金额与改签待支付金额不一致:needPayAmount为${fenToYuan(needPay)}元`,
        MSG.PRICE_MISMATCH,
      );
    const at = await ctx.now();
    await tx`update sandbox.change_orders set status = ${T.CHANGE_ISSUING}, pay_time = ${needPay > 0 ? at : null}
      where cha_no = ${cha.cha_no}`;
    await tx`update sandbox.change_tickets set status = ${T.CHANGE_ISSUING} where cha_no = ${cha.cha_no}`;
    await tx`update sandbox.tickets set status = ${T.CHANGE_ISSUING}
      where id in (select ticket_id from sandbox.change_tickets where cha_no = ${cha.cha_no})`;
    await enqueueJob(tx, 'changeIssue', cha.cha_no, new Date(at.getTime() + opts.issueDelayMs));
    // The debit last, as at 确认出票: the distributor's row stays locked only until the commit.
    if (needPay > 0) {
      const debited = await moveBalance(
        ctx,
        tx,
        opts.appKey,
        { kind: 'change_debit', orderNo: cha.order_no, chaNo: cha.cha_no, amountFen: -needPay },
        true,
      );
      if (debited === null) throw new SandboxError('您的余额不足,不能改签', 212);
    }
    return true;
  });
}

export async function issueChange(ctx: Ctx, tx: Tx, chaNo: string) {
  const cha = await lockChange(ctx, tx, chaNo, T.CHANGE_ISSUING);
  if (!cha) return;
  const order = await lockOrder(ctx, tx, cha.order_no);
  const at = await ctx.now();
  /** 改签 money back to the distributor's balance (nothing when 0). */
  const refundToBalance = async (amountFen: number) => {
    if (amountFen > 0)
      await moveBalance(ctx, tx, order.app_key, { kind: 'change_refund', orderNo: order.order_no, chaNo, amountFen });
  };
  const failRate = ctx.opts.faults().issueFailRate;
  if (failRate > 0 && ctx.random() < failRate) {
    const paid = num(cha.need_pay_fen);
    await refundToBalance(paid);
    await tx`update sandbox.change_orders set cha_refund_type = ${paid > 0 ? 1 : null},
      refund_amount_fen = ${paid}, refund_time = ${paid > 0 ? at : null} where cha_no = ${chaNo}`;
    await releaseChangeSeats(tx, chaNo);
    return setChangeStatus(
      ctx,
      tx,
      cha,
      T.CHANGE_ISSUE_FAILED,
      '12306改签出票失败,已支付的改签款已退回',
      'change.issue',
    );
  }
  const cts = await tx<ChangeTicketRow[]>`select * from sandbox.change_tickets where cha_no = ${chaNo} order by id`;
  for (const [i, ct] of cts.entries()) {
    await tx`update sandbox.change_tickets set ticket_no = ${newTicketNo(order.order_no_12306, 100 + i + 1)},
      issued_at = ${at} where id = ${ct.id}`;
    // The original seat is free again; the new one now belongs to the ticket.
    await tx`delete from sandbox.seat_sales where ticket_id = ${ct.ticket_id}`;
    await tx`update sandbox.seat_sales set ticket_id = ${ct.ticket_id} where change_ticket_id = ${ct.id}`;
  }
  let refundFen = num(cha.refund_amount_fen);
  if (refundFen > 0 && (await moneyFault(ctx, tx, 'change_refund_never_arrives', order.order_no, chaNo))) refundFen = 0;
  else if (refundFen > 100 && (await moneyFault(ctx, tx, 'change_refund_wrong_amount', order.order_no, chaNo))) {
    refundFen -= 100;
    await tx`update sandbox.change_orders set refund_amount_fen = ${refundFen} where cha_no = ${chaNo}`;
  }
  await refundToBalance(refundFen);
  await tx`update sandbox.change_orders set refund_time = ${refundFen > 0 ? at : null},
    ticket_entrance = ${entranceFor(cha.train_code, cha.from_idx)} where cha_no = ${chaNo}`;
  await setChangeStatus(ctx, tx, cha, T.CHANGE_ISSUED, null, 'change.issue');
}

/** The reason a change cancelled on request leaves (what the daily change-cancel limit counts). */
export const CHANGE_CANCELLED_REASON = '已取消改签申请';

export async function cancelChange(ctx: Ctx, chaNo: string) {
  await ctx.sql.begin((tx) => expireChange(ctx, tx, chaNo));
  return ctx.sql.begin(async (tx) => {
    const cha = await lockChange(ctx, tx, chaNo);
    if (!cha) throw new SandboxError('该改签单不存在', MSG.NO_ORDER);
    if (cha.status !== T.CHANGE_HOLDING && cha.status !== T.CHANGE_HELD)
      throw new SandboxError(
        `只有占位中和占位成功状态下才允许取消操作,当前订单状态为:${ticketStatusLabel(cha.status)}`,
        MSG.BAD_ORDER_STATE,
      );
    await lockOrder(ctx, tx, cha.order_no);
    // 318: the passengers' change holds cancelled on request today (policy.ts changeCancelLockRefusal).
    const today = parseWireTime(`${wireDate(await ctx.now())} 00:00`);
    const [row] = await tx<{ n: string }[]>`select count(distinct c.cha_no) as n
      from sandbox.change_orders c join sandbox.change_tickets ct on ct.cha_no = c.cha_no
        join sandbox.tickets t on t.id = ct.ticket_id
      where c.cha_no <> ${chaNo} and c.status = ${T.CHANGE_CANCELLED} and c.unfinished_reason = ${CHANGE_CANCELLED_REASON}
        and c.applied_at >= ${today}
        and t.card_no in (select t2.card_no from sandbox.change_tickets ct2 join sandbox.tickets t2 on t2.id = ct2.ticket_id
          where ct2.cha_no = ${chaNo})`;
    const refusal = changeCancelLockRefusal(Number(row?.n ?? 0));
    if (refusal) throw new SandboxError(refusal.msg, refusal.msgCode);
    await releaseChangeSeats(tx, chaNo);
    await setChangeStatus(ctx, tx, cha, T.CHANGE_CANCELLED, CHANGE_CANCELLED_REASON, 'change.cancel');
    return true;
  });
}

/**
 * 退票: the online refund request (one ticket, original or changed), the station-window (offline)
 * refund the control endpoint reports, and the refund job that completes both: balance credited with
 * price − fee, seat released, `refund` callback.
 */
import type { z } from 'zod';
import { MSG, TICKET_STATUS as T, ticketStatusLabel } from '@/protocol/panhe/codes';
import type * as w from '@/protocol/panhe/wire';
import { enqueueJob } from '../jobs';
import { leavesChildAlone, printedRefusal, REFUNDABLE_CHANGED, REFUNDABLE_ORIGINAL, refundRefusal } from '../policy';
import { num, SandboxError, type Ctx, type Tx } from './context';
import { notify } from './events';
import { moneyFault, moveBalance } from './money';
import { ticketRefund } from './pricing';
import { lockOrder, type ChangeTicketRow, type TicketRow } from './rows';
import { isPrinted } from './station';

export async function refund(ctx: Ctx, req: z.output<typeof w.refundRequest>) {
  if (req.tickets.length !== 1) throw new SandboxError('12306暂不支持批量退票,多张票请分多次提交', MSG.BAD_PARAMS);
  return refundTickets(ctx, req.orderNo, req.tickets);
}

/** One ticket to refund, named by its number and its passenger (cardType checked when given). */
export interface RefundWanted {
  ticketNo: string;
  name: string;
  cardNo: string;
  cardType?: number;
}

/**
 * Online refund of the tickets named, all or none in one transaction (Panhe sends one per request;
 * Juhe `refund` may name several). Each must belong to the order, match its passenger and be
 * refundable now; the refund job completes each. 301 no such ticket/passenger, 303 ticket state,
 * 309/310/311 the 12306 rules, 312 printed at the station.
 */
export async function refundTickets(ctx: Ctx, orderNo: string, wanted: RefundWanted[]) {
  return ctx.sql.begin(async (tx) => {
    const order = await lockOrder(ctx, tx, orderNo);
    const tickets = await tx<TicketRow[]>`select * from sandbox.tickets where order_no = ${orderNo} order by position`;
    const at = await ctx.now();
    const seen = new Set<number>();
    for (const want of wanted) {
      let ticket = tickets.find((t) => t.ticket_no === want.ticketNo);
      let changed: (ChangeTicketRow & { depart_at: Date }) | undefined;
      if (ticket?.status === T.CHANGE_ISSUED)
        throw new SandboxError('原票改签成功后原票号无法再申请退票,请使用改签后的新票号', MSG.BAD_TICKET_STATE);
      if (!ticket) {
        // A changed ticket is refunded by its new ticket number.
        [changed] = await tx<(ChangeTicketRow & { depart_at: Date })[]>`
          select ct.*, c.depart_at from sandbox.change_tickets ct join sandbox.change_orders c on c.cha_no = ct.cha_no
          where c.order_no = ${orderNo} and ct.ticket_no = ${want.ticketNo}
            and ct.status in (${T.CHANGE_ISSUED}, ${T.REFUND_FAILED}, ${T.REFUNDING}, ${T.REFUNDED})`;
        ticket = tickets.find((t) => t.id === changed?.ticket_id);
      }
      if (
        !ticket ||
        seen.has(ticket.id) ||
        ticket.name !== want.name ||
        ticket.card_no !== want.cardNo.trim().toUpperCase() ||
        (want.cardType !== undefined && ticket.card_type !== want.cardType)
      )
        throw new SandboxError('该订单中无此乘客(姓名、证件号与票号不匹配)', MSG.NO_PASSENGER);
      seen.add(ticket.id);
      const status = changed ? changed.status : ticket.status;
      if (!(changed ? REFUNDABLE_CHANGED : REFUNDABLE_ORIGINAL).includes(status))
        throw new SandboxError(`当前车票状态不允许执行此操作:${ticketStatusLabel(status)}`, MSG.BAD_TICKET_STATE);
      // 312: printed at the station, refunded only at the window (policy.ts printedRefusal).
      const printed = printedRefusal(await isPrinted(tx, want.ticketNo));
      if (printed) throw new SandboxError(printed.msg, printed.msgCode);
      const issuedAt = (changed ? changed.issued_at : ticket.issued_at) ?? at;
      const departAt = changed ? changed.depart_at : order.depart_at;
      const refused = refundRefusal(issuedAt, departAt, at);
      if (refused) throw new SandboxError(refused.msg, refused.msgCode);
      // Tickets already asked for in this request count as refunded for the child-alone rule.
      const family = tickets.map((t) => ({
        id: t.id,
        ticketType: t.ticket_type,
        status: seen.has(t.id) && t.id !== ticket.id ? T.REFUNDING : t.status,
      }));
      if (leavesChildAlone(family, ticket.id))
        throw new SandboxError('订单中包含儿童票,如需退票请先退儿童票', MSG.CHILD_FIRST);
      const fee = ticketRefund({
        priceFen: num(changed ? changed.price_fen : ticket.price_fen),
        departAt,
        now: at,
        changedFrom:
          changed && ticket.issued_at ? { issuedAt: ticket.issued_at, originalDepartAt: order.depart_at } : undefined,
      });
      await tx`update sandbox.tickets set status = ${T.REFUNDING}, refund_fee_fen = ${fee.feeFen},
        refund_amount_fen = ${fee.refundFen}, refund_requested_at = ${at} where id = ${ticket.id}`;
      if (changed) await tx`update sandbox.change_tickets set status = ${T.REFUNDING} where id = ${changed.id}`;
      await enqueueJob(tx, 'refund', String(ticket.id), new Date(at.getTime() + ctx.opts.refundDelayMs));
    }
    return true;
  });
}

/** Completes an online refund (20) or a window refund awaiting its money (23): → 21. */
export async function completeRefund(ctx: Ctx, tx: Tx, ticketId: string) {
  const [t] = await tx<TicketRow[]>`select * from sandbox.tickets
    where id = ${Number(ticketId)} and status in (${T.REFUNDING}, ${T.REFUNDED_UNPAID}) for update`;
  if (!t) return;
  const order = await lockOrder(ctx, tx, t.order_no);
  // The ticket number the refund is for: a changed ticket's new number while its change is in force.
  const [ct] = await tx<{ ticket_no: string | null }[]>`select ticket_no from sandbox.change_tickets
    where ticket_id = ${t.id} and status in (${T.REFUNDING}, ${T.REFUNDED_UNPAID})`;
  const ticketNo = ct?.ticket_no ?? t.ticket_no ?? '';
  // Money faults: the refund never completes; it completes ¥1 short; it is credited and notified twice.
  if (await moneyFault(ctx, tx, 'refund_never_arrives', t.order_no, ticketNo)) return;
  let amount = num(t.refund_amount_fen);
  if (amount > 0 && (await moneyFault(ctx, tx, 'refund_wrong_amount', t.order_no, ticketNo))) {
    amount -= Math.min(100, amount);
    await tx`update sandbox.tickets set refund_amount_fen = ${amount} where id = ${t.id}`;
  }
  const at = await ctx.now();
  await tx`update sandbox.tickets set status = ${T.REFUNDED}, refund_at = ${at} where id = ${t.id}`;
  await tx`update sandbox.change_tickets set status = ${T.REFUNDED}
    where ticket_id = ${t.id} and status in (${T.REFUNDING}, ${T.REFUNDED_UNPAID})`;
  const kind = t.status === T.REFUNDED_UNPAID ? 'offline_refund' : 'ticket_refund';
  const credit = { kind, orderNo: t.order_no, ticketNo, amountFen: amount };
  await moveBalance(ctx, tx, order.app_key, credit);
  const twice = await moneyFault(ctx, tx, 'refund_reported_twice', t.order_no, ticketNo);
  if (twice) await moveBalance(ctx, tx, order.app_key, credit);
  await tx`delete from sandbox.seat_sales where ticket_id = ${t.id}`;
  await notify(ctx, tx, order, 'refund');
  if (twice) await notify(ctx, tx, order, 'refund');
}

export interface OfflineRefund {
  orderNo: string;
  ticketNo: string;
  status: number;
  feeFen: number;
  refundFen: number;
}

/**
 * A ticket refunded at a station window (sandbox control; the real provider learns it from 12306):
 * "如果客户已在线下取票,只能在车站窗口办理退票,平台在收到12306退款后,将退回账户余额中" (panhe 退票).
 * The ticket goes to 23 已退票未退款 at once and its seat is released (the window took the ticket
 * back); the money arrives after the refund delay, when the refund job moves it to 21 with the fee and
 * amount and sends the `refund` callback, as an online refund does. The window is not bound by the
 * online limits (309 five minutes after issue, 310 close to departure, 311 child first), so none is
 * checked; the fee is the 12306 schedule at this moment unless `feeFen` (what the window kept) is given.
 * Ticket numbers are as for 退票: a changed ticket by its new number.
 */
export async function offlineRefund(ctx: Ctx, ticketNo: string, feeFen?: number): Promise<OfflineRefund> {
  return ctx.sql.begin(async (tx) => {
    const [found] = await tx<{ order_no: string; ticket_id: number; change_ticket_id: number | null }[]>`
      select t.order_no, t.id as ticket_id, null::int as change_ticket_id
      from sandbox.tickets t join sandbox.orders o on o.order_no = t.order_no
      where t.ticket_no = ${ticketNo} and o.app_key = ${ctx.opts.appKey}
      union all
      select t.order_no, t.id, ct.id
      from sandbox.change_tickets ct join sandbox.tickets t on t.id = ct.ticket_id
        join sandbox.orders o on o.order_no = t.order_no
      where ct.ticket_no = ${ticketNo} and o.app_key = ${ctx.opts.appKey}
      limit 1`;
    if (!found) throw new SandboxError(`票号不存在:${ticketNo}`, MSG.NO_PASSENGER);
    const order = await lockOrder(ctx, tx, found.order_no);
    const [ticket] = await tx<TicketRow[]>`select * from sandbox.tickets where id = ${found.ticket_id} for update`;
    const [changed] = found.change_ticket_id
      ? await tx<(ChangeTicketRow & { depart_at: Date })[]>`
          select ct.*, c.depart_at from sandbox.change_tickets ct join sandbox.change_orders c on c.cha_no = ct.cha_no
          where ct.id = ${found.change_ticket_id}`
      : [];
    // A changed ticket's state is its change ticket's while that is in force; the original number of
    // a changed ticket (34 on the original row) is no longer a ticket anyone holds.
    const status = changed ? changed.status : ticket!.status;
    if (!(changed ? REFUNDABLE_CHANGED : REFUNDABLE_ORIGINAL).includes(status))
      throw new SandboxError(`当前车票状态不允许执行此操作:${ticketStatusLabel(status)}`, MSG.BAD_TICKET_STATE);
    const at = await ctx.now();
    const priceFen = num(changed ? changed.price_fen : ticket!.price_fen);
    const quote = ticketRefund({
      priceFen,
      departAt: changed ? changed.depart_at : order.depart_at,
      now: at,
      changedFrom:
        changed && ticket!.issued_at ? { issuedAt: ticket!.issued_at, originalDepartAt: order.depart_at } : undefined,
    });
    const fee = feeFen === undefined ? quote.feeFen : Math.min(feeFen, priceFen);
    // Money fault: 12306 pays the window refund into the balance, but the provider never reports it
    // (订单详情 keeps showing the ticket as it was; no callback).
    if (await moneyFault(ctx, tx, 'offline_refund_unreported', order.order_no, ticketNo)) {
      await moveBalance(ctx, tx, order.app_key, {
        kind: 'offline_refund',
        orderNo: order.order_no,
        ticketNo,
        amountFen: priceFen - fee,
      });
      await tx`delete from sandbox.seat_sales where ticket_id = ${ticket!.id}`;
      return { orderNo: order.order_no, ticketNo, status, feeFen: fee, refundFen: priceFen - fee };
    }
    await tx`update sandbox.tickets set status = ${T.REFUNDED_UNPAID}, refund_fee_fen = ${fee},
      refund_amount_fen = ${priceFen - fee} where id = ${ticket!.id}`;
    if (changed) await tx`update sandbox.change_tickets set status = ${T.REFUNDED_UNPAID} where id = ${changed.id}`;
    await tx`delete from sandbox.seat_sales where ticket_id = ${ticket!.id}`;
    await enqueueJob(tx, 'refund', String(ticket!.id), new Date(at.getTime() + ctx.opts.refundDelayMs));
    return { orderNo: order.order_no, ticketNo, status: T.REFUNDED_UNPAID, feeFen: fee, refundFen: priceFen - fee };
  });
}

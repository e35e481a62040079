/**
 * The station side of a ticket the sandbox must know for msgCode 312: tickets printed (已取票) at a
 * station. panhe-train-api.md 退票: "此接口只适合在线购票成功,未取票的客票退票申请。如果客户已在线下取票,
 * 只能在车站窗口办理退票" — an online refund of a printed ticket is refused (312 "不支持网上退票",
 * policy.ts printedRefusal); the window refund stays POST /sandbox/tickets/:ticketNo/offline-refund.
 *
 * Storage: issue 26 allows no new migration, so the marks live in a row of their own of
 * sandbox.fault_config (id STATION_ROW_ID, `{ printed: { ticketNo: ISO time } }`), which the fault
 * store neither reads nor resets (it keeps rows 1-3). Merged with jsonb `||` in one statement, so two
 * marks never lose each other. A table of its own belongs here when a sandbox migration is allowed.
 */
import { MSG, TICKET_STATUS as T, ticketStatusLabel } from '@/protocol/panhe/codes';
import { SandboxError, type Ctx, type Tx } from './context';

export const STATION_ROW_ID = 100;

/** Tickets that can be printed: issued ones (an original 8, or a changed ticket 34 by its new number). */
const PRINTABLE: readonly number[] = [T.ISSUED, T.CHANGE_ISSUED, T.REFUND_FAILED];

/** Marks the ticket with this number printed at the station (control endpoint). */
export async function markPrinted(ctx: Ctx, ticketNo: string): Promise<{ ticketNo: string; printedAt: string }> {
  const [found] = await ctx.sql<{ status: number }[]>`
    select t.status from sandbox.tickets t join sandbox.orders o on o.order_no = t.order_no
    where t.ticket_no = ${ticketNo} and o.app_key = ${ctx.opts.appKey}
    union all
    select ct.status from sandbox.change_tickets ct join sandbox.tickets t on t.id = ct.ticket_id
      join sandbox.orders o on o.order_no = t.order_no
    where ct.ticket_no = ${ticketNo} and o.app_key = ${ctx.opts.appKey}
    limit 1`;
  if (!found) throw new SandboxError(`票号不存在:${ticketNo}`, MSG.NO_PASSENGER);
  if (!PRINTABLE.includes(found.status))
    throw new SandboxError(`当前车票状态不能取票:${ticketStatusLabel(found.status)}`, MSG.BAD_TICKET_STATE);
  const printedAt = (await ctx.now()).toISOString();
  const mark = ctx.sql.json({ printed: { [ticketNo]: printedAt } });
  await ctx.sql`insert into sandbox.fault_config (id, config) values (${STATION_ROW_ID}, ${mark})
    on conflict (id) do update set config = jsonb_build_object('printed',
      coalesce(sandbox.fault_config.config -> 'printed', '{}'::jsonb) || (excluded.config -> 'printed'))`;
  return { ticketNo, printedAt };
}

/** Whether the ticket with this number was printed at the station. */
export async function isPrinted(tx: Tx, ticketNo: string): Promise<boolean> {
  const [row] = await tx<{ printed: boolean }[]>`select (config -> 'printed') ? ${ticketNo} as printed
    from sandbox.fault_config where id = ${STATION_ROW_ID}`;
  return row?.printed ?? false;
}

/**
 * The templates: each notification kind in Chinese with the order's facts read when the job runs,
 * personal data masked (lib/domain/mask.ts: the contact mobile as 138****5678, passengers by name only,
 * never an ID number), and a link into the portal. A reminder whose moment has passed (the order was
 * paid, the ticket refunded or changed) renders to null: nothing is sent.
 *
 * Plain HTML from these lines (escaped), not a templating library: the worker runs with the
 * react-server condition, where react-dom/server's renderer is not available, and a notification is a
 * title, a few lines and one button.
 */
import { asc, eq } from 'drizzle-orm';
import { createEvent } from 'ics';
import { db } from '@/db/client';
import {
  agencyInvitations,
  changeOrders,
  grabOrders,
  orders,
  orderTickets,
  ticketRefunds,
  type Order,
  type OrderTicket,
} from '@/db/schema';
import { openPii } from '@/lib/crypto/pii';
import { env } from '@/lib/env';
import { formatFen } from '@/lib/format';
import { formatShanghai } from '@/lib/time';
import type { NotifyJob } from './events';
import { KINDS, isKind, type NotifyKind } from './kinds';

export interface Rendered {
  title: string;
  lines: string[];
  /** Absolute link into the portal. */
  link: string | null;
  /** A calendar file for the email (tickets issued). */
  ics?: string;
  /** Departure reminders ignore quiet hours. */
  ignoresQuietHours: boolean;
  /** The link carries a secret (an invitation token): sent, never stored on the notification row. */
  secretLink?: boolean;
}

/** The portal's address as travellers reach it (NEXTAUTH_URL; PORTAL_PUBLIC_URL; localhost:PORT). */
export function baseUrl(): string {
  const e = env();
  return (e.NEXTAUTH_URL ?? e.PORTAL_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
}

const USABLE_TICKET = 8;

function leg(o: Pick<Order, 'trainCode' | 'fromStation' | 'toStation' | 'departureAt' | 'arrivalAt'>): string {
  const arrive = o.arrivalAt ? ` → ${formatShanghai(o.arrivalAt).slice(11)} 到达` : '';
  return `${o.trainCode} ${o.fromStation} → ${o.toStation}，${formatShanghai(o.departureAt)} 开${arrive}`;
}

function ticketLines(tickets: OrderTicket[]): string[] {
  return tickets.map(
    (t) =>
      `${t.passengerName}：${t.seatNo ?? '座位待定'}${t.ticketEntrance ? `，检票口 ${t.ticketEntrance}` : ''}${
        t.priceFen ? `，票价 ${formatFen(t.priceFen)}` : ''
      }`,
  );
}

function calendarFile(o: Order, tickets: OrderTicket[], link: string): string | undefined {
  const { value, error } = createEvent({
    uid: `order-${o.id}@rail-portal`,
    title: `${o.trainCode} ${o.fromStation} → ${o.toStation}`,
    start: o.departureAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    ...(o.arrivalAt
      ? { end: o.arrivalAt.getTime(), endInputType: 'utc' as const, endOutputType: 'utc' as const }
      : { duration: { hours: 1 } }),
    location: o.fromStation,
    description: ticketLines(tickets).join('\n'),
    url: link,
    alarms: [{ action: 'display', description: '发车提醒', trigger: { hours: 2, before: true } }],
  });
  return error || !value ? undefined : value;
}

async function orderWithTickets(orderId: string) {
  const [o] = await db().select().from(orders).where(eq(orders.id, orderId));
  if (!o) return null;
  const tickets = await db()
    .select()
    .from(orderTickets)
    .where(eq(orderTickets.orderId, orderId))
    .orderBy(asc(orderTickets.position));
  return { o, tickets };
}

const contact = (o: Order) => (o.contactMobileMasked ? [`联系手机：${o.contactMobileMasked}`] : []);

/** The notification for a job, with the facts as they are now; null: nothing to send any more. */
export async function render(job: NotifyJob): Promise<Rendered | null> {
  if (!isKind(job.kind)) return null;
  const kind: NotifyKind = job.kind;
  const base = baseUrl();
  const out = (title: string, lines: string[], link: string | null, ics?: string): Rendered => ({
    title,
    lines,
    link,
    ...(ics ? { ics } : {}),
    ignoresQuietHours: 'ignoresQuietHours' in KINDS[kind] && KINDS[kind].ignoresQuietHours === true,
  });
  const facts = job.facts ?? {};

  if (job.orderId) {
    const found = await orderWithTickets(job.orderId);
    if (!found) return null;
    const { o, tickets } = found;
    const link = `${base}/trips/${o.id}`;
    switch (kind) {
      case 'hold_succeeded':
        return out(
          `占座成功，请在 ${o.payLimitAt ? formatShanghai(o.payLimitAt) : '规定时间'} 前支付`,
          [
            leg(o),
            ...ticketLines(tickets),
            `应付 ${formatFen(o.totalFen)}，支付截止：${o.payLimitAt ? formatShanghai(o.payLimitAt) : '以订单页为准'}（北京时间），逾期座位将被释放。`,
            ...contact(o),
          ],
          link,
        );
      case 'pay_reminder':
        // Re-checked now: only a hold still unpaid gets the reminder.
        if (o.status !== 2 || o.paymentStatus !== 'unpaid') return null;
        return out(
          `还剩约 10 分钟：请在 ${o.payLimitAt ? formatShanghai(o.payLimitAt) : ''} 前支付`,
          [leg(o), `应付 ${formatFen(o.totalFen)}，逾期未支付订单将自动取消。`],
          link,
        );
      case 'hold_failed':
        return out('占座失败', [leg(o), `原因：${o.failureReason ?? '未知，请稍后重试'}`, '未扣款。'], link);
      case 'tickets_issued':
      case 'agency_customer_order':
        if (kind === 'agency_customer_order' && o.status === 9)
          return out(
            '客户订单出票失败',
            [leg(o), `原因：${o.failureReason ?? '未知'}`, '已付款项将按原路退回。'],
            `${base}/agent/orders`,
          );
        return out(
          kind === 'agency_customer_order' ? '客户订单出票成功' : '出票成功',
          [leg(o), ...ticketLines(tickets), ...contact(o), '请携带购票时使用的有效身份证件乘车。'],
          kind === 'agency_customer_order' ? `${base}/agent/orders` : link,
          calendarFile(o, tickets, link),
        );
      case 'issue_failed':
        return out(
          '出票失败，款项将退回',
          [
            leg(o),
            `原因：${o.failureReason ?? '未知'}`,
            o.paidFen ? `已付 ${formatFen(o.paidFen)} 将按原支付方式退回。` : '未扣款。',
          ],
          link,
        );
      case 'departure_eve':
      case 'departure_2h': {
        // Re-checked now: a refunded or changed ticket gets no reminder for this train. The order's
        // own reminders cover its original tickets; a 改签's (refId: the change) the tickets it issued.
        const [c] = job.refId ? await db().select().from(changeOrders).where(eq(changeOrders.id, job.refId)) : [];
        if (job.refId && (!c || c.status !== 34)) return null;
        const train = c ?? o;
        const usable = tickets.filter((t) => t.status === USABLE_TICKET && t.changeOrderId === (c ? c.id : null));
        if (o.status !== 8 || !usable.length) return null;
        return out(
          kind === 'departure_eve'
            ? `明天出发：${train.trainCode} ${formatShanghai(train.departureAt).slice(11)} 开`
            : `${train.trainCode} 将于 2 小时后发车`,
          [leg(train), ...ticketLines(usable), '请预留安检和检票时间，携带购票证件。'],
          link,
        );
      }
      case 'refund_result': {
        const [r] = job.refId ? await db().select().from(ticketRefunds).where(eq(ticketRefunds.id, job.refId)) : [];
        if (!r) return null;
        const t = tickets.find((x) => x.id === r.ticketId);
        const who = t ? `${t.passengerName} 的车票` : '车票';
        if (r.status === 22)
          return out('退票失败', [leg(o), `${who}退票未成功：${r.failureReason ?? '原因未知'}`], link);
        const back = r.providerRefundFen ?? t?.refundAmountFen ?? null;
        return out(
          '退票成功',
          [
            leg(o),
            `${who}已退。${r.feeFen !== null ? `退票费 ${formatFen(r.feeFen)}，` : ''}${
              back !== null ? `退款 ${formatFen(back)} ` : '退款'
            }将按原支付方式退回。`,
          ],
          link,
        );
      }
      case 'change_result': {
        const [c] = job.refId ? await db().select().from(changeOrders).where(eq(changeOrders.id, job.refId)) : [];
        if (!c) return null;
        if (c.status === 34) {
          const money =
            c.priceChangeType === 3 && c.providerRefundFen
              ? `差价 ${formatFen(c.providerRefundFen)} 将按原支付方式退回。`
              : c.priceChangeType === 1 && c.paidFen
                ? `已补差价 ${formatFen(c.paidFen)}。`
                : '';
          return out('改签成功', [`新车次：${leg(c)}`, money].filter(Boolean), link);
        }
        return out(
          c.status === 37 ? '改签已取消' : '改签未成功',
          [`原车票不变：${leg(o)}`, c.failureReason ? `原因：${c.failureReason}` : ''].filter(Boolean),
          link,
        );
      }
      default:
        break;
    }
  }

  if (kind === 'grab_result' && job.grabId) {
    const [g] = await db().select().from(grabOrders).where(eq(grabOrders.id, job.grabId));
    if (!g) return null;
    const what = String(facts.what ?? g.status);
    const titles: Record<string, string> = {
      started: '抢票已开始',
      succeeded: '抢票成功',
      expired: '抢票已过期',
      cancelled: '抢票已取消',
    };
    const returned = g.prepaidFen - g.handedOverFen;
    // Succeeded: the tickets it got (train, date, times, each passenger's carriage and seat), as 出票成功.
    const won = what === 'succeeded' && g.resultOrderId ? await orderWithTickets(g.resultOrderId) : null;
    const wonTickets = won ? won.tickets.filter((t) => t.status === USABLE_TICKET && t.changeOrderId === null) : [];
    return out(
      titles[what] ?? '抢票状态更新',
      [
        what === 'started' ? `预付 ${formatFen(g.prepaidFen)}，截止 ${formatShanghai(g.deadlineAt)}。` : '',
        ...(won ? [leg(won.o), ...ticketLines(wonTickets), ...contact(won.o)] : []),
        what === 'expired' || what === 'cancelled'
          ? `预付款 ${formatFen(Math.max(returned, 0))} 将按原支付方式退回。`
          : '',
      ].filter(Boolean),
      `${base}/trips/grabs/${g.id}`,
      won ? calendarFile(won.o, wonTickets, `${base}/trips/${won.o.id}`) : undefined,
    );
  }

  switch (kind) {
    case 'account_security': {
      const what = String(facts.what ?? '');
      const titles: Record<string, string> = {
        new_device: '新设备登录提醒',
        password_changed: '密码已修改',
        locked: '账号已临时锁定',
      };
      const lines: Record<string, string> = {
        new_device: `您的账号于 ${facts.at ? formatShanghai(String(facts.at)) : '刚刚'} 在新设备上登录（${facts.device ?? '未知设备'}）。如非本人操作，请立即修改密码。`,
        password_changed: '您的登录密码已修改，其他设备上的登录已失效。如非本人操作，请立即联系客服。',
        locked: `连续多次密码错误，账号已暂时锁定${facts.minutes ? ` ${facts.minutes} 分钟` : ''}。如非本人操作，请修改密码。`,
      };
      return out(titles[what] ?? '账号安全提醒', [lines[what] ?? ''], `${base}/signin`);
    }
    case 'agency_low_balance':
      return out(
        '预存款余额不足',
        [
          `当前余额 ${formatFen(Number(facts.balanceFen ?? 0))}，低于您设置的提醒额度 ${formatFen(Number(facts.thresholdFen ?? 0))}，请及时充值。`,
        ],
        `${base}/agent`,
      );
    case 'staff_invitation': {
      // Re-checked now: an invitation accepted or expired meanwhile is not sent.
      const [i] = job.refId
        ? await db().select().from(agencyInvitations).where(eq(agencyInvitations.id, job.refId))
        : [];
      if (!i || i.acceptedAt || i.expiresAt.getTime() <= Date.now() || !facts.sealedToken) return null;
      return {
        ...out(
          `${facts.agency ?? '旅行社'} 邀请您加入`,
          [
            `${facts.agency ?? '旅行社'} 邀请您（${i.email}）成为员工，为客户预订火车票。`,
            `请在 ${formatShanghai(i.expiresAt)}（北京时间）前点击链接接受邀请；没有账号可在该页面注册。`,
          ],
          `${base}/invite/${openPii(String(facts.sealedToken))}`,
        ),
        secretLink: true,
      };
    }
    default:
      return null;
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function emailText(r: Rendered): string {
  return [
    r.title,
    '',
    ...r.lines,
    ...(r.link ? ['', `查看详情：${r.link}`] : []),
    '',
    '—— 铁路购票（此邮件由系统发送，请勿回复）',
  ].join('\n');
}

export function emailHtml(r: Rendered): string {
  const lines = r.lines.map((l) => `<p style="margin:4px 0">${escapeHtml(l)}</p>`).join('');
  const button = r.link
    ? `<p style="margin:16px 0"><a href="${escapeHtml(r.link)}" style="background:#1d4ed8;color:#fff;padding:8px 16px;border-radius:6px;text-decoration:none">查看详情</a></p>`
    : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(r.title)}</title></head><body style="font-family:sans-serif;color:#0f172a"><h1 style="font-size:18px">${escapeHtml(r.title)}</h1>${lines}${button}<p style="color:#64748b;font-size:12px">铁路购票 · 此邮件由系统发送，请勿回复</p></body></html>`;
}

/**
 * The agency's activity log in words. agency_audit stores a short code per action (`order.pay`,
 * `customer.create`, …) with a subject (an id or an email) and a detail; the owner reads a sentence
 * ("张三 为客户 李四 预订 G1"), never the code. Pure, so it is unit-tested and safe on the client.
 */
import { formatFen } from '@/lib/format';

/** Every action `audit()` (lib/agency/service.ts) may record; `audit()` takes only these. */
export const AUDIT_ACTIONS = [
  'invite',
  'join',
  'suspend',
  'resume',
  'remove',
  'customer.create',
  'passenger.add',
  'order.book',
  'order.pay',
  'window-refund.claim',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One activity row, with its subject resolved to a name where one exists (a staff member, a customer, an order's train). */
export interface AuditEntry {
  action: string;
  actor: string;
  subject: string | null;
  detail: string | null;
  /** The subject in words: the staff member's name, the customer's name, the order's or ticket's train and passenger. */
  subjectName?: string | null;
}

const named = (s: string | null | undefined, fallback: string) => (s && s.trim() ? s.trim() : fallback);

/** `order.book` records "<train> <customer>" as its detail. */
function splitBooking(detail: string | null): { train: string; customer: string | null } {
  const d = (detail ?? '').trim();
  const at = d.indexOf(' ');
  return at < 0 ? { train: d, customer: null } : { train: d.slice(0, at), customer: d.slice(at + 1).trim() || null };
}

const LABELS: Record<AuditAction, (e: AuditEntry) => string> = {
  invite: (e) => `${e.actor} 邀请 ${named(e.subject, '新员工')} 加入本代理`,
  join: (e) => `${e.actor} 接受邀请，加入本代理`,
  suspend: (e) => `${e.actor} 停用了员工 ${named(e.subjectName, '（已移除的账号）')}`,
  resume: (e) => `${e.actor} 恢复了员工 ${named(e.subjectName, '（已移除的账号）')}`,
  remove: (e) => `${e.actor} 移除了员工 ${named(e.subjectName, '（已移除的账号）')}`,
  'customer.create': (e) => `${e.actor} 新建客户 ${named(e.detail ?? e.subjectName, '（未命名）')}`,
  'passenger.add': (e) =>
    `${e.actor} 为客户 ${named(e.subjectName, '（已删除的客户）')} 添加常用乘客 ${named(e.detail, '（未命名）')}`,
  'order.book': (e) => {
    const b = splitBooking(e.detail);
    const train = named(b.train || e.subjectName, '车次');
    return b.customer ? `${e.actor} 为客户 ${b.customer} 预订 ${train}` : `${e.actor} 预订 ${train}`;
  },
  'order.pay': (e) => {
    const fen = Number(e.detail);
    const amount = e.detail && Number.isInteger(fen) ? ` ${formatFen(fen)}` : '';
    const order = e.subjectName ? `${e.subjectName} 订单` : '订单';
    return `${e.actor} 用预存款支付 ${order}${amount}`;
  },
  'window-refund.claim': (e) => {
    const ticket = e.subjectName ? `（${e.subjectName}）` : '';
    const note = e.detail && e.detail.trim() ? `，备注：${e.detail.trim()}` : '';
    return `${e.actor} 登记车站退票${ticket}${note}`;
  },
};

export function isAuditAction(a: string): a is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(a);
}

/** The row as a sentence; an action this build does not know reads as 其他操作, never as its code. */
export function auditLabel(e: AuditEntry): string {
  return isAuditAction(e.action) ? LABELS[e.action](e) : `${e.actor} 执行了其他操作`;
}

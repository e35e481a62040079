/**
 * Order, ticket and grab-order state machines with the providers' codes and Chinese labels.
 *
 * Codes and labels (panhe-train-api.md 订单详情 orderStatus / ticketStatus / chaOrderStatus):
 *   order:  占位中 1, 占位成功 2, 占位失败 3, 已取消 5, 出票中 7, 出票成功 8, 出票失败 9
 *   ticket: the order codes plus 退票中 20, 退票成功 21, 退票失败 22, 已退票未退款 23, 改签占位中 30,
 *           改签占位成功 31, 改签占位失败 32, 改签确认出票中 33, 改签确认出票成功 34,
 *           改签确认出票失败 35, 改签已取消 37
 *   grab (juhe-grab-ticket-dictionary.md orderStatus): N 抢票单已创建, B 未到开抢时间, D 抢票中,
 *           F 抢票成功(出票成功), U 出票失败, O 已过期, C 已取消, T 已退票, E 已改签
 *
 * The provider's codes and their labels are protocol facts (protocol/panhe/codes.ts, re-exported
 * here); the transition tables are the portal's rules: its guarded UPDATEs consult them, so a late or
 * repeated event can never move a state backwards. Every transition not listed is refused. Rationale
 * per edge (from the docs):
 *   - cancel only from 占位中/占位成功 ("只有占位中和占位成功状态下才允许取消"), also for 改签单;
 *   - refund (→20) from 8, 32, 35, 37, 22 (original ticket) and 34, 22 (changed ticket);
 *   - change (→30) from 8, 22, 32, 35, 37; a changed ticket (34) is never changed again;
 *   - 已退票未退款 23: refunded (at a station window, or online before the money returns) but not yet
 *     paid back; it ends in 21 when the money arrives;
 *   - 3, 5, 9, 21 are final; 32, 35, 37 fall back to a usable ticket (refund or change again).
 */

import {
  ORDER_STATUS,
  TICKET_STATUS,
  type ChangeOrderStatus,
  type OrderStatus,
  type TicketStatus,
} from '@/protocol/panhe/codes';

export {
  CHANGE_ORDER_STATUS,
  ORDER_STATUS,
  ORDER_STATUS_LABELS,
  TICKET_STATUS,
  TICKET_STATUS_LABELS,
  changeOrderStatusLabel,
  orderStatusLabel,
  ticketStatusLabel,
  type ChangeOrderStatus,
  type OrderStatus,
  type TicketStatus,
} from '@/protocol/panhe/codes';

export const GRAB_STATUS = {
  CREATED: 'N',
  BEFORE_SALE: 'B',
  GRABBING: 'D',
  SUCCEEDED: 'F',
  ISSUE_FAILED: 'U',
  EXPIRED: 'O',
  CANCELLED: 'C',
  REFUNDED: 'T',
  CHANGED: 'E',
} as const;
export type GrabStatus = (typeof GRAB_STATUS)[keyof typeof GRAB_STATUS];

export const GRAB_STATUS_LABELS: Readonly<Record<GrabStatus, string>> = {
  N: '抢票单已创建',
  B: '未到开抢时间',
  D: '抢票中',
  F: '抢票成功(出票成功)',
  U: '出票失败',
  O: '已过期',
  C: '已取消',
  T: '已退票',
  E: '已改签',
};

export const grabStatusLabel = (s: string): string => GRAB_STATUS_LABELS[s as GrabStatus] ?? `未知状态 ${s}`;

const O = ORDER_STATUS;
const T = TICKET_STATUS;
const G = GRAB_STATUS;

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  [O.HOLDING]: [O.HELD, O.HOLD_FAILED, O.CANCELLED],
  [O.HELD]: [O.CANCELLED, O.ISSUING],
  [O.HOLD_FAILED]: [],
  [O.CANCELLED]: [],
  [O.ISSUING]: [O.ISSUED, O.ISSUE_FAILED],
  [O.ISSUED]: [],
  [O.ISSUE_FAILED]: [],
};

/** Ticket states from which the provider accepts a refund (original 8/32/35/37/22; changed 34/22). */
export const REFUND_FROM: readonly number[] = [
  T.ISSUED,
  T.REFUND_FAILED,
  T.CHANGE_HOLD_FAILED,
  T.CHANGE_ISSUED,
  T.CHANGE_ISSUE_FAILED,
  T.CHANGE_CANCELLED,
];
/** Ticket states from which a change may be applied for (8/22/32/35/37). */
export const CHANGE_FROM: readonly number[] = [
  T.ISSUED,
  T.REFUND_FAILED,
  T.CHANGE_HOLD_FAILED,
  T.CHANGE_ISSUE_FAILED,
  T.CHANGE_CANCELLED,
];
/** Ticket states in which the holder has a usable ticket that may be refunded at a station (→ 23). */
const OFFLINE_REFUNDABLE: readonly number[] = REFUND_FROM;

const usable = (s: TicketStatus): TicketStatus[] => [
  ...(REFUND_FROM.includes(s) ? [T.REFUNDING] : []),
  ...(OFFLINE_REFUNDABLE.includes(s) ? [T.REFUNDED_UNPAID] : []),
  ...(CHANGE_FROM.includes(s) ? [T.CHANGE_HOLDING] : []),
];

/**
 * The provider's per-passenger ticketStatus (订单详情 trainTickets[].ticketStatus) as the provider
 * reports it. It is a projection, not a machine of ours: it revisits states (8 → 30 → 37 → 30 … when a
 * change is cancelled and applied for again; 20 → 22 → 20 when a refund is retried). The sandbox uses
 * it to decide what the provider allows; the portal never stores it as a ticket state.
 */
export const PROVIDER_TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  [T.HOLDING]: [T.HELD, T.HOLD_FAILED, T.CANCELLED],
  [T.HELD]: [T.CANCELLED, T.ISSUING],
  [T.HOLD_FAILED]: [],
  [T.CANCELLED]: [],
  [T.ISSUING]: [T.ISSUED, T.ISSUE_FAILED],
  [T.ISSUED]: usable(T.ISSUED), // 20, 23, 30
  [T.ISSUE_FAILED]: [],
  [T.REFUNDING]: [T.REFUNDED, T.REFUND_FAILED, T.REFUNDED_UNPAID],
  [T.REFUNDED]: [],
  [T.REFUND_FAILED]: usable(T.REFUND_FAILED), // 20, 23, 30
  [T.REFUNDED_UNPAID]: [T.REFUNDED],
  [T.CHANGE_HOLDING]: [T.CHANGE_HELD, T.CHANGE_HOLD_FAILED, T.CHANGE_CANCELLED],
  [T.CHANGE_HELD]: [T.CHANGE_ISSUING, T.CHANGE_CANCELLED],
  [T.CHANGE_HOLD_FAILED]: usable(T.CHANGE_HOLD_FAILED), // 20, 23, 30
  [T.CHANGE_ISSUING]: [T.CHANGE_ISSUED, T.CHANGE_ISSUE_FAILED],
  [T.CHANGE_ISSUED]: usable(T.CHANGE_ISSUED), // 20, 23 — never changed again
  [T.CHANGE_ISSUE_FAILED]: usable(T.CHANGE_ISSUE_FAILED), // 20, 23, 30
  [T.CHANGE_CANCELLED]: usable(T.CHANGE_CANCELLED), // 20, 23, 30
};

/**
 * The portal's ticket (one row per ticket the traveller holds or held). Forward only, no cycles:
 * after-sales attempts are their own records with their own machines — a refund request
 * (REFUND_TRANSITIONS) and a 改签 change order (CHANGE_ORDER_TRANSITIONS). A ticket leaves 出票成功
 * only when one of them succeeds: 退票成功 21 (or 已退票未退款 23, then 21 when the money arrives), or
 * 改签确认出票成功 34, meaning "replaced": the change order then holds a new ticket row (issued, 8)
 * that may be refunded but never changed again (panhe-train-api.md: "每张票只能成功改签一次").
 * A failed refund (22) or a failed/cancelled change (32, 35, 37) leaves the ticket at 8.
 */
export const TICKET_TRANSITIONS: Readonly<Record<number, readonly TicketStatus[]>> = {
  [T.HOLDING]: [T.HELD, T.HOLD_FAILED, T.CANCELLED],
  [T.HELD]: [T.CANCELLED, T.ISSUING],
  [T.HOLD_FAILED]: [],
  [T.CANCELLED]: [],
  [T.ISSUING]: [T.ISSUED, T.ISSUE_FAILED],
  [T.ISSUED]: [T.REFUNDED, T.REFUNDED_UNPAID, T.CHANGE_ISSUED],
  [T.ISSUE_FAILED]: [],
  [T.REFUNDED]: [],
  [T.REFUNDED_UNPAID]: [T.REFUNDED],
  [T.CHANGE_ISSUED]: [],
};

/** A refund request for one ticket (退票): 退票中 20 → 退票成功 21 / 退票失败 22 / 已退票未退款 23 → 21. */
export const REFUND_STATUS = { REFUNDING: 20, REFUNDED: 21, FAILED: 22, REFUNDED_UNPAID: 23 } as const;
export type RefundStatus = (typeof REFUND_STATUS)[keyof typeof REFUND_STATUS];
export const REFUND_TRANSITIONS: Readonly<Record<RefundStatus, readonly RefundStatus[]>> = {
  20: [21, 22, 23],
  21: [],
  22: [],
  23: [21],
};

/** The 改签单's own machine (chaOrderStatus), a sub-machine of the ticket's 30-37 states. */
export const CHANGE_ORDER_TRANSITIONS: Readonly<Record<ChangeOrderStatus, readonly ChangeOrderStatus[]>> = {
  30: [31, 32, 37],
  31: [33, 37],
  32: [],
  33: [34, 35],
  34: [],
  35: [],
  37: [],
};

export const GRAB_TRANSITIONS: Readonly<Record<GrabStatus, readonly GrabStatus[]>> = {
  [G.CREATED]: [G.BEFORE_SALE, G.GRABBING, G.CANCELLED, G.EXPIRED],
  [G.BEFORE_SALE]: [G.GRABBING, G.CANCELLED, G.EXPIRED],
  [G.GRABBING]: [G.SUCCEEDED, G.ISSUE_FAILED, G.CANCELLED, G.EXPIRED],
  [G.SUCCEEDED]: [G.REFUNDED, G.CHANGED],
  [G.ISSUE_FAILED]: [],
  [G.EXPIRED]: [],
  [G.CANCELLED]: [],
  [G.REFUNDED]: [],
  [G.CHANGED]: [G.REFUNDED],
};

export type Machine = 'order' | 'ticket' | 'refund' | 'change' | 'grab' | 'providerTicket';

type AnyTable = Readonly<Record<string | number, readonly (string | number)[]>>;
const TABLES: Readonly<Record<Machine, AnyTable>> = {
  order: ORDER_TRANSITIONS,
  ticket: TICKET_TRANSITIONS,
  refund: REFUND_TRANSITIONS,
  change: CHANGE_ORDER_TRANSITIONS,
  providerTicket: PROVIDER_TICKET_TRANSITIONS,
  grab: GRAB_TRANSITIONS,
};

/** All states of a machine, in table order. */
export function statesOf(machine: 'grab'): GrabStatus[];
export function statesOf(machine: Exclude<Machine, 'grab'>): number[];
export function statesOf(machine: Machine): (number | string)[] {
  return Object.keys(TABLES[machine]).map((k) => (machine === 'grab' ? k : Number(k)));
}

/** Whether a machine may move directly from `from` to `to`. Unknown states never move. */
export function canTransition(machine: 'grab', from: string, to: string): boolean;
export function canTransition(machine: Exclude<Machine, 'grab'>, from: number, to: number): boolean;
export function canTransition(machine: Machine, from: number | string, to: number | string): boolean;
export function canTransition(machine: Machine, from: number | string, to: number | string): boolean {
  const table = TABLES[machine];
  return Object.hasOwn(table, from) && (table[from]?.includes(to) ?? false);
}

/** A state with no way out. */
export function isFinal(machine: Machine, s: number | string): boolean {
  const table = TABLES[machine];
  return Object.hasOwn(table, s) && (table[s]?.length ?? 0) === 0;
}

/**
 * Every state from which `to` can be reached by one or more allowed transitions. A callback may skip
 * intermediate states (a lost 占位成功 callback followed by 出票成功): moving forward along the
 * machine is accepted, moving backwards never is.
 */
export function statesLeadingTo(machine: Exclude<Machine, 'grab' | 'providerTicket'>, to: number): number[];
export function statesLeadingTo(machine: 'grab', to: string): string[];
export function statesLeadingTo(machine: Machine, to: number | string): (number | string)[] {
  const table = TABLES[machine];
  const found = new Set<number | string>();
  const queue: (number | string)[] = [to];
  while (queue.length) {
    const target = queue.pop()!;
    for (const [key, tos] of Object.entries(table)) {
      const f = machine === 'grab' ? key : Number(key);
      if (tos.includes(target) && !found.has(f)) {
        found.add(f);
        queue.push(f);
      }
    }
  }
  found.delete(to);
  return [...found].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
}

/** Whether a machine has a cycle (a state that can reach itself). Ours must not: see the tests. */
export function hasCycle(machine: Machine): boolean {
  const table = TABLES[machine];
  const key = (k: string) => (machine === 'grab' ? k : Number(k));
  return Object.keys(table).some((k) => {
    const start = key(k);
    const seen = new Set<number | string>();
    const stack = [...(table[start] ?? [])];
    while (stack.length) {
      const s = stack.pop()!;
      if (s === start) return true;
      if (seen.has(s)) continue;
      seen.add(s);
      stack.push(...(table[s] ?? []));
    }
    return false;
  });
}

/** Whether an issued ticket may be changed: never a ticket that is itself the result of a change. */
export function canApplyForChange(ticket: { status: number; changeOrderId: string | null }): boolean {
  return ticket.status === T.ISSUED && ticket.changeOrderId === null;
}

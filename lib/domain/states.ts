/**
 * Order and ticket state machines with the provider's codes (panhe-train-api.md 订单详情). The
 * transition tables are the single source of truth: the portal's guarded UPDATEs and the sandbox
 * both consult them, so a late or repeated event can never move a state backwards.
 */
export const ORDER_STATUS = {
  HOLDING: 1,
  HELD: 2,
  HOLD_FAILED: 3,
  CANCELLED: 5,
  ISSUING: 7,
  ISSUED: 8,
  ISSUE_FAILED: 9,
} as const;

export const TICKET_STATUS = {
  ...ORDER_STATUS,
  REFUNDING: 20,
  REFUNDED: 21,
  REFUND_FAILED: 22,
  REFUNDED_UNPAID: 23,
  CHANGE_HOLDING: 30,
  CHANGE_HELD: 31,
  CHANGE_HOLD_FAILED: 32,
  CHANGE_ISSUING: 33,
  CHANGE_ISSUED: 34,
  CHANGE_ISSUE_FAILED: 35,
  CHANGE_CANCELLED: 37,
} as const;

const LABELS: Record<number, string> = {
  1: '占座中',
  2: '占座成功',
  3: '占座失败',
  5: '已取消',
  7: '出票中',
  8: '出票成功',
  9: '出票失败',
  20: '退票中',
  21: '退票成功',
  22: '退票失败',
  23: '已退票未退款',
  30: '改签占位中',
  31: '改签占位成功',
  32: '改签占位失败',
  33: '改签确认出票中',
  34: '改签确认出票成功',
  35: '改签确认出票失败',
  37: '改签已取消',
};

export const orderStatusLabel = (s: number): string => LABELS[s] ?? `未知状态 ${s}`;
export const ticketStatusLabel = orderStatusLabel;

const O = ORDER_STATUS;
const T = TICKET_STATUS;

export const ORDER_TRANSITIONS: Record<number, readonly number[]> = {
  [O.HOLDING]: [O.HELD, O.HOLD_FAILED, O.CANCELLED],
  [O.HELD]: [O.CANCELLED, O.ISSUING],
  [O.HOLD_FAILED]: [],
  [O.CANCELLED]: [],
  [O.ISSUING]: [O.ISSUED, O.ISSUE_FAILED],
  [O.ISSUED]: [],
  [O.ISSUE_FAILED]: [],
};

/** A refund may start from an issued ticket or one whose change fell through (docs: 退票 allowed states). */
const REFUNDABLE = [T.REFUNDING];
const CHANGEABLE = [T.CHANGE_HOLDING];
export const TICKET_TRANSITIONS: Record<number, readonly number[]> = {
  [T.HOLDING]: [T.HELD, T.HOLD_FAILED, T.CANCELLED],
  [T.HELD]: [T.CANCELLED, T.ISSUING],
  [T.HOLD_FAILED]: [],
  [T.CANCELLED]: [],
  [T.ISSUING]: [T.ISSUED, T.ISSUE_FAILED],
  [T.ISSUED]: [...REFUNDABLE, ...CHANGEABLE, T.REFUNDED_UNPAID],
  [T.ISSUE_FAILED]: [],
  [T.REFUNDING]: [T.REFUNDED, T.REFUND_FAILED],
  [T.REFUNDED]: [],
  [T.REFUND_FAILED]: [...REFUNDABLE, ...CHANGEABLE],
  [T.REFUNDED_UNPAID]: [T.REFUNDED],
  [T.CHANGE_HOLDING]: [T.CHANGE_HELD, T.CHANGE_HOLD_FAILED],
  [T.CHANGE_HELD]: [T.CHANGE_ISSUING, T.CHANGE_CANCELLED],
  [T.CHANGE_HOLD_FAILED]: [...REFUNDABLE, ...CHANGEABLE],
  [T.CHANGE_ISSUING]: [T.CHANGE_ISSUED, T.CHANGE_ISSUE_FAILED],
  // A changed ticket can be refunded but not changed again.
  [T.CHANGE_ISSUED]: [...REFUNDABLE],
  [T.CHANGE_ISSUE_FAILED]: [...REFUNDABLE, ...CHANGEABLE],
  [T.CHANGE_CANCELLED]: [...REFUNDABLE, ...CHANGEABLE],
};

export type Machine = 'order' | 'ticket';

export function canTransition(machine: Machine, from: number, to: number): boolean {
  const table = machine === 'order' ? ORDER_TRANSITIONS : TICKET_TRANSITIONS;
  return table[from]?.includes(to) ?? false;
}

export function isFinal(machine: Machine, s: number): boolean {
  const table = machine === 'order' ? ORDER_TRANSITIONS : TICKET_TRANSITIONS;
  return (table[s]?.length ?? 0) === 0;
}

/** Ticket states from which the provider accepts a refund (docs: 原票 8/32/35/37/22; 新票 34/22). */
export const REFUND_FROM: readonly number[] = [
  T.ISSUED,
  T.CHANGE_HOLD_FAILED,
  T.CHANGE_ISSUE_FAILED,
  T.CHANGE_CANCELLED,
  T.REFUND_FAILED,
  T.CHANGE_ISSUED,
];
/** Ticket states from which a change may be applied for (docs: 8/22/32/35/37). */
export const CHANGE_FROM: readonly number[] = [
  T.ISSUED,
  T.REFUND_FAILED,
  T.CHANGE_HOLD_FAILED,
  T.CHANGE_ISSUE_FAILED,
  T.CHANGE_CANCELLED,
];

/**
 * Every state from which `to` can be reached by one or more allowed transitions. A callback may skip
 * intermediate states (a lost 占位成功 callback followed by 出票成功): moving forward along the
 * machine is accepted, moving backwards never is.
 */
export function statesLeadingTo(machine: Machine, to: number): number[] {
  const table = machine === 'order' ? ORDER_TRANSITIONS : TICKET_TRANSITIONS;
  const found = new Set<number>();
  const queue = [to];
  while (queue.length) {
    const target = queue.pop()!;
    for (const [from, tos] of Object.entries(table)) {
      const f = Number(from);
      if (tos.includes(target) && !found.has(f)) {
        found.add(f);
        queue.push(f);
      }
    }
  }
  found.delete(to);
  return [...found].sort((a, b) => a - b);
}

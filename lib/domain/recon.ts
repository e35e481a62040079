/**
 * Refund reconciliation vocabulary (lib/reconcile): the reasons a discrepancy is recorded for, their
 * labels, and the state machine of a discrepancy. Pure.
 *
 * States: open → explained → resolved, open → resolved. Acyclic (see recon.test.ts): an admin may
 * explain a discrepancy (the money is understood, e.g. "refunded at the window, fee differs") and
 * later resolve it (the money is settled), or resolve it at once. Reconciliation itself resolves an
 * open or explained discrepancy when a later run no longer finds it (the refund arrived); a resolved one
 * stays resolved even if found again (its row is updated, it does not reopen).
 */

export const RECON_REASONS = [
  'refund_missing',
  'amount_differs',
  'offline_refund_unreported',
  'refund_reported_twice',
  'debit_without_ticket',
  'traveller_not_credited',
  'credited_twice',
] as const;
export type ReconReasonCode = (typeof RECON_REASONS)[number];

export const RECON_REASON_LABELS: Readonly<Record<ReconReasonCode, string>> = {
  refund_missing: '退款超时未到账',
  amount_differs: '退款金额不符',
  offline_refund_unreported: '线下退票未上报',
  refund_reported_twice: '退款重复上报',
  debit_without_ticket: '扣款未出票',
  traveller_not_credited: '未退给旅客/旅行社',
  credited_twice: '重复退给旅客/旅行社',
};

export const RECON_STATES = ['open', 'explained', 'resolved'] as const;
export type ReconStateCode = (typeof RECON_STATES)[number];

export const RECON_STATE_LABELS: Readonly<Record<ReconStateCode, string>> = {
  open: '待处理',
  explained: '已说明',
  resolved: '已解决',
};

export const RECON_TRANSITIONS: Readonly<Record<ReconStateCode, readonly ReconStateCode[]>> = {
  open: ['explained', 'resolved'],
  explained: ['resolved'],
  resolved: [],
};

export function canMoveDiscrepancy(from: ReconStateCode, to: ReconStateCode): boolean {
  return RECON_TRANSITIONS[from]?.includes(to) ?? false;
}

export const reconReasonLabel = (r: string): string => RECON_REASON_LABELS[r as ReconReasonCode] ?? r;
export const reconStateLabel = (s: string): string => RECON_STATE_LABELS[s as ReconStateCode] ?? s;

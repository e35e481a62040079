/**
 * The gateway's asynchronous notifications: signed flat fields POSTed form-encoded to the merchant's
 * notifyUrl, retried with exponential backoff until the answer is HTTP 2xx with the body `success`,
 * up to maxAttempts (default 10: with 1 s backoff the last try is ~8.5 minutes after the first).
 * We keep our own table instead of sandbox.callbacks: provider callbacks give up after 3 attempts and
 * are JSON, while a payment notification must keep coming (Alipay retries for 25 hours) and, like
 * Alipay's, is a form. Rows are written in the transaction of the state change they report.
 */
import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { withSign } from '@/protocol/payments/sign';
import type { NotificationFields } from '@/protocol/payments/wire';
import { deliverDue } from '../delivery';
import { callbackTraceHeaders } from '../trace';
import type { FaultConfig } from '../faults';

export interface NotificationToSend {
  merchantId: string;
  secretKey: string;
  kind: 'payment' | 'refund';
  paymentNo: string;
  refundNo?: string | null;
  url: string;
  /** The fields without merchantId, notifyType, notifyId and sign (added here). */
  fields: NotificationFields;
}

export async function enqueueNotification(
  tx: postgres.TransactionSql,
  n: NotificationToSend,
  faults: FaultConfig,
  random: () => number = Math.random,
): Promise<void> {
  const notifyId = `N${Date.now().toString(36)}${randomBytes(6).toString('hex')}`;
  const body = withSign(n.secretKey, { ...n.fields, notifyType: n.kind, notifyId, merchantId: n.merchantId });
  const copies = faults.paymentNotifyDuplicate ? 2 : 1;
  for (let i = 0; i < copies; i++) {
    const dropped = faults.paymentNotifyDropRate > 0 && random() < faults.paymentNotifyDropRate;
    await tx`insert into sandbox.gateway_notifications
        (notify_id, merchant_id, kind, payment_no, refund_no, url, body, status, last_error, next_at)
      values (${notifyId}, ${n.merchantId}, ${n.kind}, ${n.paymentNo}, ${n.refundNo ?? null}, ${n.url},
        ${tx.json(body)}, ${dropped ? 'dropped' : 'pending'}, ${dropped ? 'dropped by fault injection' : null},
        now() + make_interval(secs => ${faults.paymentNotifyDelayMs / 1000}))`;
  }
}

export interface NotifyDeliveryOptions {
  /** Before retry n: backoffMs × 2^(n-1). */
  backoffMs: number;
  maxAttempts: number;
  timeoutMs: number;
  log?: (s: string) => void;
}

/** Delivers the notifications that are due (real time), form-encoded; answers how many attempts were made. */
export function deliverDueNotifications(sql: postgres.Sql, o: NotifyDeliveryOptions): Promise<number> {
  return deliverDue<Record<string, string | number>>(sql, {
    ...o,
    table: 'sandbox.gateway_notifications',
    label: 'payment notification',
    headers: (row) => callbackTraceHeaders(row.payment_no, row.body),
    encode: (body) => ({
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
      body: new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString(),
    }),
  });
}

/**
 * Outgoing callbacks (sandbox.callbacks). Panhe orders (format `json`): the body is the 订单详情 object
 * plus `eventType` and `sign = md5(secretKey + orderNo + secretKey)`, POSTed as JSON to the order's
 * callBackUrl (order and change events) or refundTicketCallbackUrl (refund events). Juhe orders (format
 * `form`, sandbox/juhe/pushes.ts): the body holds the form fields (`data` = the Order object as JSON
 * text), POSTed form-encoded to the key's setPush URL. The receiver must answer the body
 * `success`; otherwise the delivery is retried with exponential backoff, at most MAX_CALLBACK_ATTEMPTS
 * attempts in all. Rows are written in the same transaction as the state change they report, and a
 * claimed delivery leases the row (next_at pushed ahead), so a restart continues unfinished ones.
 */
import type postgres from 'postgres';
import type { CallbackEventType } from '@/protocol/panhe/codes';
import { deliverDue } from './delivery';
import { callbackTraceHeaders } from './trace';
import type { FaultConfig } from './faults';

export const MAX_CALLBACK_ATTEMPTS = 3;

/** 'order.hold' | 'order.issue' | 'order.cancel' | 'refund' | 'change.hold' | 'change.issue' | 'change.cancel'. */
export type EventType = CallbackEventType;

export async function enqueueCallback(
  tx: postgres.TransactionSql,
  c: {
    url: string | null;
    orderNo: string;
    eventType: EventType;
    body: Record<string, unknown>;
    /** 'json' (default): the body as JSON; 'form': the body's string fields form-encoded. */
    format?: 'json' | 'form';
  },
  faults: FaultConfig,
  random: () => number = Math.random,
): Promise<void> {
  if (!c.url) return;
  const copies = faults.callbackDuplicate ? 2 : 1;
  for (let i = 0; i < copies; i++) {
    const dropped = faults.callbackDropRate > 0 && random() < faults.callbackDropRate;
    const delayMs = faults.callbackOutOfOrder ? Math.floor(random() * faults.callbackJitterMs) : 0;
    await tx`insert into sandbox.callbacks (url, body, format, order_no, event_type, status, last_error, next_at)
      values (${c.url}, ${tx.json(c.body as postgres.JSONValue)}, ${c.format ?? 'json'}, ${c.orderNo}, ${c.eventType},
        ${dropped ? 'dropped' : 'pending'}, ${dropped ? 'dropped by fault injection' : null},
        now() + make_interval(secs => ${delayMs / 1000}))`;
  }
}

export interface DeliveryOptions {
  /** Backoff before retry n (n = 1, 2): backoffMs × 2^(n-1). */
  backoffMs: number;
  timeoutMs: number;
  log?: (s: string) => void;
}

/** Delivers the callbacks that are due (real time), as JSON or form; answers how many attempts were made. */
export function deliverDueCallbacks(sql: postgres.Sql, o: DeliveryOptions): Promise<number> {
  return deliverDue<unknown>(sql, {
    ...o,
    table: 'sandbox.callbacks',
    label: 'callback',
    maxAttempts: MAX_CALLBACK_ATTEMPTS,
    headers: (row) => callbackTraceHeaders(row.order_no, row.body),
    encode: (body, row) =>
      row.format === 'form'
        ? {
            contentType: 'application/x-www-form-urlencoded',
            body: new URLSearchParams(body as Record<string, string>).toString(),
          }
        : { contentType: 'application/json', body: JSON.stringify(body) },
  });
}

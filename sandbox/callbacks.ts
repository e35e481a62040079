/**
 * Outgoing callbacks (sandbox.callbacks). The body is the 订单详情 object plus `eventType` and
 * `sign = md5(secretKey + orderNo + secretKey)`, POSTed as JSON to the order's callBackUrl (order and
 * change events) or refundTicketCallbackUrl (refund events). The receiver must answer the body
 * `success`; otherwise the delivery is retried with exponential backoff, at most MAX_CALLBACK_ATTEMPTS
 * attempts in all. Rows are written in the same transaction as the state change they report, and a
 * claimed delivery leases the row (next_at pushed ahead), so a restart continues unfinished ones.
 */
import type postgres from 'postgres';
import type { CallbackEventType } from '@/lib/provider/types';
import type { FaultConfig } from './faults';

export const MAX_CALLBACK_ATTEMPTS = 3;
const LEASE_SECONDS = 30;

/** 'order.hold' | 'order.issue' | 'order.cancel' | 'refund' | 'change.hold' | 'change.issue' | 'change.cancel'. */
export type EventType = CallbackEventType;

export async function enqueueCallback(
  tx: postgres.TransactionSql,
  c: { url: string | null; orderNo: string; eventType: EventType; body: Record<string, unknown> },
  faults: FaultConfig,
  random: () => number = Math.random,
): Promise<void> {
  if (!c.url) return;
  const copies = faults.callbackDuplicate ? 2 : 1;
  for (let i = 0; i < copies; i++) {
    const dropped = faults.callbackDropRate > 0 && random() < faults.callbackDropRate;
    const delayMs = faults.callbackOutOfOrder ? Math.floor(random() * faults.callbackJitterMs) : 0;
    await tx`insert into sandbox.callbacks (url, body, order_no, event_type, status, last_error, next_at)
      values (${c.url}, ${tx.json(c.body as postgres.JSONValue)}, ${c.orderNo}, ${c.eventType},
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

/** Delivers the callbacks that are due (real time); answers how many attempts were made. */
export async function deliverDueCallbacks(sql: postgres.Sql, o: DeliveryOptions): Promise<number> {
  const due = await sql<{ id: number; url: string; body: unknown; attempts: number }[]>`
    update sandbox.callbacks set attempts = attempts + 1, next_at = now() + make_interval(secs => ${LEASE_SECONDS})
    where id in (
      select id from sandbox.callbacks where status = 'pending' and next_at <= now()
      order by next_at, id limit 20 for update skip locked)
    returning id, url, body, attempts`;
  await Promise.all(
    due.map(async (c) => {
      let ok = false;
      let status: number | null = null;
      let err = '';
      try {
        const res = await fetch(c.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(c.body),
          signal: AbortSignal.timeout(o.timeoutMs),
        });
        status = res.status;
        const text = (await res.text()).trim();
        ok = res.ok && text === 'success';
        if (!ok) err = `HTTP ${res.status}: ${text.slice(0, 200)}`;
      } catch (e) {
        err = e instanceof Error ? e.message : String(e);
      }
      if (ok) {
        await sql`update sandbox.callbacks set status = 'delivered', last_status = ${status}, last_error = null,
          delivered_at = now() where id = ${c.id}`;
      } else if (c.attempts >= MAX_CALLBACK_ATTEMPTS) {
        o.log?.(`[sandbox] callback ${c.id} to ${c.url} failed after ${c.attempts} attempts: ${err}`);
        await sql`update sandbox.callbacks set status = 'failed', last_status = ${status}, last_error = ${err}
          where id = ${c.id}`;
      } else {
        const wait = (o.backoffMs * 2 ** (c.attempts - 1)) / 1000;
        await sql`update sandbox.callbacks set last_status = ${status}, last_error = ${err},
          next_at = now() + make_interval(secs => ${wait}) where id = ${c.id}`;
      }
    }),
  );
  return due.length;
}

/**
 * The one delivery loop behind the sandbox's outgoing messages (provider callbacks in
 * sandbox.callbacks, gateway notifications in sandbox.gateway_notifications, courier status webhooks in
 * sandbox.courier_webhooks): due rows are leased
 * (attempts + 1, next_at pushed LEASE_SECONDS ahead, so a crash or restart picks them up again),
 * POSTed, and marked delivered when the receiver answers HTTP 2xx with the body `success`; otherwise
 * retried with exponential backoff until maxAttempts, then marked failed.
 */
import type postgres from 'postgres';

const LEASE_SECONDS = 30;
const BATCH = 20;

export interface DeliveryLoop<B> {
  /** The outbox table (schema-qualified): id, url, body, attempts, status, next_at, last_status, last_error, delivered_at. */
  table: 'sandbox.callbacks' | 'sandbox.gateway_notifications' | 'sandbox.courier_webhooks';
  /** What is sent: its content type and the encoded body (`row`: the leased row, every column). */
  encode: (body: B, row: Record<string, unknown>) => { contentType: string; body: string };
  /** Extra headers for a row (a callback's `traceparent`: sandbox/trace.ts). */
  headers?: (row: Record<string, unknown>) => Record<string, string>;
  /** For the log line of a delivery given up: "callback", "payment notification". */
  label: string;
  /** Before retry n (n ≥ 1): backoffMs × 2^(n-1). */
  backoffMs: number;
  maxAttempts: number;
  timeoutMs: number;
  log?: (s: string) => void;
}

/** Delivers the rows that are due (real time); answers how many attempts were made. */
export async function deliverDue<B>(sql: postgres.Sql, o: DeliveryLoop<B>): Promise<number> {
  const t = sql(o.table);
  // Claimed with FOR UPDATE SKIP LOCKED and leased (next_at pushed ahead) in one statement: two
  // processes on one database never send the same attempt.
  const due = await sql<({ id: number; url: string; body: B; attempts: number } & Record<string, unknown>)[]>`
    update ${t} set attempts = attempts + 1, next_at = now() + make_interval(secs => ${LEASE_SECONDS})
    where id in (
      select id from ${t} where status = 'pending' and next_at <= now()
      order by next_at, id limit ${BATCH} for update skip locked)
    returning *`;
  await Promise.all(
    due.map(async (row) => {
      let ok = false;
      let status: number | null = null;
      let err = '';
      try {
        const { contentType, body } = o.encode(row.body, row);
        const res = await fetch(row.url, {
          method: 'POST',
          headers: { 'content-type': contentType, ...o.headers?.(row) },
          body,
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
        await sql`update ${t} set status = 'delivered', last_status = ${status}, last_error = null,
          delivered_at = now() where id = ${row.id}`;
      } else if (row.attempts >= o.maxAttempts) {
        o.log?.(`[sandbox] ${o.label} ${row.id} to ${row.url} failed after ${row.attempts} attempts: ${err}`);
        await sql`update ${t} set status = 'failed', last_status = ${status}, last_error = ${err}
          where id = ${row.id}`;
      } else {
        const wait = (o.backoffMs * 2 ** (row.attempts - 1)) / 1000;
        await sql`update ${t} set last_status = ${status}, last_error = ${err},
          next_at = now() + make_interval(secs => ${wait}) where id = ${row.id}`;
      }
    }),
  );
  return due.length;
}

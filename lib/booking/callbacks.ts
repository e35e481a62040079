/**
 * Provider callbacks (order, refund and change events). Each one is stored with its verdict in
 * provider_callbacks (masked), applied only when the state transition is allowed, and acknowledged
 * with the body `success` only after that is committed. A bad sign is refused (the provider will
 * retry; a forger gets nothing). Duplicates and late callbacks are acknowledged but change nothing.
 */
import { eq, or } from 'drizzle-orm';
import { db } from '@/db/client';
import { orders, providerCallbacks } from '@/db/schema';
import { maskPii } from '@/lib/domain/mask';
import { logError } from '@/lib/log';
import { applySnapshot } from './orders';
import { parseCallback, type CallbackParse } from './provider';

export type CallbackKind = 'order' | 'refund' | 'change';
export type CallbackVerdict = 'applied' | 'duplicate' | 'stale' | 'bad_sign' | 'unknown_order' | 'invalid';

export interface CallbackOutcome {
  status: number;
  body: string;
  verdict: CallbackVerdict;
}

async function store(
  kind: CallbackKind,
  verdict: CallbackVerdict,
  raw: string,
  parsed: CallbackParse | null,
  orderId: string | null,
  detail?: string,
) {
  let masked = raw;
  try {
    masked = JSON.stringify(maskPii(JSON.parse(raw)));
  } catch {
    masked = raw.slice(0, 2000);
  }
  await db()
    .insert(providerCallbacks)
    .values({
      kind,
      verdict,
      eventType: parsed?.eventType ?? null,
      providerOrderNo: parsed?.orderNo ?? null,
      orderId,
      detail: detail ?? null,
      raw: masked,
    });
}

export async function receiveCallback(kind: CallbackKind, raw: string): Promise<CallbackOutcome> {
  const parsed = parseCallback(raw);
  if (!parsed.ok) {
    await store(kind, parsed.reason === 'bad_sign' ? 'bad_sign' : 'invalid', raw, parsed, null, parsed.message);
    return parsed.reason === 'bad_sign'
      ? { status: 401, body: 'fail: bad sign', verdict: 'bad_sign' }
      : { status: 400, body: `fail: ${parsed.message}`, verdict: 'invalid' };
  }
  const [order] = await db()
    .select({ id: orders.id })
    .from(orders)
    .where(
      parsed.customerOrderNo
        ? or(eq(orders.providerOrderNo, parsed.orderNo), eq(orders.customerOrderNo, parsed.customerOrderNo))
        : eq(orders.providerOrderNo, parsed.orderNo),
    );
  if (!order) {
    await store(kind, 'unknown_order', raw, parsed, null);
    // Acknowledge: retrying cannot make an order we never placed appear.
    return { status: 200, body: 'success', verdict: 'unknown_order' };
  }
  try {
    await db().update(orders).set({ providerOrderNo: parsed.orderNo }).where(eq(orders.id, order.id));
    const verdict = await applySnapshot(order.id, parsed.snapshot, `callback:${parsed.eventType}`);
    await store(kind, verdict, raw, parsed, order.id);
    return { status: 200, body: 'success', verdict };
  } catch (e) {
    logError('callback apply failed', e, { orderId: order.id, kind });
    // No `success`: the provider retries later.
    return { status: 500, body: 'fail', verdict: 'invalid' };
  }
}

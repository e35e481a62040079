/**
 * Provider callbacks are notifications, never facts. Their sign covers only the order number
 * (md5(secretKey+orderNo+secretKey)), so a body seen once could be replayed forever with other
 * contents: after the sign check the receiver re-reads 订单详情 from the provider and applies that, under
 * the order's row lock. The body's statuses, amounts and customerOrderNo are never used. Each callback
 * is logged (size-capped, PII and sign masked) with what actually happened.
 */
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { orders, providerCallbacks } from '@/db/schema';
import { maskPii } from '@/lib/domain/mask';
import { AppError } from '@/lib/errors';
import { failpoint } from '@/lib/failpoint';
import { logError } from '@/lib/log';
import { clientAddress } from '@/lib/auth/throttle';
import { isProviderId } from '@/lib/provider';
import { providerFor } from '@/lib/provider/registry';
import { admitSignedNotification } from '@/lib/signed-notify-limit';
import { refusedCallbackGate } from './callback-guard';
import { readDetail } from './provider';
import { applyDetail, reloginTried, withOrder } from './service';
import { observeCallback } from '@/lib/obs/hooks';

/** The callback paths: panhe's order/refund/change, juhe's submit/pay/refund. */
export type CallbackKind = 'order' | 'refund' | 'change' | 'submit' | 'pay';
export type CallbackVerdict =
  | 'applied'
  | 'no_change'
  | 'retry_later'
  | 'bad_sign'
  | 'unknown_order'
  | 'invalid'
  | 'duplicate'
  | 'stale'
  /** Signed, but its order's callbacks are over their limit (lib/signed-notify-limit.ts): 429, unlogged. */
  | 'throttled';

/**
 * The provider and kind a callback path names: `/api/provider/callbacks/<kind>` (panhe, the URLs it
 * was given per order) or `/api/provider/<provider>/callbacks/<kind>`; null when it names neither or a
 * kind that provider does not post.
 */
export function callbackRoute(path: string): { provider: string; kind: CallbackKind } | null {
  const m = /^\/api\/provider\/(?:([a-z]+)\/)?callbacks\/([a-z]+)$/.exec(path);
  if (!m) return null;
  const provider = m[1] ?? 'panhe';
  if (!isProviderId(provider)) return null;
  const kind = m[2]!;
  return providerFor(provider).callbackKinds.includes(kind) ? { provider, kind: kind as CallbackKind } : null;
}

/** An HTTP callback request to `path`: 404 for a path no provider posts to, else the receiver's answer. */
export async function receiveCallbackRequest(req: Request, path: string): Promise<Response> {
  const route = callbackRoute(path);
  if (!route) return new Response('not found', { status: 404 });
  const raw = await req.text();
  const outcome = await observeCallback(req.headers, route.provider, route.kind, () =>
    receiveCallback(route.kind, raw, clientAddress(req.headers), {
      provider: route.provider,
      contentType: req.headers.get('content-type'),
    }),
  );
  return new Response(outcome.body, {
    status: outcome.status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

/** Bodies above this are refused unread (a 订单详情 with many change orders is ~10 KB). */
export const MAX_CALLBACK_BYTES = 64 * 1024;
/** What the log keeps of a body. */
const LOGGED_CHARS = 8 * 1024;

export interface CallbackOutcome {
  status: number;
  body: string;
  verdict: CallbackVerdict;
}

/** The JSON a body carries: the body itself, or a form's `data` field (juhe-train-api.md §16.1). */
function jsonOf(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (e) {
    const data = raw.startsWith('data=') ? new URLSearchParams(raw).get('data') : null;
    if (data === null) throw e;
    return JSON.parse(data);
  }
}

function masked(raw: string): string {
  let out: string;
  try {
    out = JSON.stringify(maskPii(jsonOf(raw)));
  } catch {
    // Not JSON: keep a short, digit-masked excerpt (it may still carry an ID number or a phone).
    out = raw.slice(0, 512).replace(/\d{6,}/g, (d) => `${d.slice(0, 2)}${'*'.repeat(d.length - 4)}${d.slice(-2)}`);
  }
  return out.length > LOGGED_CHARS ? `${out.slice(0, LOGGED_CHARS)}…[truncated]` : out;
}

async function log(
  provider: string,
  kind: CallbackKind,
  verdict: Exclude<CallbackVerdict, 'throttled'>,
  raw: string,
  meta: {
    eventType?: string | null;
    orderNo?: string | null;
    orderId?: string | null;
    detail?: string | null;
    replay?: Replay;
  },
): Promise<number> {
  const [row] = await db()
    .insert(providerCallbacks)
    .values({
      provider,
      kind,
      verdict,
      eventType: meta.eventType?.slice(0, 40) ?? null,
      providerOrderNo: meta.orderNo?.slice(0, 64) ?? null,
      orderId: meta.orderId ?? null,
      detail: meta.detail?.slice(0, 500) ?? null,
      // A replayed row's body is already the masked copy.
      raw: meta.replay ? raw : masked(raw),
      replayOf: meta.replay?.of ?? null,
      actorId: meta.replay?.actorId ?? null,
    })
    .returning({ id: providerCallbacks.id });
  return row!.id;
}

/**
 * A callback as received. `address` is the sender's (the HTTP routes pass it): refused callbacks from
 * an address are then throttled and sampled (callback-guard.ts); without one (direct callers in
 * process) each is logged. Only callbacks whose sign failed or that could not be read reach the gate.
 */
export async function receiveCallback(
  kind: CallbackKind,
  raw: string,
  address?: string,
  from: { provider?: string; contentType?: string | null } = {},
): Promise<CallbackOutcome> {
  const providerId = from.provider ?? 'panhe';
  if (Buffer.byteLength(raw) > MAX_CALLBACK_BYTES) {
    const detail = `body over ${MAX_CALLBACK_BYTES} bytes`;
    return refuse(
      providerId,
      kind,
      raw.slice(0, 512),
      address,
      { status: 413, body: 'fail: too large', verdict: 'invalid' },
      { detail },
    );
  }
  const provider = providerFor(providerId);
  const parsed = provider.readCallback({ kind, contentType: from.contentType ?? null, body: raw });
  if (!parsed.ok) {
    const verdict = parsed.reason === 'bad_sign' ? 'bad_sign' : 'invalid';
    const outcome: CallbackOutcome & { verdict: 'bad_sign' | 'invalid' } =
      verdict === 'bad_sign'
        ? { status: 401, body: 'fail: bad sign', verdict }
        : { status: 400, body: `fail: ${parsed.message}`, verdict };
    return refuse(providerId, kind, raw, address, outcome, {
      eventType: parsed.eventType ?? null,
      orderNo: parsed.orderNo ?? null,
      detail: parsed.message,
    });
  }
  if (address !== undefined) {
    const refusal = await admitSignedNotification('callback', `${providerId}:${parsed.orderNo}`);
    if (refusal) return { status: 429, body: refusal, verdict: 'throttled' };
  }
  return apply(providerId, kind, raw, parsed.orderNo, parsed.eventType, undefined, parsed.customerOrderNo);
}

/** A refused callback: over its address's limit 429 unlogged, else logged once per (address, verdict) a minute. */
async function refuse(
  provider: string,
  kind: CallbackKind,
  raw: string,
  address: string | undefined,
  outcome: CallbackOutcome & { verdict: 'bad_sign' | 'invalid' },
  meta: { eventType?: string | null; orderNo?: string | null; detail: string },
): Promise<CallbackOutcome> {
  if (address === undefined) {
    await log(provider, kind, outcome.verdict, raw, meta);
    return outcome;
  }
  const gate = refusedCallbackGate();
  if (!(await gate.admit(address)))
    return { status: 429, body: 'fail: too many refused callbacks', verdict: outcome.verdict };
  if (await gate.sample(address, outcome.verdict))
    await log(provider, kind, outcome.verdict, raw, {
      ...meta,
      detail: `${meta.detail}（来自 ${address}；同一地址同类拒收每分钟只记一条）`,
    });
  return outcome;
}

/** An admin's re-run of a stored callback: which row, and who. */
interface Replay {
  of: number;
  actorId: string;
}

/**
 * Everything after the sign check, shared by a received callback and an admin's replay of a stored
 * one: re-read 订单详情, find the order, apply under its row lock, log the outcome.
 */
async function apply(
  provider: string,
  kind: CallbackKind,
  raw: string,
  orderNo: string,
  eventType: string,
  replay?: Replay,
  /** The customer order number the callback's sign covered (juhe), checked against ours. */
  signedCustomerOrderNo?: string | null,
): Promise<CallbackOutcome & { logId: number }> {
  const ack = providerFor(provider).callbackAck;
  let detail;
  try {
    detail = await readDetail({ provider, providerOrderNo: orderNo });
  } catch (e) {
    logError('callback: 订单详情 re-read failed', e, { orderNo, kind });
    const logId = await log(provider, kind, 'retry_later', raw, {
      eventType,
      orderNo,
      detail: '订单详情读取失败，等待供应商重发',
      replay,
    });
    return { status: 503, body: 'fail: retry later', verdict: 'retry_later', logId };
  }
  // The chaos run may kill every process here: 订单详情 read, nothing applied, the callback unanswered.
  await failpoint('callback-detail');
  // Found by the provider's order number; an order whose 创单 answer was lost is found by the
  // customerOrderNo that 订单详情 (read from the provider itself, not the callback body) carries.
  let [order] = await db()
    .select({ id: orders.id, customerOrderNo: orders.customerOrderNo })
    .from(orders)
    .where(and(eq(orders.provider, provider), eq(orders.providerOrderNo, orderNo)));
  if (!order && detail.customerOrderNo) {
    // A retry after "not logged in" went out as `<number>R1`; the first attempt's order, detached
    // by then, must not be taken for it.
    const retry = detail.customerOrderNo.endsWith('R1');
    const own = retry ? detail.customerOrderNo.slice(0, -2) : detail.customerOrderNo;
    const [candidate] = await db()
      .select({ id: orders.id, customerOrderNo: orders.customerOrderNo })
      .from(orders)
      .where(and(eq(orders.provider, provider), eq(orders.customerOrderNo, own), isNull(orders.providerOrderNo)));
    if (candidate && retry === (await reloginTried(candidate.id))) order = candidate;
  }
  if (!order) {
    const logId = await log(provider, kind, 'unknown_order', raw, { eventType, orderNo, replay });
    // Acknowledged: retrying cannot make an order we never placed appear.
    return { status: 200, body: ack, verdict: 'unknown_order', logId };
  }
  // juhe-train-api.md §16.3: "check that orderid belongs to you and matches the stored user_orderid".
  const signed = signedCustomerOrderNo?.replace(/R1$/, '');
  if (signed && signed !== order.customerOrderNo) {
    const logId = await log(provider, kind, 'invalid', raw, {
      eventType,
      orderNo,
      orderId: order.id,
      detail: '回调的客户订单号与本单不符',
      replay,
    });
    return { status: 400, body: 'fail: order mismatch', verdict: 'invalid', logId };
  }
  try {
    // A replay's moves are recorded as the admin's, so the order's history says who re-ran it.
    const changed = await withOrder(order.id, 'callback', replay?.actorId ?? 'provider', async (o) => {
      await applyDetail(o, detail);
      return o.changed;
    });
    const verdict = changed ? 'applied' : 'no_change';
    const logId = await log(provider, kind, verdict, raw, { eventType, orderNo, orderId: order.id, replay });
    return { status: 200, body: ack, verdict, logId };
  } catch (e) {
    logError('callback apply failed', e, { orderId: order.id, kind });
    const logId = await log(provider, kind, 'retry_later', raw, {
      eventType,
      orderNo,
      orderId: order.id,
      detail: '处理失败，等待重发',
      replay,
    });
    return { status: 500, body: 'fail', verdict: 'retry_later', logId };
  }
}

/** Verdicts of rows whose sign was checked and passed when they were received. */
const SIGN_PASSED: readonly string[] = ['applied', 'no_change', 'retry_later', 'unknown_order', 'duplicate', 'stale'];

/** Whether a logged callback may be replayed: its sign passed on receipt and it names an order. */
export function isReplayable(row: { verdict: string; providerOrderNo: string | null }): boolean {
  return SIGN_PASSED.includes(row.verdict) && !!row.providerOrderNo;
}

/**
 * Re-runs a stored callback through the normal path for an admin. The stored body has its sign
 * redacted (it is never kept), so the sign cannot be checked again: only rows whose sign passed on
 * receipt may be replayed, and the admin's authority (checked by the caller) stands in for it. As for
 * any callback, nothing of the body but the order number is used: 订单详情 is re-read from the
 * provider and applied. The outcome is a new log row pointing at the replayed one, with the admin.
 */
export async function replayCallback(
  callbackId: number,
  actorId: string,
): Promise<CallbackOutcome & { logId: number }> {
  const [row] = await db()
    .select({
      provider: providerCallbacks.provider,
      kind: providerCallbacks.kind,
      verdict: providerCallbacks.verdict,
      eventType: providerCallbacks.eventType,
      orderNo: providerCallbacks.providerOrderNo,
      raw: providerCallbacks.raw,
    })
    .from(providerCallbacks)
    .where(eq(providerCallbacks.id, callbackId));
  if (!row) throw new AppError('not_found', '回调记录不存在。');
  if (!row.orderNo || !isReplayable({ verdict: row.verdict, providerOrderNo: row.orderNo })) {
    throw new AppError('conflict', '该回调未通过签名或格式校验，不能重放。');
  }
  return apply(row.provider, row.kind, row.raw, row.orderNo, row.eventType ?? '', { of: callbackId, actorId });
}

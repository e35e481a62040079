/**
 * W3C trace context at the sandbox's edge (no portal code: the header is read as text). Each protocol
 * request's `traceparent` is logged (the last TRACE_LOG requests, GET /sandbox/traceparents, and a
 * line on the sandbox's log when SANDBOX_LOG_TRACEPARENT=1) and remembered per order (its orderNo,
 * customerOrderNo or paymentNo); a callback about an order is sent with the `traceparent` of the last request about
 * it, so the portal's callback span joins the booking's trace. A real provider sends none.
 */
const TRACE_LOG = 500;
const MAX_ORDERS = 10_000;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export interface TraceLogEntry {
  at: string;
  path: string;
  traceparent: string;
  orderNo?: string;
  customerOrderNo?: string;
  paymentNo?: string;
}

/** The body fields an order (or a payment) is known by. */
const KEYS = ['orderNo', 'customerOrderNo', 'paymentNo'] as const;

const recent: TraceLogEntry[] = [];
const byOrder = new Map<string, string>();

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** Notes a protocol request's `traceparent` (ignored when absent or malformed). */
export function noteTraceparent(
  path: string,
  header: string | undefined,
  body: unknown,
  log?: (s: string) => void,
): void {
  const traceparent = header?.trim().toLowerCase();
  if (!traceparent || !TRACEPARENT.test(traceparent)) return;
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const keys = Object.fromEntries(KEYS.flatMap((k) => (str(b[k]) ? [[k, str(b[k])!]] : [])));
  const entry: TraceLogEntry = { at: new Date().toISOString(), path, traceparent, ...keys };
  recent.push(entry);
  if (recent.length > TRACE_LOG) recent.splice(0, recent.length - TRACE_LOG);
  for (const key of Object.values(keys)) {
    byOrder.delete(key);
    byOrder.set(key, traceparent);
  }
  while (byOrder.size > MAX_ORDERS) byOrder.delete(byOrder.keys().next().value!);
  if (process.env.SANDBOX_LOG_TRACEPARENT === '1') log?.(`[sandbox] ${path} traceparent=${traceparent}`);
}

export function recentTraceparents(): TraceLogEntry[] {
  return [...recent];
}

/** Headers for a callback about `orderNo` (or the body's customerOrderNo): its last request's traceparent. */
export function callbackTraceHeaders(orderNo: unknown, body: unknown): Record<string, string> {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const tp =
    byOrder.get(str(orderNo) ?? '') ?? byOrder.get(str(b.customerOrderNo) ?? '') ?? byOrder.get(str(b.orderNo) ?? '');
  return tp ? { traceparent: tp } : {};
}

/**
 * Juhe's pushes (juhe-train-api.md §16): "HTTP POST, form-encoded, one field `data` whose value is the
 * Order object as JSON text", signed `sign = md5("juhe" + key + orderid + user_orderid)` — "plain
 * concatenation …, hex digest, lower case in every sample (inferred: compare case-insensitively); an
 * empty user_orderid contributes nothing". "The sign covers only the order's identity … so it does not
 * protect status or amounts": only orderid and user_orderid are taken from the body (the status only
 * labels the event); the order core re-reads orderStatus before acting.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CallbackNotice, InboundCallback } from '../../port';

export function juheSign(key: string, orderid: string, userOrderid: string | null): string {
  return createHash('md5')
    .update(`juhe${key}${orderid}${userOrderid ?? ''}`, 'utf8')
    .digest('hex');
}

const idOf = (v: unknown): string | null =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : null;

/** The body's `data` field, JSON-decoded, or why it cannot be read. */
function dataOf(body: string): { data: Record<string, unknown> } | { error: string } {
  let text: string | null;
  try {
    text = new URLSearchParams(body).get('data');
  } catch {
    text = null;
  }
  if (text === null || text.trim() === '') return { error: 'no data field' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'data is not JSON' };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { error: 'data is not a JSON object' };
  return { data: json as Record<string, unknown> };
}

/** Checks a push and names its order: `{ok, orderNo: orderid, customerOrderNo, eventType: kind:status}`. */
export function readJuheCallback(c: InboundCallback, key: string): CallbackNotice {
  const read = dataOf(c.body);
  if ('error' in read) return { ok: false, reason: 'invalid', message: read.error };
  const { data } = read;
  const orderNo = idOf(data.orderid);
  if (!orderNo) return { ok: false, reason: 'invalid', message: 'no orderid' };
  const rawUser = data.user_orderid;
  if (rawUser !== undefined && rawUser !== null && idOf(rawUser) === null)
    return { ok: false, reason: 'invalid', message: 'user_orderid is not a string', orderNo };
  const customerOrderNo = idOf(rawUser) || null;
  const status = idOf(data.status);
  const eventType = `${c.kind}:${status && /^\d{1,3}$/.test(status) ? status : '?'}`;
  const sign = typeof data.sign === 'string' ? data.sign.trim().toLowerCase() : '';
  if (!/^[0-9a-f]{32}$/.test(sign)) return { ok: false, reason: 'bad_sign', message: 'no sign', orderNo, eventType };
  const expected = juheSign(key, orderNo, customerOrderNo);
  if (!timingSafeEqual(Buffer.from(sign), Buffer.from(expected)))
    return { ok: false, reason: 'bad_sign', message: 'sign mismatch', orderNo, eventType };
  return { ok: true, orderNo, customerOrderNo, eventType };
}

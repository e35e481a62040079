/**
 * Callbacks, provider → portal (format fixed by us, see README.md): a POST with a JSON body, the
 * 订单详情 object plus `eventType` and `sign` = md5(secretKey+orderNo+secretKey). The receiver answers
 * the plain body `success` once it has taken the event in; anything else makes the provider retry
 * (at most 3 attempts in all, with backoff).
 */
import { toOrderDetail } from './mappers';
import { verifyCallbackSign } from '@/protocol/panhe/sign';
import type { CallbackEvent } from '../../types';
import { callbackPayloadSchema, type CallbackPayloadWire } from '@/protocol/panhe/wire';

/** The body a receiver answers to acknowledge a callback. */
export const CALLBACK_ACK = 'success';

export type CallbackParseResult =
  | { ok: true; payload: CallbackPayloadWire; event: CallbackEvent }
  | { ok: false; reason: 'invalid' | 'bad_sign'; message: string; orderNo?: string; eventType?: string };

/** Parses, checks and maps a callback body (the raw request text, or already-parsed JSON). */
export function parseCallback(body: unknown, secretKey: string): CallbackParseResult {
  let json: unknown = body;
  if (typeof body === 'string') {
    try {
      json = JSON.parse(body);
    } catch {
      return { ok: false, reason: 'invalid', message: 'body is not JSON' };
    }
  }
  const parsed = callbackPayloadSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'invalid', message: `${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim() };
  }
  const payload = parsed.data;
  if (!verifyCallbackSign(secretKey, payload.orderNo, payload.sign))
    return {
      ok: false,
      reason: 'bad_sign',
      message: 'sign mismatch',
      orderNo: payload.orderNo,
      eventType: payload.eventType,
    };
  try {
    return { ok: true, payload, event: { eventType: payload.eventType, order: toOrderDetail(payload) } };
  } catch (e) {
    return {
      ok: false,
      reason: 'invalid',
      message: e instanceof Error ? e.message : String(e),
      orderNo: payload.orderNo,
    };
  }
}

/**
 * The callback log in the admin's words: the provider's event codes (`order.hold`, `refund`, 聚合数据's
 * `submit:2`) and our endpoint kinds read as Chinese. The raw code stays in the stored body (查看).
 * Pure, so it is unit-tested.
 */
import type { CallbackEventType } from '@/protocol/panhe/codes';
import type { CallbackKind } from './callbacks';

/** The provider's callback event types (protocol/panhe/codes.ts CALLBACK_EVENT_TYPES). */
export const CALLBACK_EVENT_LABELS: Record<CallbackEventType, string> = {
  'order.hold': '占座结果',
  'order.issue': '出票结果',
  'order.cancel': '订单取消',
  refund: '退票结果',
  'change.hold': '改签占座结果',
  'change.issue': '改签出票结果',
  'change.cancel': '改签取消',
};

/** Our callback endpoints (`/api/provider/<id>/callbacks/<kind>`). */
export const CALLBACK_KIND_LABELS: Record<CallbackKind, string> = {
  order: '订单推送',
  refund: '退票推送',
  change: '改签推送',
  submit: '占座推送',
  pay: '出票推送',
};

export function callbackKindLabel(kind: string): string {
  return (CALLBACK_KIND_LABELS as Record<string, string>)[kind] ?? '其他推送';
}

/**
 * An event type in words. 聚合数据 has no event type: the log records `<kind>:<status>` (its push
 * endpoint and the order's status number), read here as "占座推送（状态 2）".
 */
export function callbackEventLabel(eventType: string | null | undefined): string {
  if (!eventType) return '—';
  const known = (CALLBACK_EVENT_LABELS as Record<string, string>)[eventType];
  if (known) return known;
  const juhe = /^([a-z]+):(\d{1,3}|\?)$/.exec(eventType);
  if (juhe) return `${callbackKindLabel(juhe[1]!)}（${juhe[2] === '?' ? '状态未知' : `状态 ${juhe[2]}`}）`;
  return '其他事件';
}

const DETAIL_WORDS: [RegExp, string][] = [
  [/^sign mismatch/, '签名不符'],
  [/^no sign/, '缺少签名'],
  [/^(body|data) is not JSON/, '报文不是 JSON'],
  [/^data is not a JSON object/, '报文不是 JSON 对象'],
  [/^no orderid/, '缺少订单号'],
  [/^user_orderid is not a string/, '客户订单号格式错误'],
  [/^body over \d+ bytes/, '报文过大'],
];

/**
 * A logged verdict's detail in words: the parsers' English notes ("sign mismatch", "body is not JSON")
 * in Chinese, with what follows them kept (the sender's address note); other details as they are.
 */
export function callbackDetailLabel(detail: string | null | undefined): string | null {
  if (!detail) return null;
  for (const [re, words] of DETAIL_WORDS) {
    const m = re.exec(detail);
    if (m) return words + detail.slice(m[0].length);
  }
  return detail;
}

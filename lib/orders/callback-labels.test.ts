import { describe, expect, it } from 'vitest';
import { CALLBACK_EVENT_TYPES } from '@/protocol/panhe/codes';
import { internalCodesIn } from '@/lib/internal-codes';
import { callbackDetailLabel, callbackEventLabel, callbackKindLabel, CALLBACK_KIND_LABELS } from './callback-labels';

describe('callback log labels', () => {
  it('translates every event type the provider sends', () => {
    for (const t of CALLBACK_EVENT_TYPES) {
      const label = callbackEventLabel(t);
      expect(label).toMatch(/[\u4e00-\u9fff]/);
      expect(label).not.toContain(t);
      expect(internalCodesIn(label)).toEqual([]);
    }
    expect(callbackEventLabel('order.hold')).toBe('占座结果');
    expect(callbackEventLabel('refund')).toBe('退票结果');
  });

  it('reads 聚合数据 pushes (kind:status) and unknown or missing events in words', () => {
    expect(callbackEventLabel('submit:2')).toBe('占座推送（状态 2）');
    expect(callbackEventLabel('pay:?')).toBe('出票推送（状态未知）');
    expect(callbackEventLabel('order.bogus')).toBe('其他事件');
    expect(callbackEventLabel(null)).toBe('—');
  });

  it('names every callback endpoint', () => {
    for (const k of Object.keys(CALLBACK_KIND_LABELS)) expect(callbackKindLabel(k)).toMatch(/推送$/);
    expect(callbackKindLabel('other')).toBe('其他推送');
  });
});

describe('callbackDetailLabel', () => {
  it("puts the parsers' English notes in words and keeps the rest", () => {
    expect(callbackDetailLabel('sign mismatch（来自 127.0.0.1；同一地址同类拒收每分钟只记一条）')).toBe(
      '签名不符（来自 127.0.0.1；同一地址同类拒收每分钟只记一条）',
    );
    expect(callbackDetailLabel('body is not JSON')).toBe('报文不是 JSON');
    expect(callbackDetailLabel('body over 65536 bytes')).toBe('报文过大');
    expect(callbackDetailLabel('订单详情读取失败，等待供应商重发')).toBe('订单详情读取失败，等待供应商重发');
    expect(callbackDetailLabel(null)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { CALLBACK_EVENT_TYPES } from '@/protocol/panhe/codes';
import { internalCodesIn } from '@/tests/support/internal-codes';
import { callbackEventLabel, callbackKindLabel, CALLBACK_KIND_LABELS } from './callback-labels';

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

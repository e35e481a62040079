import { describe, expect, it } from 'vitest';
import { localText } from '@/lib/i18n/catalogue';
import { internalCodesIn } from '@/lib/internal-codes';
import { QUEUES } from './index';
import { QUEUE_LABELS, queueLabel } from './labels';

describe('queue labels', () => {
  it('gives every queue a Chinese label that does not show its name', () => {
    for (const name of Object.values(QUEUES)) {
      const label = queueLabel(name);
      expect(QUEUE_LABELS[name], name).toBeTruthy();
      expect(label).toMatch(/[\u4e00-\u9fff]/);
      expect(label).not.toContain(name);
      expect(internalCodesIn(label)).toEqual([]);
    }
    expect(Object.keys(QUEUE_LABELS).sort()).toEqual(Object.values(QUEUES).sort());
  });

  it('gives every queue an English label that does not read as a queue name either ("sweep")', () => {
    for (const name of Object.values(QUEUES)) {
      const english = localText('en', queueLabel(name));
      expect(english, name).not.toMatch(/[\u4e00-\u9fff]/);
      expect(internalCodesIn(english), name).toEqual([]);
    }
  });

  it('reads a queue it does not know as 其他任务', () => {
    expect(queueLabel('mystery-queue')).toBe('其他任务');
  });

  it('the page-text check catches a queue name and an audit code', () => {
    expect(internalCodesIn('抢票查询 (grab-tick) · 张三 order.pay')).toEqual(['order.pay', 'grab-tick']);
    expect(internalCodesIn('员工甲 用预存款支付 G1 订单 ¥1106 · owner-1@example.test')).toEqual([]);
  });
});

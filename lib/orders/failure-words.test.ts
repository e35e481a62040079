import { describe, expect, it } from 'vitest';
import { timelineNote } from './failure-words';

describe('timelineNote', () => {
  it('names 12306 in notes stored with 供应商', () => {
    expect(timelineNote('供应商订单号 T123')).toBe('已提交 12306（出票渠道订单号 T123）');
    expect(timelineNote('供应商报告退票（含车站窗口退票）')).toBe('12306 报告退票（含车站窗口退票）');
    expect(timelineNote('长时间未收到供应商的占位结果，订单已关闭（未产生扣款）。')).toBe(
      '长时间未收到 12306 的占位结果，订单已关闭（未产生扣款）。',
    );
  });

  it('leaves other notes and no note alone', () => {
    expect(timelineNote('提交订单')).toBe('提交订单');
    expect(timelineNote(null)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { wireTime } from './format';
import { holdDueAt, inNightClosure, nightOpening } from './night';

const at = (s: string) => new Date(`${s}+08:00`);
const show = (d: Date) => wireTime(d, true);

describe('the sandbox night closure (FAQ §3 l.101)', () => {
  it.each([
    ['2026-12-06T22:59:59', false],
    ['2026-12-06T23:00:00', true],
    ['2026-12-06T23:30:00', true],
    ['2026-12-07T05:59:59', true],
    ['2026-12-07T06:00:00', false],
  ])('%s is in the closure: %s', (s, closed) => {
    expect(inNightClosure(at(s))).toBe(closed);
  });

  it('opens at the next 06:00', () => {
    expect(show(nightOpening(at('2026-12-06T23:30:00')))).toBe('2026-12-07 06:00:00');
    expect(show(nightOpening(at('2026-12-07T01:00:00')))).toBe('2026-12-07 06:00:00');
    expect(show(nightOpening(at('2026-12-31T23:00:00')))).toBe('2027-01-01 06:00:00');
  });

  it('a hold due in the closure is processed the delay after 06:00; by day, after the delay', () => {
    expect(show(holdDueAt(at('2026-12-06T23:30:00'), 1500, true))).toBe('2026-12-07 06:00:01');
    expect(show(holdDueAt(at('2026-12-07T05:59:59'), 500, true))).toBe('2026-12-07 06:00:00');
    // 创单 at 22:59:59 whose hold would run at 23:00:00.5: the closure holds it too.
    expect(show(holdDueAt(at('2026-12-06T22:59:59'), 1500, true))).toBe('2026-12-07 06:00:01');
    expect(show(holdDueAt(at('2026-12-06T22:58:00'), 1500, true))).toBe('2026-12-06 22:58:01');
    expect(show(holdDueAt(at('2026-12-07T06:00:00'), 1500, true))).toBe('2026-12-07 06:00:01');
  });

  it('when the closure is not played (SANDBOX_NIGHT_CLOSURE=off), the usual delay at any hour', () => {
    expect(show(holdDueAt(at('2026-12-06T23:30:00'), 1500, false))).toBe('2026-12-06 23:30:01');
  });
});

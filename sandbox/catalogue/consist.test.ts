import { describe, expect, it } from 'vitest';
import { buildConsist, CONSIST_TEMPLATES, STANDING_CAPACITY } from './consist';

describe('consist templates', () => {
  it('have DOMAIN_NOTES sizes', () => {
    const emu8 = buildConsist('emu8');
    expect(emu8.carriages).toHaveLength(8);
    expect(emu8.length).toBeGreaterThanOrEqual(560);
    expect(emu8.length).toBeLessThanOrEqual(610);
    expect(emu8.capacity).toEqual({ 1: 12, 3: 52, 4: 530 });
    const emu16 = buildConsist('emu16');
    expect(emu16.carriages).toHaveLength(16);
    expect(emu16.length).toBeGreaterThanOrEqual(1100);
    expect(emu16.length).toBeLessThanOrEqual(1200);
    for (const t of ['conv-sleeper', 'conv-z', 'conv-day'] as const) {
      const c = buildConsist(t);
      expect(c.carriages.length).toBeGreaterThanOrEqual(12);
      expect(c.carriages.length).toBeLessThanOrEqual(18);
      expect(c.seatTypes).toContain(10); // every conventional consist sells 硬座 (无座 belongs to it)
    }
    expect(buildConsist('conv-sleeper').capacity).toEqual({ 6: 36, 8: 660, 10: 708 });
    expect(STANDING_CAPACITY).toBeGreaterThan(0);
  });
  it('cars: 硬座 118 seats, 硬卧 66 berths (11 × 上中下 × 2), 软卧 36 (9 × 上下 × 2), a dining car without seats', () => {
    const c = buildConsist('conv-sleeper');
    for (const car of c.carriages) {
      if (car.seatType === 10) expect(car.seats).toHaveLength(118);
      if (car.seatType === 8) {
        expect(car.seats).toHaveLength(66);
        expect(car.seats.filter((s) => s.berth === 'lower')).toHaveLength(22);
        expect(car.seats.filter((s) => s.berth === 'middle')).toHaveLength(22);
      }
      if (car.seatType === 6) {
        expect(car.seats).toHaveLength(36);
        expect(car.seats.some((s) => s.berth === 'middle')).toBe(false);
        expect(car.seats.filter((s) => s.berth === 'lower').map((s) => s.number! % 2)).toEqual(Array(18).fill(1));
      }
      if (car.kind === 'dining') expect(car.seats).toHaveLength(0);
    }
    expect(c.carriages.filter((x) => x.kind === 'dining')).toHaveLength(1);
  });
  it('EMU seats follow the class letters, with window/aisle positions', () => {
    const emu = buildConsist('emu8');
    const letters = (t: number) => new Set(emu.filter((s) => s.seatType === t).map((s) => s.letter));
    expect(letters(4)).toEqual(new Set(['A', 'B', 'C', 'D', 'F']));
    expect(letters(3)).toEqual(new Set(['A', 'C', 'D', 'F']));
    expect(letters(1)).toEqual(new Set(['A', 'C', 'F']));
    for (const s of emu) {
      expect(s.position).toBe(s.letter === 'A' || s.letter === 'F' ? 'window' : s.letter === 'B' ? 'middle' : 'aisle');
      expect(s.seatNo).toBe(`${String(s.car).padStart(2, '0')}车厢,${String(s.row).padStart(2, '0')}${s.letter}座`);
    }
    expect(emu[0]!.seatNo).toBe('01车厢,01A座');
  });
  it('seat numbers print like 12306; sleeperType matches the berth', () => {
    const c = buildConsist('conv-sleeper');
    expect(c.find((s) => s.seatType === 10)!.seatNo).toMatch(/^\d{2}车厢,\d{3}号$/);
    for (const s of c.filter((x) => x.berth)) {
      expect(s.seatNo).toMatch(/^\d{2}车厢,\d{3}号[下中上]铺$/);
      expect(s.sleeperType).toBe({ lower: 1, middle: 2, upper: 3 }[s.berth!]);
    }
  });
  it('every template: ids are the index, seat numbers unique, carriages hold exactly the seats', () => {
    for (const t of CONSIST_TEMPLATES) {
      const c = buildConsist(t);
      c.forEach((s, i) => expect(s.id).toBe(i));
      expect(new Set(c.map((s) => s.seatNo)).size).toBe(c.length);
      expect(c.carriages.flatMap((x) => x.seats)).toEqual([...c]);
      expect(c.carriages.map((x) => x.car)).toEqual(c.carriages.map((_, i) => i + 1));
    }
  });
  it('is deterministic and frozen (shared between callers)', () => {
    expect(buildConsist('emu8')).toBe(buildConsist('emu8'));
    expect(Object.isFrozen(buildConsist('emu8'))).toBe(true);
    expect(Object.isFrozen(buildConsist('emu8')[0])).toBe(true);
    expect(buildConsist('emu8').filter((s) => s.seatType === 4)).toHaveLength(530);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitRefund } from './money';

describe('splitRefund', () => {
  it('refunds a changed ticket over its two payments, newest first (issue 23: 93,650 fen after 101,700 paid)', () => {
    // The fare (first) and the dearer 改签's difference (newest, listed first by the caller).
    const parts = splitRefund(93_650, [
      { id: 'difference', roomFen: 8_450 },
      { id: 'fare', roomFen: 93_250 },
    ]);
    expect(parts?.map((p) => [p.payment.id, p.amountFen])).toEqual([
      ['difference', 8_450],
      ['fare', 85_200],
    ]);
  });

  it('uses one payment when it has room and skips payments with none', () => {
    expect(splitRefund(500, [{ roomFen: 0 }, { roomFen: 800 }])?.map((p) => p.amountFen)).toEqual([500]);
  });

  it('refunds nothing when the payments together have too little room', () => {
    expect(splitRefund(1_001, [{ roomFen: 600 }, { roomFen: 400 }])).toBeNull();
  });

  it('parts are positive, within each room, and add up to the amount (any payments, any amount)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -100, max: 200_000 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 600_000 }),
        (rooms, amount) => {
          const pays = rooms.map((roomFen, i) => ({ i, roomFen }));
          const parts = splitRefund(amount, pays);
          const room = rooms.reduce((a, r) => a + Math.max(r, 0), 0);
          if (room < amount) return parts === null;
          return (
            parts !== null &&
            parts.reduce((a, p) => a + p.amountFen, 0) === amount &&
            parts.every((p) => p.amountFen > 0 && p.amountFen <= p.payment.roomFen) &&
            new Set(parts.map((p) => p.payment.i)).size === parts.length
          );
        },
      ),
    );
  });
});

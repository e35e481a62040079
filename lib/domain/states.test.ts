import { describe, expect, it } from 'vitest';
import {
  statesLeadingTo,
  CHANGE_FROM,
  ORDER_STATUS,
  ORDER_TRANSITIONS,
  REFUND_FROM,
  TICKET_STATUS,
  TICKET_TRANSITIONS,
  canTransition,
  isFinal,
} from './states';

const orderStates = Object.values(ORDER_STATUS);
const ticketStates = Object.values(TICKET_STATUS);

describe('order state machine', () => {
  const allowed = new Set(['1>2', '1>3', '1>5', '2>5', '2>7', '7>8', '7>9']);
  it.each(orderStates.flatMap((a) => orderStates.map((b) => [a, b] as const)))('%d → %d', (a, b) => {
    expect(canTransition('order', a, b)).toBe(allowed.has(`${a}>${b}`));
  });
  it('has a row for every state and final states have no exits', () => {
    expect(
      Object.keys(ORDER_TRANSITIONS)
        .map(Number)
        .sort((x, y) => x - y),
    ).toEqual([...orderStates].sort((x, y) => x - y));
    for (const s of [3, 5, 8, 9]) expect(isFinal('order', s)).toBe(true);
  });
});

describe('ticket state machine', () => {
  it('has a row for every state; no state moves to itself or back to holding', () => {
    expect(Object.keys(TICKET_TRANSITIONS).length).toBe(ticketStates.length);
    for (const a of ticketStates) {
      expect(canTransition('ticket', a, a)).toBe(false);
      if (a !== TICKET_STATUS.HOLDING) expect(canTransition('ticket', a, TICKET_STATUS.HOLDING)).toBe(false);
    }
  });
  it('refund and change start only from the documented states', () => {
    for (const s of ticketStates) {
      expect(canTransition('ticket', s, TICKET_STATUS.REFUNDING)).toBe(REFUND_FROM.includes(s));
      expect(canTransition('ticket', s, TICKET_STATUS.CHANGE_HOLDING)).toBe(CHANGE_FROM.includes(s));
    }
  });
  it('a changed ticket cannot be changed again, a refunded one is final', () => {
    expect(canTransition('ticket', TICKET_STATUS.CHANGE_ISSUED, TICKET_STATUS.CHANGE_HOLDING)).toBe(false);
    expect(isFinal('ticket', TICKET_STATUS.REFUNDED)).toBe(true);
  });
});

describe('statesLeadingTo', () => {
  it('accepts skipped intermediate states but never a way back', () => {
    expect(statesLeadingTo('order', ORDER_STATUS.ISSUED)).toEqual([1, 2, 7]);
    expect(statesLeadingTo('order', ORDER_STATUS.HELD)).toEqual([1]);
    expect(statesLeadingTo('order', ORDER_STATUS.HOLDING)).toEqual([]);
    expect(statesLeadingTo('ticket', TICKET_STATUS.REFUNDED)).toContain(TICKET_STATUS.ISSUED);
    expect(statesLeadingTo('ticket', TICKET_STATUS.HELD)).not.toContain(TICKET_STATUS.ISSUED);
  });
});

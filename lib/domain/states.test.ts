import { describe, expect, it } from 'vitest';
import {
  canTransition,
  CHANGE_FROM,
  changeOrderStatusLabel,
  GRAB_STATUS,
  grabStatusLabel,
  hasCycle,
  isFinal,
  canApplyForChange,
  ORDER_STATUS,
  orderStatusLabel,
  REFUND_FROM,
  statesLeadingTo,
  statesOf,
  TICKET_STATUS,
  ticketStatusLabel,
  type Machine,
} from './states';

/** The enumerations exactly as panhe-train-api.md and juhe-grab-ticket-dictionary.md print them. */
const PANHE_ORDER = '占位中=1,占位成功=2,占位失败=3,已取消=5,出票中=7,出票成功=8,出票失败=9';
const PANHE_TICKET =
  '占位中=1,占位成功=2,占位失败=3,已取消=5,出票中=7,出票成功=8,出票失败=9,退票中=20,退票成功=21,退票失败=22,已退票未退款 = 23 ,改签占位中=30,改签占位成功=31,改签占位失败=32,改签确认出票中=33,改签确认出票成功=34,改签确认出票失败=35,改签已取消=37';
const PANHE_CHANGE =
  '改签占位中=30,改签占位成功=31,改签占位失败=32,改签确认出票中=33,改签确认出票成功=34,改签确认出票失败=35,改签已取消=37';
// juhe-grab-ticket-dictionary.md, orderStatus.data (its JSON, one line).
const JUHE_GRAB = JSON.parse(
  '{"N":"抢票单已创建","B":"未到开抢时间","D":"抢票中","F":"抢票成功(出票成功)","U":"出票失败","O":"已过期","C":"已取消","T":"已退票","E":"已改签"}',
) as Record<string, string>;

const parseEnum = (s: string) =>
  s.split(',').map((p) => {
    const [name = '', code = ''] = p.split('=').map((x) => x.trim());
    return [Number(code), name] as const;
  });

describe('codes and labels match the provider documents', () => {
  it('order', () => {
    const doc = parseEnum(PANHE_ORDER);
    expect(statesOf('order')).toEqual(doc.map(([c]) => c));
    for (const [code, name] of doc) expect(orderStatusLabel(code)).toBe(name);
    expect(Object.values(ORDER_STATUS).sort((a, b) => a - b)).toEqual(doc.map(([c]) => c));
  });
  it('ticket', () => {
    const doc = parseEnum(PANHE_TICKET);
    expect(statesOf('providerTicket')).toEqual(doc.map(([c]) => c));
    for (const [code, name] of doc) expect(ticketStatusLabel(code)).toBe(name);
    expect(Object.values(TICKET_STATUS).sort((a, b) => a - b)).toEqual(doc.map(([c]) => c));
  });
  it('改签单', () => {
    const doc = parseEnum(PANHE_CHANGE);
    expect(statesOf('change')).toEqual(doc.map(([c]) => c));
    for (const [code, name] of doc) expect(changeOrderStatusLabel(code)).toBe(name);
  });
  it('grab order', () => {
    expect(statesOf('grab').sort()).toEqual(Object.keys(JUHE_GRAB).sort());
    for (const [code, name] of Object.entries(JUHE_GRAB)) expect(grabStatusLabel(code)).toBe(name);
    expect(Object.values(GRAB_STATUS).sort()).toEqual(Object.keys(JUHE_GRAB).sort());
  });
  it('unknown codes get a placeholder label', () => {
    expect(orderStatusLabel(4)).toBe('未知状态 4');
    expect(ticketStatusLabel(36)).toBe('未知状态 36');
    expect(grabStatusLabel('Z')).toBe('未知状态 Z');
  });
});

/** Expected edges, written out independently of the implementation's tables. */
const EXPECTED: Record<Machine, string[]> = {
  order: ['1>2', '1>3', '1>5', '2>5', '2>7', '7>8', '7>9'],
  providerTicket: [
    '1>2',
    '1>3',
    '1>5',
    '2>5',
    '2>7',
    '7>8',
    '7>9',
    '8>20',
    '8>23',
    '8>30',
    '20>21',
    '20>22',
    '20>23',
    '22>20',
    '22>23',
    '22>30',
    '23>21',
    '30>31',
    '30>32',
    '30>37',
    '31>33',
    '31>37',
    '32>20',
    '32>23',
    '32>30',
    '33>34',
    '33>35',
    '34>20',
    '34>23',
    '35>20',
    '35>23',
    '35>30',
    '37>20',
    '37>23',
    '37>30',
  ],
  ticket: ['1>2', '1>3', '1>5', '2>5', '2>7', '7>8', '7>9', '8>21', '8>23', '8>34', '23>21'],
  refund: ['20>21', '20>22', '20>23', '23>21'],
  change: ['30>31', '30>32', '30>37', '31>33', '31>37', '33>34', '33>35'],
  grab: ['N>B', 'N>D', 'N>C', 'N>O', 'B>D', 'B>C', 'B>O', 'D>F', 'D>U', 'D>C', 'D>O', 'F>T', 'F>E', 'E>T'],
};
const FINAL: Record<Machine, (string | number)[]> = {
  order: [3, 5, 8, 9],
  providerTicket: [3, 5, 9, 21],
  ticket: [3, 5, 9, 21, 34],
  refund: [21, 22],
  change: [32, 34, 35, 37],
  grab: ['U', 'O', 'C', 'T'],
};

describe.each(['order', 'ticket', 'refund', 'change', 'grab', 'providerTicket'] as const)('%s machine', (machine) => {
  const states: (string | number)[] = statesOf(machine as 'order');
  // Every pair of known states, plus unknown codes on either side.
  const probe = [...states, ...(machine === 'grab' ? ['X', ''] : [0, 4, 6, 36, 99])];
  const expected = new Set(EXPECTED[machine]);

  it(`allows exactly the listed transitions (${probe.length ** 2} pairs)`, () => {
    for (const from of probe)
      for (const to of probe)
        expect(canTransition(machine, from, to), `${machine} ${from}>${to}`).toBe(expected.has(`${from}>${to}`));
  });
  it('never allows staying put', () => {
    for (const s of states) expect(canTransition(machine, s, s)).toBe(false);
  });
  it('has exactly the documented final states', () => {
    expect(states.filter((s) => isFinal(machine, s)).sort()).toEqual([...FINAL[machine]].sort());
    expect(isFinal(machine, machine === 'grab' ? 'X' : 999)).toBe(false);
  });
});

describe('our machines have no cycles', () => {
  it.each(['order', 'ticket', 'refund', 'change', 'grab'] as const)('%s is acyclic', (machine) => {
    expect(hasCycle(machine)).toBe(false);
  });
  it("the provider's per-passenger status does cycle (why it is not our ticket machine)", () => {
    expect(hasCycle('providerTicket')).toBe(true);
  });
  it('a ticket that came from a change is never changed again', () => {
    expect(canApplyForChange({ status: TICKET_STATUS.ISSUED, changeOrderId: null })).toBe(true);
    expect(canApplyForChange({ status: TICKET_STATUS.ISSUED, changeOrderId: 'c1' })).toBe(false);
    expect(canApplyForChange({ status: TICKET_STATUS.REFUNDED, changeOrderId: null })).toBe(false);
  });
});

describe('provider ticket rules from the documents', () => {
  const all = statesOf('providerTicket');
  it('refund and change start only from the documented states', () => {
    expect([...REFUND_FROM].sort((a, b) => a - b)).toEqual([8, 22, 32, 34, 35, 37]);
    expect([...CHANGE_FROM].sort((a, b) => a - b)).toEqual([8, 22, 32, 35, 37]);
    for (const s of all) {
      expect(canTransition('providerTicket', s, TICKET_STATUS.REFUNDING)).toBe(REFUND_FROM.includes(s));
      expect(canTransition('providerTicket', s, TICKET_STATUS.CHANGE_HOLDING)).toBe(CHANGE_FROM.includes(s));
    }
  });
  it('a changed ticket cannot be changed again; a refunded one is final', () => {
    expect(canTransition('providerTicket', TICKET_STATUS.CHANGE_ISSUED, TICKET_STATUS.CHANGE_HOLDING)).toBe(false);
    expect(canTransition('providerTicket', TICKET_STATUS.CHANGE_ISSUED, TICKET_STATUS.REFUNDING)).toBe(true);
    expect(isFinal('providerTicket', TICKET_STATUS.REFUNDED)).toBe(true);
  });
  it('cancellation only from 占位中 / 占位成功', () => {
    for (const s of statesOf('order'))
      expect(canTransition('order', s, ORDER_STATUS.CANCELLED)).toBe(
        s === ORDER_STATUS.HOLDING || s === ORDER_STATUS.HELD,
      );
  });
});

describe('statesLeadingTo', () => {
  it('accepts skipped intermediate states but never a way back', () => {
    expect(statesLeadingTo('order', ORDER_STATUS.ISSUED)).toEqual([1, 2, 7]);
    expect(statesLeadingTo('order', ORDER_STATUS.HELD)).toEqual([1]);
    expect(statesLeadingTo('order', ORDER_STATUS.HOLDING)).toEqual([]);
    expect(statesLeadingTo('order', ORDER_STATUS.CANCELLED)).toEqual([1, 2]);
    expect(statesLeadingTo('ticket', TICKET_STATUS.REFUNDED)).toEqual([1, 2, 7, 8, 23]);
    expect(statesLeadingTo('ticket', TICKET_STATUS.CHANGE_ISSUED)).toEqual([1, 2, 7, 8]);
    expect(statesLeadingTo('ticket', TICKET_STATUS.HELD)).not.toContain(TICKET_STATUS.ISSUED);
    expect(statesLeadingTo('ticket', TICKET_STATUS.ISSUED)).toEqual([1, 2, 7]);
    expect(statesLeadingTo('grab', 'T')).toEqual(['B', 'D', 'E', 'F', 'N']);
  });
});

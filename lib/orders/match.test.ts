import { describe, expect, it } from 'vitest';
import { matchTickets, sameCardNo } from './match';

const ours = [
  {
    id: 'a',
    position: 0,
    idType: '1',
    idNo: '110101198503150013',
    ticketType: 1,
    passengerName: '张伟',
    idName: '张伟',
    ticketNo: null,
  },
  {
    id: 'b',
    position: 1,
    idType: '1',
    idNo: '310104198811020024',
    ticketType: 1,
    passengerName: '李娜',
    idName: '李娜',
    ticketNo: null,
  },
  // A child on 张伟's ID: same card, other ticket type, the adult's name on the wire.
  {
    id: 'c',
    position: 2,
    idType: '1',
    idNo: '110101198503150013',
    ticketType: 2,
    passengerName: '张小宝',
    idName: '张伟',
    ticketNo: null,
  },
];
const wire = (name: string, cardNo: string, ticketType: number, ticketNo: string | null = null) => ({
  name,
  cardType: 1,
  cardNo,
  ticketType,
  ticketNo,
});

describe('matchTickets: by passenger identity, never by position', () => {
  it('pairs tickets the provider lists in another order, masked card numbers included', () => {
    const theirs = [
      wire('张伟', '1101**********0013', 2, 'T3'),
      wire('李娜', '3101**********0024', 1, 'T2'),
      wire('张伟', '1101**********0013', 1, 'T1'),
    ];
    const pairs = matchTickets(ours, theirs);
    expect(pairs.map((p) => [p.mine.id, p.theirs.ticketNo])).toEqual([
      ['c', 'T3'],
      ['b', 'T2'],
      ['a', 'T1'],
    ]);
  });
  it('a known ticket number decides; an unknown passenger matches nothing', () => {
    const withNos = ours.map((t, i) => ({ ...t, ticketNo: `N${i}` }));
    const pairs = matchTickets(withNos, [
      wire('改名了', '0000**********0000', 1, 'N1'),
      wire('陌生人', '9999**********9999', 1),
    ]);
    expect(pairs.map((p) => p.mine.id)).toEqual(['b']);
  });
  it('masked characters match anything, the rest must be equal', () => {
    expect(sameCardNo('110101198503150013', '1101**********0013')).toBe(true);
    expect(sameCardNo('110101198503150013', '1101**********0014')).toBe(false);
    expect(sameCardNo('110101198503150013', '1101*******0013')).toBe(false);
  });
});

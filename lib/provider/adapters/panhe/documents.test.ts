import { describe, expect, it } from 'vitest';
import { createOrderRequest } from '@/protocol/panhe/wire';
import type { HoldRequest } from '../../port';
import { createPanheProvider, passengerDocumentWire, PANHE_CARD_TYPES } from './adapter';
import type { ProviderClient } from './client';
import type { ProviderConfig } from './config';

function captured() {
  const sent: unknown[] = [];
  const client = {
    createOrder: (body: unknown) => {
      sent.push(body);
      return Promise.resolve({ orderNo: 'T1' });
    },
  } as unknown as ProviderClient;
  return { sent, provider: createPanheProvider({ secretKey: 's' } as ProviderConfig, client) };
}

const request = (passengers: HoldRequest['passengers']): HoldRequest => ({
  customerOrderNo: 'C1',
  trainCode: 'G1',
  fromStation: '北京南',
  toStation: '上海',
  departAt: new Date('2030-01-01T01:00:00Z'),
  arriveAt: new Date('2030-01-01T06:00:00Z'),
  seatType: 4,
  acceptStanding: false,
  chooseSeats: null,
  chooseSleeper: null,
  contactName: '联系人',
  contactMobile: '13800138000',
  passengers,
  credentials: { trainAccount: 'enc', trainPassword: 'enc' },
  callbackBase: 'http://portal.test',
});
const base = { cardNo: 'E1234567', mobile: '13900139000', ticketType: 1, seatType: 4, priceFen: null };

describe('Panhe 创单 passengers: document fields (panhe-train-api.md l.103-106)', () => {
  it('sends birthday, sex, countryCode and cardValidEndDate as the wire names them, for a passport, 港澳 and 台胞', async () => {
    const { sent, provider } = captured();
    await provider.hold(
      request([
        {
          ...base,
          name: 'JOHN',
          cardType: 2,
          birthday: '1980-05-01',
          sex: 1,
          countryCode: 'us',
          cardValidUntil: '2031-01-01',
        },
        { ...base, name: '陈大文', cardType: 3, birthday: '1990-01-02', sex: 2, countryCode: null },
        { ...base, name: '林志明', cardType: 4, birthday: '1991-03-04', sex: 1 },
        { ...base, name: '张三', cardType: 1, cardNo: '11010519491231002X' },
      ]),
    );
    const body = createOrderRequest.parse(sent[0]);
    expect(body.passengers.map((p) => [p.birthday, p.sex, p.countryCode, p.cardValidEndDate])).toEqual([
      ['1980-05-01', 1, 'US', '2031-01-01'],
      ['1990-01-02', 2, undefined, undefined],
      ['1991-03-04', 1, undefined, undefined],
      [undefined, undefined, undefined, undefined],
    ]);
    // The passenger's own mobile, not the contact's.
    expect(body.passengers[0]!.mobile).toBe('13900139000');
  });

  it('leaves out what is unknown rather than sending nulls', () => {
    expect(passengerDocumentWire({ ...base, name: 'x', cardType: 1, birthday: null, sex: null })).toEqual({});
  });

  it('declares every 创单 card type', () => {
    expect(captured().provider.capabilities.cardTypes).toEqual(PANHE_CARD_TYPES);
    expect([...PANHE_CARD_TYPES]).toEqual([1, 2, 3, 4, 8, 9]);
  });
});

/**
 * Requests the provider client's unit tests send (client.test.ts, contract.test.ts): the
 * documentation's 创单 example with a 12306 account.
 */
export const TRAIN_CREDS = { trainAccount: 'user_1', trainPassword: 'pass_1' };

export const CREATE_ORDER_REQUEST = {
  customerOrderNo: 'P-1',
  contactName: '李伟',
  contactMobile: '18754683215',
  trainCode: 'G7240',
  fromStation: '上海',
  toStation: '合肥南',
  fromDateTime: '2020-04-20 10:54',
  toDateTime: '2020-04-20 14:13',
  ...TRAIN_CREDS,
  isChooseSeats: false,
  passengers: [{ name: '张文涛', cardType: 1, cardNo: '110101199003077777', mobile: null, ticketType: 1, seatType: 4 }],
};

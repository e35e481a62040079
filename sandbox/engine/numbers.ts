/** Order, ticket and change-order numbers and the 检票口, in the shapes of the provider's examples. */
import { randomBytes, randomInt } from 'node:crypto';
import { wireTime } from '../format';

const stamp = () => wireTime(new Date(), true).replace(/\D/g, '').slice(2);
export const newOrderNo = () => `T${stamp()}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
export const new12306No = () => `E${randomBytes(5).toString('hex').toUpperCase().slice(0, 9)}`;
export const newTicketNo = (base: string | null, i: number) =>
  `${base ?? `E${randomBytes(4).toString('hex').toUpperCase().slice(0, 9)}`}${randomInt(100, 1000)}${String(i).padStart(3, '0')}`;
export const newChaNoCandidate = (orderNo: string) => `${orderNo}C${randomInt(1000, 10000)}`;

export const entranceFor = (trainCode: string, fromIdx: number) =>
  `检票口${1 + (trainCode.charCodeAt(trainCode.length - 1) % 9)}${'AB'[fromIdx % 2]}`;

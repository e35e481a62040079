/**
 * Panhe (panhe-train-api.md) behind the provider port: JSON over `POST /train/<name>`, callbacks per
 * order (callBackUrl / refundTicketCallbackUrl) signed md5(secretKey+orderNo+secretKey), 12306 accounts
 * and 常旅客, 改签. The client (client.ts) speaks the wire; this file maps domain ⇄ wire.
 */
import { fenToYuan } from '@/lib/domain/money';
import { ProviderError } from '../../errors';
import type { HoldPassenger, ProviderMethod, TicketProvider } from '../../port';
import { parseCallback } from './callback';
import { createProviderClient, type ProviderClient } from './client';
import type { ProviderConfig } from './config';
import { formatWireDate, formatWireDateTime, toOrderDetail, toStation, toStop, toTrainLine } from './mappers';
import { panheAccounts } from './accounts';

/** panhe-train-api.md 创单占座: "乘客信息(最多9人)". */
export const PANHE_MAX_PASSENGERS = 9;
/** panhe-train-api.md 创单 cardType l.98: 身份证 1, 护照 2, 港澳 3, 台湾 4, 外国人永久居留身份证 8, 港澳台居民居住证 9. */
export const PANHE_CARD_TYPES: readonly number[] = [1, 2, 3, 4, 8, 9];

/**
 * A passenger's document details on the 创单 wire (panhe-train-api.md l.103-106): birthday
 * 'yyyy-MM-dd', sex 1/2, countryCode, cardValidEndDate 'yyyy-MM-dd', each sent only when known (all
 * are 否 in the table; the portal refuses before sending when the card type needs one it lacks).
 */
export function passengerDocumentWire(p: HoldPassenger) {
  return {
    ...(p.birthday ? { birthday: p.birthday } : {}),
    ...(p.cardValidUntil ? { cardValidEndDate: p.cardValidUntil } : {}),
    ...(p.sex ? { sex: p.sex } : {}),
    ...(p.countryCode ? { countryCode: p.countryCode.trim().toUpperCase() } : {}),
  };
}

/**
 * Repeatable without changing the outcome: the reads, and 创单, which its unique customerOrderNo makes
 * idempotent at the provider ("单号值必须唯一,否则会被系统判定为重复下单进行拦截": a repeat is refused as a
 * duplicate, not booked twice; the first attempt's hold callback and 订单详情 tell the outcome).
 */
const IDEMPOTENT = new Set<ProviderMethod>(['search', 'stops', 'detail', 'balance', 'hold']);

export function createPanheProvider(config: ProviderConfig, client: ProviderClient = createProviderClient(config)) {
  const provider: TicketProvider & { client: ProviderClient } = {
    id: 'panhe',
    label: '盘河',
    client,
    capabilities: {
      change: true,
      changeElsewhere: null,
      seatChoice: true,
      berthChoice: true,
      maxPassengers: PANHE_MAX_PASSENGERS,
      trainAccount: true,
      standingByDefault: false,
      stops: true,
      balance: false,
      confirmChecksAmount: true,
      // panhe-train-api.md l.101 创单 ticketType "学生票 = 3".
      studentTickets: true,
      cardTypes: PANHE_CARD_TYPES,
    },
    idempotent: IDEMPOTENT,
    callbackAck: 'success',
    callbackKinds: ['order', 'refund', 'change'],

    async search(q) {
      const data = await client.search({ fromStation: q.from, toStation: q.to, fromDate: q.date });
      return (data.trainLines ?? []).map(toTrainLine);
    },
    async stops(q) {
      const data = await client.stops({
        trainCode: q.trainCode,
        trainNo: q.trainNo,
        fromDate: q.date,
        fromStation: q.from,
        toStation: q.to,
      });
      return data.map(toStop);
    },
    async hold(r) {
      if (!r.credentials)
        throw new ProviderError({ kind: 'business', message: '盘河下单需要 12306 账号', endpoint: 'order/create' });
      const data = await client.createOrder({
        customerOrderNo: r.customerOrderNo,
        contactName: r.contactName,
        contactMobile: r.contactMobile,
        trainCode: r.trainCode,
        fromStation: r.fromStation,
        toStation: r.toStation,
        fromDateTime: formatWireDateTime(r.departAt),
        toDateTime: formatWireDateTime(r.arriveAt),
        trainAccount: r.credentials.trainAccount,
        trainPassword: r.credentials.trainPassword,
        isChooseSeats: !!r.chooseSeats,
        chooseSeats: r.chooseSeats,
        chooseSleeper: r.chooseSleeper ?? '',
        isAcceptStanding: r.acceptStanding,
        callBackUrl: `${r.callbackBase}/api/provider/callbacks/order`,
        refundTicketCallbackUrl: `${r.callbackBase}/api/provider/callbacks/refund`,
        passengers: r.passengers.map((p) => ({
          name: p.name,
          cardType: p.cardType,
          cardNo: p.cardNo,
          mobile: p.mobile,
          ticketType: p.ticketType,
          seatType: p.seatType,
          ...passengerDocumentWire(p),
        })),
      });
      return { orderNo: data.orderNo };
    },
    async confirm(orderNo, payAmountFen) {
      await client.confirmOrder(orderNo, fenToYuan(payAmountFen));
    },
    async cancel(orderNo) {
      await client.cancelOrder(orderNo);
    },
    async detail(orderNo) {
      return toOrderDetail(await client.orderDetail(orderNo));
    },
    async refundTicket(r) {
      await client.refundTicket({
        orderNo: r.orderNo,
        tickets: [{ name: r.name, ticketNo: r.ticketNo, cardType: r.cardType, cardNo: r.cardNo }],
        remark: r.remark,
      });
    },
    async applyChange(r) {
      const chaNo = await client.applyChange({
        orderNo: r.orderNo,
        changePsgTicketNos: r.ticketNos.join('|'),
        fromStation: r.fromStation,
        toStation: r.toStation,
        trainCode: r.trainCode,
        seatType: r.seatType,
        fromDateTime: formatWireDateTime(r.departAt),
        toDateTime: formatWireDateTime(r.arriveAt),
        isChooseSeats: !!r.chooseSeats,
        chooseSeats: r.chooseSeats,
        // Required by the 申请改签 table (panhe-train-api.md l.166 "chooseSleeper | string | 是"; "不选:空或000").
        chooseSleeper: r.chooseSleeper ?? '',
        isAcceptStanding: r.acceptStanding,
        remark: r.remark,
        callBackUrl: `${r.callbackBase}/api/provider/callbacks/change`,
      });
      return { chaNo };
    },
    async confirmChange(orderNo, chaNo, payAmountFen) {
      await client.confirmChange(orderNo, chaNo, fenToYuan(payAmountFen));
    },
    async cancelChange(chaNo, remark) {
      await client.cancelChange(chaNo, remark);
    },
    // The panhe protocol has no balance call (the statement comes from its back office).
    balance: () => Promise.resolve(null),
    // 站点 list (panhe-train-api.md l.66-74: stationName, stationShortChar, stationPinYin, stationCode), read by
    // the daily sync job only: "切勿实时调用该接口,每天最多请求10次".
    stationList: async () => (await client.stations()).map(toStation),
    readCallback(c) {
      const parsed = parseCallback(c.body, config.secretKey);
      if (!parsed.ok) return parsed;
      // The sign covers the order number only (md5(secretKey+orderNo+secretKey)): nothing else of the
      // body, the customerOrderNo included, is vouched for.
      return { ok: true, orderNo: parsed.payload.orderNo, customerOrderNo: null, eventType: parsed.payload.eventType };
    },
    accounts: panheAccounts(client),
  };
  return provider;
}

export { formatWireDate };

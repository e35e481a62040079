/**
 * The provider's wire format as zod schemas, under the documented field names (panhe-train-api.md).
 * Tolerant where the documentation's own examples are loose (numbers sent as strings, nulls), strict
 * where it matters (status codes, order numbers, amounts). The sandbox builds its answers from the
 * same schemas, so both sides of the protocol agree by construction.
 */
import { z } from 'zod';

/** A number that may arrive as a numeric string ("1", "9.0"). */
export const num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
const nnum = num.nullable().optional();
const nstr = z.string().nullable().optional();
const nbool = z.boolean().nullable().optional();
/** "yyyy-MM-dd HH:mm[:ss]" in Beijing time. */
export const wireDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/);

export function envelope<T extends z.ZodType>(data: T) {
  return z
    .object({ data: data.nullable(), success: z.boolean(), msg: z.string().nullable().default(''), msgCode: nnum })
    .passthrough();
}
export const looseEnvelope = envelope(z.unknown());

// ---- 余票查询 (search)
export const searchRequest = z.object({
  fromStation: z.string().min(1),
  toStation: z.string().min(1),
  fromDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export const sleeperSeatInfo = z
  .object({ sleeperType: num, sleeperTypeName: z.string(), ticketPrice: num })
  .passthrough();
export const seatInfo = z
  .object({
    seatType: num,
    seatTypeName: z.string(),
    ticketPrice: num,
    leftTicketNum: num,
    otherSeats: z.array(sleeperSeatInfo).nullable().optional(),
  })
  .passthrough();
export const trainLine = z
  .object({
    trainCode: z.string(),
    trainNo: z.string(),
    fromStation: z.string(),
    toStation: z.string(),
    fromTime: z.string(),
    toTime: z.string(),
    fromDateTime: wireDateTime,
    toDateTime: wireDateTime,
    arrive_days: z.union([z.string(), z.number()]).transform(String),
    runTime: z.string().regex(/^\d+:\d{2}$/),
    trainsType: num,
    trainsTypeName: z.string(),
    beginStation: nstr,
    beginTime: nstr,
    endStation: nstr,
    endTime: nstr,
    isSupportChooseSleeper: nbool,
    isSupportChooseSeat: nbool,
    Seats: z.array(seatInfo),
  })
  .passthrough();
export const searchResponse = envelope(z.object({ trainLines: z.array(trainLine).nullable() }).passthrough());

// ---- 查询经停站V2 (stops)
export const stopsRequest = z.object({
  trainCode: z.string().min(1),
  trainNo: z.string().min(1),
  fromDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  fromStation: z.string().min(1),
  toStation: z.string().min(1),
});
export const stopInfo = z
  .object({
    stationId: num,
    stationName: z.string(),
    arriveTime: z.string(),
    startTime: z.string(),
    interval: z.union([z.string(), z.number()]).transform(String),
  })
  .passthrough();
export const stopsResponse = envelope(z.array(stopInfo));

// ---- 车站列表 (stations)
export const stationInfo = z
  .object({ stationName: z.string(), stationShortChar: z.string(), stationPinYin: z.string(), stationCode: z.string() })
  .passthrough();
export const stationsResponse = envelope(z.array(stationInfo));

// ---- 创单占座 (order/create)
export const passengerWire = z
  .object({
    name: z.string().min(1),
    cardType: num,
    cardNo: z.string().min(1),
    mobile: z.string().optional().nullable(),
    ticketType: num,
    seatType: num,
    birthday: nstr,
    cardValidEndDate: nstr,
    sex: nnum,
    countryCode: nstr,
  })
  .passthrough();
export const createOrderRequest = z
  .object({
    customerOrderNo: nstr,
    contactName: z.string().min(1),
    contactMobile: z.string().min(1),
    trainCode: z.string().min(1),
    fromStation: z.string().min(1),
    toStation: z.string().min(1),
    fromDateTime: wireDateTime,
    toDateTime: wireDateTime,
    trainAccount: z.string().min(1),
    trainPassword: z.string().min(1),
    isChooseSeats: z.boolean(),
    chooseSeats: nstr,
    chooseSleeper: nstr,
    isAcceptStanding: nbool,
    callBackUrl: nstr,
    refundTicketCallbackUrl: nstr,
    passengers: z.array(passengerWire).min(1),
  })
  .passthrough();
export const createOrderResponse = envelope(z.object({ orderNo: z.string() }).passthrough());

// ---- 确认出票 / 取消 / 退票
export const confirmRequest = z.object({
  orderNo: z.string().min(1),
  payAmount: nnum,
  sign: z.string().regex(/^[0-9a-f]{32}$/i),
});
export const boolResponse = envelope(z.boolean());
export const cancelRequest = z.object({ orderNo: z.string().min(1) });
export const refundRequest = z
  .object({
    orderNo: z.string().min(1),
    tickets: z
      .array(z.object({ name: z.string(), ticketNo: z.string(), cardType: num, cardNo: z.string() }).passthrough())
      .min(1),
    remark: nstr,
  })
  .passthrough();

// ---- 改签
export const changeRequest = z
  .object({
    orderNo: z.string().min(1),
    changePsgTicketNos: z.string().min(1),
    fromStation: z.string().min(1),
    toStation: z.string().min(1),
    trainCode: z.string().min(1),
    seatType: num,
    fromDateTime: wireDateTime,
    toDateTime: wireDateTime,
    isChooseSeats: z.boolean(),
    chooseSeats: nstr,
    chooseSleeper: nstr,
    isAcceptStanding: nbool,
    remark: z.string(),
    callBackUrl: nstr,
  })
  .passthrough();
export const changeResponse = envelope(z.string());
export const changeConfirmRequest = z.object({
  orderNo: z.string().min(1),
  chaNo: z.string().min(1),
  payAmount: nnum,
  sign: z.string(),
});
export const changeCancelRequest = z.object({ chaNo: z.string().min(1), remark: z.string() });

// ---- 订单详情 (order/detail)
export const ticketDetail = z
  .object({
    passengerId: z.union([z.number(), z.string()]).nullable().optional(),
    name: z.string(),
    ticketNo: nstr,
    cardType: num,
    cardTypeName: nstr,
    cardNo: z.string(),
    mobile: nstr,
    ticketType: num,
    ticketTypeName: nstr,
    seatType: num,
    seatTypeName: nstr,
    ticketStatus: num,
    ticketStatusName: nstr,
    seatNo: nstr,
    ticketPrice: nnum,
    insuranceAmount: nnum,
    policyNos: z.unknown().optional(),
    refundTicketPoundage: nnum,
    refundTicketAmount: nnum,
    refundSuccessTime: nstr,
    refundTransactionNo: nstr,
    refundFailReason: nstr,
  })
  .passthrough();
export const changeOrderDetail = z
  .object({
    chaNo: z.string(),
    chaOrderStatus: num,
    chaOrderStatusName: nstr,
    trainCode: z.string(),
    fromStation: z.string(),
    toStation: z.string(),
    fromDateTime: z.string(),
    toDateTime: z.string(),
    isChooseSeats: nbool,
    chooseSeats: nstr,
    priceChangeType: nnum,
    priceChangeTypeInfo: nstr,
    realPayAmount: nnum,
    payTime: nstr,
    totalPriceDiff: nnum,
    diffRate: nnum,
    diffRefundFeeAmount: nnum,
    changRate: nnum,
    changFeeAmount: nnum,
    needPayAmount: nnum,
    chaRefundType: nnum,
    refundAmount: nnum,
    refundTime: nstr,
    refundTransactionNo: nstr,
    refundTransactionMethods: nnum,
    remark: nstr,
    unFinishedReason: nstr,
    ticketEntrance: nstr,
    confirmChangeLimitTime: nstr,
    applayChangeTime: nstr,
    trainTickets: z.array(ticketDetail),
  })
  .passthrough();
export const orderDetail = z
  .object({
    orderNo: z.string(),
    orderAmount: nnum,
    ticketAmount: nnum,
    insuranceAmount: nnum,
    serviceFeeAmount: nnum,
    serviceFeePerTicket: nnum,
    customerOrderNo: nstr,
    orderNo12306: nstr,
    trainCode: z.string(),
    fromStation: z.string(),
    toStation: z.string(),
    fromDateTime: z.string(),
    toDateTime: z.string(),
    orderStatus: num,
    orderStatusName: nstr,
    payStatus: nnum,
    realPayAmount: nnum,
    payTime: nstr,
    ticketTime: nstr,
    isChooseSeats: nbool,
    chooseSeats: nstr,
    contactName: nstr,
    contactMobile: nstr,
    outTicketFail_RefundSuccessTime: nstr,
    outTicketFail_RefundAmount: nnum,
    payLimitTime: nstr,
    unFinishedReason: nstr,
    ticketEntrance: nstr,
    createTime: nstr,
    trainTickets: z.array(ticketDetail),
    trainChaOrder: z.array(changeOrderDetail).nullable().optional(),
  })
  .passthrough();
export const orderDetailResponse = envelope(orderDetail);

// ---- callbacks (format fixed by the team: 订单详情 + eventType + sign)
export const CALLBACK_EVENT_TYPES = [
  'order.hold',
  'order.issue',
  'order.cancel',
  'refund',
  'change.hold',
  'change.issue',
  'change.cancel',
] as const;
export const callbackPayload = orderDetail.extend({ eventType: z.string(), sign: z.string() });

// ---- accounts and 常旅客 (密文 fields are AES-encrypted strings)
export const accountRequest = z
  .object({ trainAccount: z.string().min(1), trainPassword: z.string().min(1) })
  .passthrough();

export type TrainLineWire = z.output<typeof trainLine>;
export type OrderDetailWire = z.output<typeof orderDetail>;
export type CreateOrderRequestWire = z.input<typeof createOrderRequest>;
export type CallbackPayloadWire = z.output<typeof callbackPayload>;

// ---- 12306 accounts, 常旅客 and passwords (credentials are 密文 strings on the wire)
const credentials = { trainAccount: z.string().min(1), trainPassword: z.string().min(1) };
export const passengerRecord = z
  .object({
    id: z.union([z.number(), z.string()]),
    name: z.string(),
    cardType: num,
    cardNo: z.string(),
    mobile: nstr,
    passengerType: nnum,
    birthday: nstr,
    sex: nnum,
    country: nstr,
    identityVerifyStatus: nnum,
    mobileVerifyStatus: nnum,
    isUserSelf: nbool,
  })
  .passthrough();
export const accountRegisterRequest = z
  .object({
    ...credentials,
    name: z.string().min(1),
    cardType: num,
    cardNo: z.string().min(1),
    mobile: z.string().min(1),
    passengerType: nnum,
  })
  .passthrough();
export const accountVerifyRequest = z
  .object({ ...credentials, msgCode: z.string().min(1), validateType: num })
  .passthrough();
export const accountFaceRequest = z.object({ ...credentials, photos: z.array(z.string()).min(1) }).passthrough();
export const passengersListResponse = envelope(z.array(passengerRecord));
export const passengersSaveRequest = z
  .object({
    ...credentials,
    id: z.union([z.number(), z.string()]).optional(),
    name: z.string().min(1),
    cardType: num,
    cardNo: z.string().min(1),
    mobile: nstr,
    passengerType: nnum,
  })
  .passthrough();
export const passengersSaveResponse = envelope(
  z.object({ identityVerifyStatus: nnum, mobileVerifyStatus: nnum, verificationCode: nstr }).passthrough(),
);
export const passengersSelfRequest = z.object({ ...credentials, passengerType: num }).passthrough();
export const passengersDeleteRequest = z
  .object({ ...credentials, name: z.string().min(1), cardType: num, cardNo: z.string().min(1) })
  .passthrough();
export const passwordForgotResetRequest = z
  .object({ requestID: z.string().min(1), trainPassword: z.string().min(1), verificationCode: z.string().min(1) })
  .passthrough();
export const passwordChangeCodeRequest = z
  .object({
    trainAccount: z.string().min(1),
    oldTrainPassword: z.string().min(1),
    newTrainPassword: z.string().min(1),
    confirmTrainPassword: z.string().min(1),
  })
  .passthrough();
export const passwordChangeRequest = passwordChangeCodeRequest.extend({ verificationCode: z.string().min(1) });

/**
 * The older 聚合 (juhe) push format of juhe-train-booking-faq.md §22: form field `data=` holding
 * snake_case order fields. Parsed for reference and reconciliation of legacy records.
 */
export const juheLegacyCallback = z
  .object({
    from_station_name: z.string(),
    to_station_name: z.string(),
    train_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    orderid: z.string(),
    user_orderid: z.string(),
    orderamount: nnum,
    checi: z.string(),
    msg: z.string(),
    status: z.string(),
    passengers: z.array(
      z
        .object({
          passengersename: z.string(),
          piaotype: z.string(),
          passportseno: z.string(),
          price: num,
          zwname: z.string(),
        })
        .passthrough(),
    ),
    refund_money: nnum,
    sign: z.string().regex(/^[0-9a-f]{32}$/),
  })
  .passthrough();

/**
 * The provider's wire format (panhe-train-api.md) as zod schemas under the documented field names.
 * Tolerant where the documentation's own examples are loose (numbers sent as strings, nulls, extra
 * fields), strict where the portal depends on a value: order/ticket/change status codes, order
 * numbers, datetimes and amounts (non-negative yuan with at most two decimals).
 *
 * Requests are described without `appKey` (the client adds it; `withAppKey` gives the full body).
 * Responses are `{ data, success, msg }` (+ msgCode where the provider sends one): `envelope(data)`
 * validates `data` only when `success` is true. The portal's client (lib/provider) and the sandbox
 * both build and check their side of the protocol with these schemas.
 */
import { z } from 'zod';
import { CALLBACK_EVENT_TYPES, CHANGE_ORDER_STATUS, ORDER_STATUS, TICKET_STATUS } from './codes';

export { CALLBACK_EVENT_TYPES };

// ---- primitives

/** A number that may arrive as a numeric string ("1", "9.0"). */
export const num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
export const int = num.pipe(z.number().int());
const hasAtMostTwoDecimals = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;
/** A money amount in yuan (the wire's unit): non-negative, at most two decimals. */
export const yuan = num.pipe(
  z.number().nonnegative().refine(hasAtMostTwoDecimals, { error: 'amount with more than two decimals' }),
);
/** One of a documented set of integer codes. */
const code = (codes: Readonly<Record<string, number>>) => {
  const allowed = new Set(Object.values(codes));
  return int.refine((n) => allowed.has(n), { error: `not one of the documented codes ${[...allowed].join(',')}` });
};
const text = z.string().min(1);
const nstr = z.string().nullable().optional();
const nbool = z.boolean().nullable().optional();
const nint = int.nullable().optional();
const nyuan = yuan.nullable().optional();

/** "yyyy-MM-dd". */
export const wireDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** "yyyy-MM-dd HH:mm[:ss]", Beijing time (UTC+8). */
export const wireDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/);
/** An optional datetime; "" (as some providers send for "none") reads as null. */
const optDateTime = z.preprocess((v) => (v === '' ? null : v), wireDateTime.nullable()).optional();
const hhmm = z.string().regex(/^\d{2}:\d{2}$/);
/** 32 lowercase hex, as the docs require of every sign. */
const md5Sign = z.string().regex(/^[0-9a-f]{32}$/);

// ---- envelope

const msgCodeField = num.nullable().optional();
const msgField = z
  .string()
  .nullable()
  .optional()
  .transform((m) => m ?? '');

/** `{ data, success, msg }`; data is validated only on success. Extra fields (msgCode, ...) are kept. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('success', [
    z.looseObject({ success: z.literal(true), data, msg: msgField, msgCode: msgCodeField }),
    z.looseObject({ success: z.literal(false), data: z.unknown().optional(), msg: msgField, msgCode: msgCodeField }),
  ]);
}
/** Any answer of the protocol, data unchecked. */
export const looseEnvelope = z.looseObject({
  data: z.unknown().optional(),
  success: z.boolean(),
  msg: msgField,
  msgCode: msgCodeField,
});

/** The full request body: the documented fields plus appKey. */
export function withAppKey<T extends z.ZodObject>(request: T) {
  return request.extend({ appKey: text });
}

/** Acknowledgements: `data` is true, or null (the 删除常旅客 example answers success with null). */
export const ackData = z.boolean().nullable();
export const ackResponse = envelope(ackData);

// ---- 余票查询 (search)
export const searchRequest = z.object({ fromStation: text, toStation: text, fromDate: wireDate });
export const sleeperSeatInfo = z.looseObject({ sleeperType: int, sleeperTypeName: z.string(), ticketPrice: yuan });
export const seatInfo = z.looseObject({
  seatType: int,
  seatTypeName: z.string(),
  ticketPrice: yuan,
  leftTicketNum: int.pipe(z.number().nonnegative()),
  otherSeats: z.array(sleeperSeatInfo).nullable().optional(),
});
export const trainLine = z.looseObject({
  trainCode: text,
  trainNo: text,
  fromStation: text,
  toStation: text,
  fromTime: hhmm,
  toTime: hhmm,
  fromDateTime: wireDateTime,
  toDateTime: wireDateTime,
  arrive_days: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String),
  runTime: z.string().regex(/^\d+:\d{2}$/),
  trainsType: int,
  trainsTypeName: z.string(),
  beginStation: nstr,
  beginTime: nstr,
  endStation: nstr,
  endTime: nstr,
  isSupportChooseSleeper: nbool,
  isSupportChooseSeat: nbool,
  /** 提示消息: "" when on sale; "12:45起售" while the boarding station has not opened this date yet. */
  note: nstr,
  Seats: z.array(seatInfo),
});
/** trainLines: null or [] when no train matches. */
export const searchData = z.looseObject({ trainLines: z.array(trainLine).nullable() });
export const searchResponse = envelope(searchData);

// ---- 查询经停站V2 (stops). The deprecated V1 answered the same shape.
export const stopsRequest = z.object({
  trainCode: text,
  trainNo: text,
  fromDate: wireDate,
  fromStation: text,
  toStation: text,
});
/** Times are "HH:mm" (the docs' table says "HH;mm"), "----" at the ends; interval "2", "3分钟" or "----". */
export const stopInfo = z.looseObject({
  stationId: int,
  stationName: text,
  arriveTime: z.string(),
  startTime: z.string(),
  interval: z.union([z.string(), z.number()]).transform(String),
});
export const stopsData = z.array(stopInfo);
export const stopsResponse = envelope(stopsData);

// ---- 车站列表 (stations)
export const stationsRequest = z.object({});
export const stationInfo = z.looseObject({
  stationName: text,
  stationShortChar: z.string(),
  stationPinYin: z.string(),
  stationCode: text,
});
export const stationsData = z.array(stationInfo);
export const stationsResponse = envelope(stationsData);

// ---- 创单占座 (order/create)
export const passengerWire = z.object({
  name: text,
  cardType: int,
  cardNo: text,
  mobile: nstr,
  ticketType: int,
  seatType: int,
  /** Required by the provider for cardType 2, 3, 4, 8 (yyyy-MM-dd). */
  birthday: nstr,
  cardValidEndDate: nstr,
  /** 男 = 1, 女 = 2; required for cardType 2, 3, 4, 8. */
  sex: nint,
  /** Required for cardType 2, 8. */
  countryCode: nstr,
});
export const createOrderRequest = z.object({
  /** Our order number: unique, so a repeated 创单 is refused as a duplicate (what makes retries safe). */
  customerOrderNo: nstr,
  contactName: text,
  contactMobile: text,
  trainCode: text,
  fromStation: text,
  toStation: text,
  fromDateTime: wireDateTime,
  toDateTime: wireDateTime,
  /** 密文. */
  trainAccount: text,
  /** 密文. */
  trainPassword: text,
  isChooseSeats: z.boolean(),
  chooseSeats: nstr,
  /** Documented as required, but left out by the docs' own example: "" / "000" / absent = no choice. */
  chooseSleeper: nstr,
  isAcceptStanding: nbool,
  callBackUrl: nstr,
  refundTicketCallbackUrl: nstr,
  /** 一单最多下9人. */
  passengers: z.array(passengerWire).min(1).max(9),
});
export const createOrderData = z.looseObject({ orderNo: text });
export const createOrderResponse = envelope(createOrderData);

// ---- 确认出票 (order/confirm)
export const confirmRequest = z.object({
  orderNo: text,
  /** Null: not checked and not signed. */
  payAmount: yuan.nullable().optional(),
  /** md5(secretKey+orderNo+payAmount+secretKey). */
  sign: md5Sign,
});
export const confirmResponse = ackResponse;

// ---- 取消订单 (order/cancel), 订单详情 request (order/detail)
export const cancelRequest = z.object({ orderNo: text });
export const cancelResponse = ackResponse;
export const orderDetailRequest = cancelRequest;

// ---- 退票 (order/refund)
export const refundTicketInfo = z.object({ name: text, ticketNo: text, cardType: int, cardNo: text });
export const refundRequest = z.object({
  orderNo: text,
  /** An array for future use; the provider takes exactly one ticket per request. */
  tickets: z.array(refundTicketInfo).length(1),
  remark: nstr,
});
export const refundResponse = ackResponse;

// ---- 申请改签 (order/change)
export const changeRequest = z.object({
  orderNo: text,
  /** Ticket numbers joined by '|'. */
  changePsgTicketNos: z.string().regex(/^[^|]+(\|[^|]+)*$/),
  fromStation: text,
  toStation: text,
  trainCode: text,
  seatType: int,
  fromDateTime: wireDateTime,
  toDateTime: wireDateTime,
  isChooseSeats: z.boolean(),
  chooseSeats: nstr,
  chooseSleeper: nstr,
  isAcceptStanding: nbool,
  remark: z.string(),
  callBackUrl: nstr,
});
/** data: the new change order's chaNo. */
export const changeData = text;
export const changeResponse = envelope(changeData);

// ---- 确认改签 (order/change/confirm), 取消改签 (order/change/cancel)
export const changeConfirmRequest = z.object({
  orderNo: text,
  chaNo: text,
  /** The change order's needPayAmount; null: not checked and not signed. */
  payAmount: yuan.nullable().optional(),
  /** md5(secretKey+chaNo+payAmount+secretKey). */
  sign: md5Sign,
});
export const changeConfirmResponse = ackResponse;
export const changeCancelRequest = z.object({ chaNo: text, remark: z.string() });
export const changeCancelResponse = ackResponse;

// ---- 订单详情 (order/detail); also the body of every callback
export const ticketDetail = z.looseObject({
  passengerId: z.union([z.number(), z.string()]).nullable().optional(),
  name: text,
  /** Set once held. */
  ticketNo: nstr,
  cardType: int,
  cardTypeName: nstr,
  cardNo: text,
  mobile: nstr,
  ticketType: int,
  ticketTypeName: nstr,
  seatType: int,
  seatTypeName: nstr,
  ticketStatus: code(TICKET_STATUS),
  ticketStatusName: nstr,
  seatNo: nstr,
  ticketPrice: nyuan,
  insuranceAmount: nyuan,
  policyNos: nstr,
  /** Typed "string" in the docs' table; an amount all the same. */
  refundTicketPoundage: nyuan,
  refundTicketAmount: nyuan,
  refundSuccessTime: optDateTime,
  refundTransactionNo: nstr,
  refundFailReason: nstr,
});
const rate = num.pipe(z.number().min(0).max(1));
export const changeOrderDetail = z.looseObject({
  chaNo: text,
  chaOrderStatus: code(CHANGE_ORDER_STATUS),
  chaOrderStatusName: nstr,
  trainCode: text,
  fromStation: text,
  toStation: text,
  fromDateTime: wireDateTime,
  toDateTime: wireDateTime,
  isChooseSeats: nbool,
  chooseSeats: nstr,
  /** 0 待确定, 1 新票款高于原票款, 2 相等, 3 低于. */
  priceChangeType: nint,
  priceChangeTypeInfo: nstr,
  realPayAmount: nyuan,
  payTime: optDateTime,
  totalPriceDiff: nyuan,
  diffRate: rate.nullable().optional(),
  diffRefundFeeAmount: nyuan,
  changRate: rate.nullable().optional(),
  changFeeAmount: nyuan,
  needPayAmount: nyuan,
  chaRefundType: nint,
  refundAmount: nyuan,
  refundTime: optDateTime,
  refundTransactionNo: nstr,
  refundTransactionMethods: nint,
  remark: nstr,
  unFinishedReason: nstr,
  ticketEntrance: nstr,
  /** Not in the docs' table, present in its example. */
  confirmChangeLimitTime: optDateTime,
  applayChangeTime: optDateTime,
  trainTickets: z.array(ticketDetail),
});
export const orderDetail = z.looseObject({
  orderNo: text,
  orderAmount: nyuan,
  ticketAmount: nyuan,
  insuranceAmount: nyuan,
  serviceFeeAmount: nyuan,
  serviceFeePerTicket: nyuan,
  customerOrderNo: nstr,
  orderNo12306: nstr,
  trainCode: text,
  fromStation: text,
  toStation: text,
  fromDateTime: wireDateTime,
  toDateTime: wireDateTime,
  orderStatus: code(ORDER_STATUS),
  orderStatusName: nstr,
  /** 0 未支付, 1 已支付. */
  payStatus: nint,
  paymentType: nint,
  realPayAmount: nyuan,
  payTime: optDateTime,
  transactionNo: nstr,
  ticketTime: optDateTime,
  isChooseSeats: nbool,
  chooseSeats: nstr,
  isSnatchOrder: nbool,
  snatchDeadLine: optDateTime,
  insuranceCodes: nstr,
  contactName: nstr,
  contactMobile: nstr,
  outTicketFail_RefundSuccessTime: optDateTime,
  outTicketFail_RefundTransactionNo: nstr,
  outTicketFail_RefundAmount: nyuan,
  outTicketFail_RefundTransactionMethods: nint,
  payLimitTime: optDateTime,
  unFinishedReason: nstr,
  ticketEntrance: nstr,
  createTime: optDateTime,
  trainTickets: z.array(ticketDetail),
  trainChaOrder: z.array(changeOrderDetail).nullable().optional(),
});
export const orderDetailResponse = envelope(orderDetail);

// ---- callbacks (our format, see README.md): the 订单详情 object + eventType + sign
export const callbackPayloadSchema = orderDetail.extend({
  eventType: z.enum(CALLBACK_EVENT_TYPES),
  /** md5(secretKey+orderNo+secretKey). */
  sign: z.string().regex(/^[0-9a-fA-F]{32}$/),
});
/** @deprecated use callbackPayloadSchema. */
export const callbackPayload = callbackPayloadSchema;

// ---- 12306 accounts and 常旅客 (every trainAccount/trainPassword is 密文)
const credentials = { trainAccount: text, trainPassword: text };
/** Just the credentials: 获取常旅客. */
export const accountRequest = z.object(credentials);

/** 账号注册. */
export const accountRegisterRequest = z.object({
  ...credentials,
  name: text,
  cardType: int,
  cardNo: text,
  mobile: text,
  /** 成人 = 1, 儿童 = 2, 学生 = 3, 残军 = 4. */
  passengerType: nint,
  /** The docs' table leaves this row's name blank; its text (邮箱) and 获取常旅客's `email` name it. */
  email: nstr,
  sex: nint,
  countryCode: nstr,
  cardValidEndDate: nstr,
  birthday: nstr,
  /** The SMS code (sent 999 to 12306 from the mobile). Required by the docs' table, absent from its example. */
  msgCode: text,
});
/** success with regSubmitIsPass false is a refusal with the reason in `note`. */
export const accountRegisterData = z.looseObject({ regSubmitIsPass: z.boolean(), note: nstr });
export const accountRegisterResponse = envelope(accountRegisterData);

/** 账号登录. */
export const accountLoginRequest = z.object({ ...credentials, lastDigits: nstr });
/** isPass false: e.g. the account must first pass 登录短信验证 (errorMsg says how). */
export const accountLoginData = z.looseObject({ isPass: z.boolean(), errorMsg: nstr });
export const accountLoginResponse = envelope(accountLoginData);

/** 登录短信验证: msgCode is the SMS code; validateType 2 (1, 注册验证, is deprecated). */
export const accountVerifyRequest = z.object({ ...credentials, msgCode: text, validateType: int });
export const accountVerifyResponse = ackResponse;

/** 人脸认证: 1-2 photos, base64 of the image files. */
export const accountFaceRequest = z.object({ ...credentials, photos: z.array(text).min(1).max(2) });
export const accountFaceResponse = ackResponse;

/** 获取常旅客. */
export const passengersListRequest = accountRequest;
/** A 常旅客's own fields, as 获取常旅客 answers them and 增/改常旅客 takes them. */
const frequentPassengerFields = {
  name: text,
  cardType: int,
  cardNo: text,
  mobile: nstr,
  passengerType: nint,
  birthday: nstr,
  sex: nint,
};
export const passengerRecord = z.looseObject({
  id: z.union([z.number(), z.string()]),
  ...frequentPassengerFields,
  country: nstr,
  /** 0 未通过, 1 已通过, 2 未知, 3 待核验, 4 请报验, 5 预通过. */
  identityVerifyStatus: nint,
  /** 0 待核验, 1 核验通过. */
  mobileVerifyStatus: nint,
  isUserSelf: nbool,
});
export const passengersListData = z.array(passengerRecord);
export const passengersListResponse = envelope(passengersListData);

/** 增/改常旅客: id 0 adds, > 0 (from 获取常旅客) modifies. */
export const passengersSaveRequest = z.object({
  ...credentials,
  id: z.union([int, z.string()]).optional(),
  ...frequentPassengerFields,
  countryCode: nstr,
  cardValidEndDate: nstr,
});
export const passengersSaveData = z.looseObject({
  identityVerifyStatus: nint,
  mobileVerifyStatus: nint,
  /** When the mobile awaits verification: the code to send to 12306. */
  verificationCode: nstr,
});
export const passengersSaveResponse = envelope(passengersSaveData);

/** 修改账号本人信息: only passengerType can change. */
export const passengersSelfRequest = z.object({ ...credentials, passengerType: int });
export const passengersSelfResponse = ackResponse;

/** 删除常旅客. */
export const passengersDeleteRequest = z.object({ ...credentials, name: text, cardType: int, cardNo: text });
export const passengersDeleteResponse = ackResponse;

/** 找回密码 step 1: an SMS code goes to the account's mobile; requestID is ours, unique per attempt. */
export const passwordForgotCodeRequest = z.object({ requestID: text, cardType: int, cardNo: text, mobile: text });
export const passwordForgotCodeResponse = ackResponse;
/** 找回密码 step 2: the same requestID, the new password (密文) and the SMS code. */
export const passwordForgotResetRequest = z.object({ requestID: text, trainPassword: text, verificationCode: text });
export const passwordForgotResetResponse = ackResponse;

/** 修改密码 step 1 (an SMS code is sent); every password field is 密文. */
export const passwordChangeCodeRequest = z.object({
  trainAccount: text,
  oldTrainPassword: text,
  newTrainPassword: text,
  confirmTrainPassword: text,
});
export const passwordChangeCodeResponse = ackResponse;
/** 修改密码 step 2: the same fields plus the SMS code. */
export const passwordChangeRequest = passwordChangeCodeRequest.extend({ verificationCode: text });
export const passwordChangeResponse = ackResponse;

// ---- every endpoint: POST {baseUrl}/train/<name>

export const PROTOCOL = {
  search: { request: searchRequest, response: searchResponse },
  stops: { request: stopsRequest, response: stopsResponse },
  stations: { request: stationsRequest, response: stationsResponse },
  'order/create': { request: createOrderRequest, response: createOrderResponse },
  'order/confirm': { request: confirmRequest, response: confirmResponse },
  'order/cancel': { request: cancelRequest, response: cancelResponse },
  'order/refund': { request: refundRequest, response: refundResponse },
  'order/change': { request: changeRequest, response: changeResponse },
  'order/change/confirm': { request: changeConfirmRequest, response: changeConfirmResponse },
  'order/change/cancel': { request: changeCancelRequest, response: changeCancelResponse },
  'order/detail': { request: orderDetailRequest, response: orderDetailResponse },
  'account/register': { request: accountRegisterRequest, response: accountRegisterResponse },
  'account/login': { request: accountLoginRequest, response: accountLoginResponse },
  'account/verify': { request: accountVerifyRequest, response: accountVerifyResponse },
  'account/face': { request: accountFaceRequest, response: accountFaceResponse },
  'passengers/list': { request: passengersListRequest, response: passengersListResponse },
  'passengers/save': { request: passengersSaveRequest, response: passengersSaveResponse },
  'passengers/self': { request: passengersSelfRequest, response: passengersSelfResponse },
  'passengers/delete': { request: passengersDeleteRequest, response: passengersDeleteResponse },
  'password/forgot/code': { request: passwordForgotCodeRequest, response: passwordForgotCodeResponse },
  'password/forgot/reset': { request: passwordForgotResetRequest, response: passwordForgotResetResponse },
  'password/change/code': { request: passwordChangeCodeRequest, response: passwordChangeCodeResponse },
  'password/change': { request: passwordChangeRequest, response: passwordChangeResponse },
} as const;
export type Endpoint = keyof typeof PROTOCOL;
export const ENDPOINTS = Object.keys(PROTOCOL) as Endpoint[];

/** The `data` of a successful answer of an endpoint. */
export type DataOf<E extends Endpoint> = Extract<z.output<(typeof PROTOCOL)[E]['response']>, { success: true }>['data'];
/** The documented request fields of an endpoint (as the client takes them; 密文 fields already encrypted). */
export type RequestOf<E extends Endpoint> = z.input<(typeof PROTOCOL)[E]['request']>;

export type TrainLineWire = z.output<typeof trainLine>;
export type SeatInfoWire = z.output<typeof seatInfo>;
export type StopWire = z.output<typeof stopInfo>;
export type StationWire = z.output<typeof stationInfo>;
export type OrderDetailWire = z.output<typeof orderDetail>;
export type TicketDetailWire = z.output<typeof ticketDetail>;
export type ChangeOrderDetailWire = z.output<typeof changeOrderDetail>;
export type PassengerRecordWire = z.output<typeof passengerRecord>;
export type CreateOrderRequestWire = z.input<typeof createOrderRequest>;
export type CallbackPayloadWire = z.output<typeof callbackPayloadSchema>;

/**
 * The older 聚合 (juhe) push format of juhe-train-booking-faq.md §22 (form field `data=` holding
 * snake_case order fields, signed md5('juhe'+key+orderid+user_orderid)). Not what our provider
 * sends; parsed for reference and reconciliation of legacy records.
 */
export const juheLegacyCallback = z.looseObject({
  from_station_name: z.string(),
  from_station_code: nstr,
  to_station_name: z.string(),
  to_station_code: nstr,
  train_date: wireDate,
  orderid: text,
  user_orderid: z.string(),
  orderamount: nyuan,
  ordernumber: nstr,
  checi: text,
  msg: z.string(),
  status: z.string(),
  passengers: z.array(
    z.looseObject({
      passengerid: z.string().optional(),
      passengersename: z.string(),
      piaotype: z.string(),
      passportseno: z.string(),
      price: yuan,
      zwname: z.string(),
    }),
  ),
  refund_money: nyuan,
  sign: md5Sign,
});

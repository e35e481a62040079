/**
 * Juhe's answers as zod schemas (juhe-train-api.md). §0 "Parse leniently": numbers may come as strings
 * and the other way round (`status`, amounts, `passengerid`, `piaotype`), `reason` inside a passenger is
 * an int, anything may be null, and "fields may be added but are said never to be removed" (objects
 * are loose). Strict only where the portal depends on the value: the order id, the status code (a
 * whole number; unknown ones pass and are mapped as "needs query"), amounts (decimal yuan, at most two
 * decimals) and times (yyyy-MM-dd HH:mm[:ss]).
 */
import { z } from 'zod';

/** A string, or a number written as one (`68` / `"68"`). */
export const looseText = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
/** As looseText, absent / null / "" → null. */
export const optText = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim()));

/** Decimal yuan: "8.5", "933.00", 8.5, "0.00"; at most two decimals, never negative. */
export const YUAN_RE = /^\d+(?:\.\d{1,2})?$/;
export const yuanText = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((s) => YUAN_RE.test(s), { message: 'not a yuan amount with at most two decimals' });
/** An amount that may be absent: null, "" and undefined → null. */
export const optYuan = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim()))
  .refine((s) => s === null || YUAN_RE.test(s), { message: 'not a yuan amount with at most two decimals' });

/** "yyyy-MM-dd HH:mm[:ss]" Beijing, or null. */
export const DATETIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?$/;
export const optDateTime = optText.refine((s) => s === null || DATETIME_RE.test(s), {
  message: 'not a yyyy-MM-dd HH:mm:ss time',
});
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The order status: a whole number, as "2" or 2. Unknown future values pass (§15 "Juhe may add statuses"). */
export const statusCode = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((s) => /^\d{1,3}$/.test(s), { message: 'status is not a whole number' })
  .transform(Number);

/** Juhe's order id: "JH151244353295095" (older ones all digits). Never empty. */
export const orderId = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((v) => String(v).trim())
  .refine((s) => s.length > 0, { message: 'empty orderid' });

/** `true`, `"true"`, `1`, `"1"` → true; absent / null → null (not said); anything else → false. */
const looseBool = z
  .union([z.boolean(), z.string(), z.number(), z.null()])
  .optional()
  .transform((v) =>
    v === null || v === undefined
      ? null
      : v === true || v === 1 || v === '1' || (typeof v === 'string' && v.toLowerCase() === 'true'),
  );

// ---- the envelope (§0)

/** `{reason, result, error_code}`; error_code a number or a numeric string. */
export const envelope = z.looseObject({
  reason: z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => v ?? ''),
  result: z.unknown(),
  error_code: z
    .union([z.number().int(), z.string().regex(/^\s*-?\d+\s*$/)])
    .transform((v) => (typeof v === 'number' ? v : Number(v.trim()))),
});
export type Envelope = z.infer<typeof envelope>;

// ---- §1 cityCode

export const stationEntry = z.looseObject({ name: looseText, code: looseText });
export type StationWire = z.infer<typeof stationEntry>;
/** all=1 answers an array; a single lookup an object (§1). */
export const cityCodeResult = z.union([z.array(stationEntry), stationEntry.transform((s) => [s])]);

// ---- §2 ticketsAvailable

/** One train; the `<seat>_num` / `<seat>_price` fields stay in the loose object (read by the mapper). */
export const trainEntry = z.looseObject({
  train_code: looseText,
  train_no: optText,
  train_type: optText,
  start_station_name: optText,
  end_station_name: optText,
  from_station_name: optText,
  from_station_code: optText,
  to_station_name: optText,
  to_station_code: optText,
  start_time: z.string().regex(/^\d{2}:\d{2}$/),
  arrive_time: z.string().regex(/^\d{2}:\d{2}$/),
  run_time: optText,
  run_time_minute: optText,
  arrive_days: optText,
  sale_date_time: optText,
  can_buy_now: optText,
  note: optText,
});
export type TrainWire = z.infer<typeof trainEntry>;
/** `result.list[]`; an answer with no trains may be `null`, `[]` or `{list: null}`. */
export const ticketsAvailableResult = z
  .union([
    z.looseObject({ list: z.array(trainEntry).nullish() }).transform((r) => r.list ?? []),
    z.array(trainEntry),
    z.null(),
  ])
  .transform((r) => r ?? []);

// ---- §3 submit

export const submitResult = z.looseObject({ orderid: orderId });

// ---- §13 / §14 the Order and Passenger objects

export const refundDetail = z.looseObject({
  returnsuccess: looseBool,
  returnmoney: optYuan,
  returntime: optDateTime.optional(),
  returnfailid: optText.optional(),
  returnfailmsg: optText.optional(),
  returntype: optText.optional(),
  ticket_no: optText.optional(),
});
export type RefundDetailWire = z.infer<typeof refundDetail>;

export const refundEvent = z.looseObject({
  time: optDateTime,
  msg: optText,
  // The doc prints it as `{…}`; when it is not an object it is ignored.
  detail: refundDetail.nullish().catch(null),
});
export type RefundEventWire = z.infer<typeof refundEvent>;

export const passenger = z.looseObject({
  passengerid: optText,
  passengersename: looseText,
  piaotype: looseText,
  piaotypename: optText.optional(),
  passporttypeseid: looseText,
  passporttypeseidname: optText.optional(),
  passportseno: looseText,
  price: optYuan,
  zwcode: looseText,
  zwname: optText.optional(),
  ticket_no: optText.optional(),
  cxin: optText.optional(),
  // 0 normal, 1 pending review, 2 not passed; an int, sometimes a string.
  reason: optText.optional(),
  returntickets: refundDetail.nullish(),
  refundTimeline: z.array(refundEvent).nullish(),
});
export type PassengerWire = z.infer<typeof passenger>;

export const order = z.looseObject({
  orderid: orderId,
  user_orderid: optText,
  msg: optText,
  status: statusCode,
  orderamount: optYuan,
  ordernumber: optText,
  checi: looseText,
  train_date: z.string().regex(DATE_RE),
  from_station_name: optText,
  from_station_code: optText,
  to_station_name: optText,
  to_station_code: optText,
  passengers: z
    .array(passenger)
    .nullish()
    .transform((p) => p ?? []),
  refund_money: optYuan,
  // Query only (§13).
  submit_time: optDateTime.optional(),
  deal_time: optDateTime.optional(),
  cancel_time: optDateTime.optional(),
  pay_time: optDateTime.optional(),
  finished_time: optDateTime.optional(),
  refund_time: optDateTime.optional(),
  juhe_refund_time: optDateTime.optional(),
  start_time: optDateTime.optional(),
  arrive_time: optDateTime.optional(),
  runtime: optText.optional(),
  // Callbacks only.
  sign: optText.optional(),
});
export type OrderWire = z.infer<typeof order>;

/** §5: `result` is the Order object. */
export const orderStatusResult = order;

/** Answers whose shape is undocumented or not relied on (refund, cancel, setPush, balance.php). */
export const passthrough = z.unknown();

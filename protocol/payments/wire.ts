/**
 * The sandbox gateway's wire format (our own protocol, modelled on Alipay/WeChat Pay; README.md):
 * merchant → gateway calls are `POST {base}/pay/api/<op>` with a flat JSON body carrying merchantId and
 * sign; answers are flat JSON `{ code, msg, …, sign }` (signed by the gateway when code is SUCCESS);
 * notifications are POSTed form-encoded (`application/x-www-form-urlencoded`), flat and signed.
 * Amounts are integer fen; times ISO-8601 UTC. Shared with sandbox/payments, which serves it.
 */
import { z } from 'zod';

/** The sandbox gateway's refusal codes (lib/payments/README.md): every answer's `code`. */
export const GATEWAY_CODES = {
  SUCCESS: 'SUCCESS',
  INVALID_PARAMS: 'INVALID_PARAMS',
  BAD_SIGN: 'BAD_SIGN',
  UNKNOWN_MERCHANT: 'UNKNOWN_MERCHANT',
  PAYMENT_NOT_FOUND: 'PAYMENT_NOT_FOUND',
  PAYMENT_NO_CONFLICT: 'PAYMENT_NO_CONFLICT',
  PAYMENT_NOT_PAID: 'PAYMENT_NOT_PAID',
  REFUND_NOT_FOUND: 'REFUND_NOT_FOUND',
  REFUND_NO_CONFLICT: 'REFUND_NO_CONFLICT',
  REFUND_AMOUNT_EXCEEDED: 'REFUND_AMOUNT_EXCEEDED',
  SYSTEM_ERROR: 'SYSTEM_ERROR',
} as const;
export type GatewayCode = (typeof GATEWAY_CODES)[keyof typeof GATEWAY_CODES];

export const OPERATIONS = ['payments/create', 'payments/query', 'refunds/create', 'refunds/query'] as const;
export type Operation = (typeof OPERATIONS)[number];
export const API_PREFIX = '/pay/api';

/** Payment and refund numbers: what Alipay accepts for out_trade_no (64 chars, no spaces). */
export const merchantNo = z.string().regex(/^[A-Za-z0-9_\-.:]{1,64}$/, '1–64 letters, digits or _-.:');
/** Positive integer fen up to 10 million yuan (a ticket order is far below). */
export const fen = z.number().int().positive().max(1_000_000_000);
const httpUrl = z.url({ protocol: /^https?$/ }).max(1000);
const isoTime = z.iso.datetime({ offset: true });

const signed = { merchantId: z.string().min(1).max(64), sign: z.string() };

export const createPaymentRequest = z.object({
  ...signed,
  paymentNo: merchantNo,
  amountFen: fen,
  subject: z.string().trim().min(1).max(128),
  notifyUrl: httpUrl,
  returnUrl: httpUrl,
  expiresAt: isoTime,
});
export const queryPaymentRequest = z.object({ ...signed, paymentNo: merchantNo });
export const createRefundRequest = z.object({
  ...signed,
  paymentNo: merchantNo,
  refundNo: merchantNo,
  amountFen: fen,
  reason: z.string().trim().min(1).max(256),
  notifyUrl: httpUrl,
});
export const queryRefundRequest = z.object({ ...signed, refundNo: merchantNo });

export const REQUESTS = {
  'payments/create': createPaymentRequest,
  'payments/query': queryPaymentRequest,
  'refunds/create': createRefundRequest,
  'refunds/query': queryRefundRequest,
} as const satisfies Record<Operation, z.ZodType>;
export type RequestOf<O extends Operation> = z.input<(typeof REQUESTS)[O]>;

export const paymentStatus = z.enum(['pending', 'paid', 'failed', 'closed']);
export const refundStatus = z.enum(['pending', 'succeeded', 'failed']);
export type PaymentStatus = z.infer<typeof paymentStatus>;
export type RefundStatus = z.infer<typeof refundStatus>;

/** A payment as the merchant asks for it (payments/create carries it, expiresAt as ISO text). */
export interface PaymentOrder {
  /** The merchant's payment number: the gateway's idempotency key (one payment per number). */
  paymentNo: string;
  amountFen: number;
  /** Shown on the cashier page (e.g. "G1 北京南→上海 2张"). */
  subject: string;
  /** Where the gateway POSTs its signed asynchronous notifications. */
  notifyUrl: string;
  /** Where the browser is sent after paying or cancelling; proves nothing about the outcome. */
  returnUrl: string;
  /** After this the gateway closes the payment (status `closed`, notified). */
  expiresAt: Date;
}

/** Every answer: code SUCCESS or a refusal code (errors.ts GATEWAY_CODES), msg for people. */
export const envelope = z.looseObject({ code: z.string(), msg: z.string().optional(), sign: z.string().optional() });

export const createPaymentResponse = z.object({
  code: z.literal('SUCCESS'),
  paymentNo: merchantNo,
  gatewayTradeNo: z.string().min(1),
  cashierUrl: httpUrl,
  status: paymentStatus,
});
export const queryPaymentResponse = z.object({
  code: z.literal('SUCCESS'),
  paymentNo: merchantNo,
  gatewayTradeNo: z.string().min(1),
  status: paymentStatus,
  amountFen: fen,
  refundedFen: z.number().int().min(0),
  paidAt: isoTime.optional(),
});
export const createRefundResponse = z.object({
  code: z.literal('SUCCESS'),
  refundNo: merchantNo,
  paymentNo: merchantNo,
  status: refundStatus,
  amountFen: fen,
});
/** The query answers what creating it did, and when it settled. */
export const queryRefundResponse = createRefundResponse.extend({ settledAt: isoTime.optional() });

export const RESPONSES = {
  'payments/create': createPaymentResponse,
  'payments/query': queryPaymentResponse,
  'refunds/create': createRefundResponse,
  'refunds/query': queryRefundResponse,
} as const satisfies Record<Operation, z.ZodType>;
export type ResponseOf<O extends Operation> = z.output<(typeof RESPONSES)[O]>;

/** Form values are strings: amounts arrive as digit strings. */
const fenText = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'a positive integer in fen')
  .transform(Number);

const notificationCommon = {
  merchantId: z.string().min(1),
  notifyId: z.string().min(1).max(64),
  paymentNo: merchantNo,
  gatewayTradeNo: z.string().min(1),
  amountFen: fenText,
  eventAt: isoTime,
  sign: z.string(),
};
export const paymentNotificationWire = z.object({
  ...notificationCommon,
  notifyType: z.literal('payment'),
  status: z.enum(['paid', 'failed', 'closed']),
});
export const refundNotificationWire = z.object({
  ...notificationCommon,
  notifyType: z.literal('refund'),
  refundNo: merchantNo,
  status: z.enum(['succeeded', 'failed']),
});
export const notificationWire = z.discriminatedUnion('notifyType', [paymentNotificationWire, refundNotificationWire]);
/** A notification as the sandbox sends it (before encoding): flat string/number fields. */
export type NotificationFields = Record<string, string | number>;

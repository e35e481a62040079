/**
 * The portal's view of a payment gateway. Pages, actions and the order service code against these
 * types only; the wire format of a gateway stays inside lib/payments. Money is integer fen.
 */
import type { PaymentOrder, PaymentStatus, RefundStatus } from '@/protocol/payments/wire';

export type { PaymentStatus, RefundStatus };

export type StartPaymentInput = PaymentOrder;

export interface StartedPayment {
  /** Send the browser here. */
  cashierUrl: string;
  gatewayTradeNo: string | null;
}

export type PaymentNotification =
  | {
      kind: 'payment';
      paymentNo: string;
      gatewayTradeNo: string;
      amountFen: number;
      status: 'paid' | 'failed' | 'closed';
      at: Date;
      /** Same for every retry and duplicate of one notification (replay detection is the caller's). */
      notifyId: string;
    }
  | {
      kind: 'refund';
      paymentNo: string;
      refundNo: string;
      amountFen: number;
      status: 'succeeded' | 'failed';
      at: Date;
      notifyId: string;
    };

export type VerifyResult =
  { ok: true; notification: PaymentNotification } | { ok: false; reason: 'bad_sign' | 'invalid'; message: string };

export interface PaymentQueryResult {
  status: PaymentStatus;
  amountFen: number;
  gatewayTradeNo: string | null;
  paidAt: Date | null;
  /** Sum of refunds pending or succeeded (what is no longer refundable). */
  refundedFen: number;
}

export interface RefundInput {
  paymentNo: string;
  /** Our own refund number: the idempotency key of this refund. */
  refundNo: string;
  amountFen: number;
  reason: string;
  notifyUrl: string;
}

export interface RefundResult {
  refundNo: string;
  status: RefundStatus;
}

export interface RefundQueryResult {
  status: RefundStatus;
  amountFen: number;
  /** When it settled (succeeded or failed); null while pending. */
  at: Date | null;
}

export interface PaymentGateway {
  /** 'sandbox'. */
  readonly name: string;
  /** Idempotent by paymentNo: the same number with the same amount answers the same payment. */
  startPayment(input: StartPaymentInput): Promise<StartedPayment>;
  /** Pure: checks the sign and the shape (and that it is addressed to our merchant), nothing else. */
  verifyNotification(rawBody: string, contentType: string | null): VerifyResult;
  /** What the notify endpoint answers once a notification is applied (or known): `success`. */
  readonly ackBody: string;
  /** Null when the gateway has no such payment. */
  queryPayment(paymentNo: string): Promise<PaymentQueryResult | null>;
  /** Idempotent by refundNo; partial refunds allowed; the total refunded never exceeds the paid amount. */
  refund(input: RefundInput): Promise<RefundResult>;
  /** Null when the gateway has no such refund. */
  queryRefund(refundNo: string): Promise<RefundQueryResult | null>;
}

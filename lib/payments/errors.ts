/**
 * Typed gateway errors. `business` is a refusal by the gateway (its own `code`, e.g.
 * REFUND_AMOUNT_EXCEEDED); the other kinds are transport failures, which only idempotent calls retry
 * (every call of the sandbox gateway is idempotent by its payment or refund number).
 */
export type PaymentGatewayErrorKind = 'business' | 'http' | 'timeout' | 'network' | 'malformed';

/** The sandbox gateway's refusal codes (lib/payments/README.md). */
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

export interface PaymentGatewayErrorInit {
  kind: PaymentGatewayErrorKind;
  message: string;
  /** The gateway's code for business refusals (and for 4xx answers that carry one). */
  code?: string | null;
  httpStatus?: number | null;
  /** The call (`payments/create`, ...). */
  operation?: string | null;
  retryable?: boolean;
  cause?: unknown;
}

export class PaymentGatewayError extends Error {
  readonly kind: PaymentGatewayErrorKind;
  readonly code: string | null;
  readonly httpStatus: number | null;
  readonly operation: string | null;
  /** Whether another attempt may succeed (acted on only for idempotent calls). */
  readonly retryable: boolean;

  constructor(init: PaymentGatewayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'PaymentGatewayError';
    this.kind = init.kind;
    this.code = init.code ?? null;
    this.httpStatus = init.httpStatus ?? null;
    this.operation = init.operation ?? null;
    this.retryable =
      init.retryable ??
      (init.kind === 'network' ||
        init.kind === 'timeout' ||
        init.kind === 'malformed' ||
        (init.kind === 'http' && (this.httpStatus ?? 0) >= 500));
  }
}

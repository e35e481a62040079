/**
 * Typed gateway errors. `business` is a refusal by the gateway (its own `code`, e.g.
 * REFUND_AMOUNT_EXCEEDED); the other kinds are transport failures, which only idempotent calls retry
 * (every call of the sandbox gateway is idempotent by its payment or refund number).
 */
export type PaymentGatewayErrorKind = 'business' | 'http' | 'timeout' | 'network' | 'malformed';

export { GATEWAY_CODES, type GatewayCode } from '@/protocol/payments/wire';

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

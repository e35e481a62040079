/**
 * The payment boundary: the only code in the portal that speaks a payment gateway's wire format.
 * See README.md beside this file.
 */
import { env } from '@/lib/env';
import { paymentConfigFromEnv, type PaymentConfig, type PaymentEnv } from './config';
import { createSandboxGateway } from './sandbox-gateway';
import type { PaymentGateway } from './types';

export * from './types';
export * from './errors';
export * from './config';
export { signFields, verifyFields, signingString, withSign } from '@/protocol/payments/sign';
export { ACK_BODY, createSandboxGateway, parseNotificationBody, verifyNotificationWith } from './sandbox-gateway';

/** A gateway for the given (already validated) config. */
export function createPaymentGateway(config: PaymentConfig): PaymentGateway {
  switch (config.gateway) {
    case 'sandbox':
      return createSandboxGateway(config);
  }
}

/** The gateway named by PAYMENT_GATEWAY (config.ts); throws PaymentConfigError on bad settings. */
export function paymentGatewayFromEnv(e: PaymentEnv = env()): PaymentGateway {
  return createPaymentGateway(paymentConfigFromEnv(e));
}

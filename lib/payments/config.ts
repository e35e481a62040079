/**
 * Payment gateway settings. The variables are validated with the rest of the environment at start
 * (lib/env.ts); here only the gateway name is narrowed to one this portal can speak. The defaults are
 * the sandbox gateway served by the provider sandbox process, with a public merchant key pair: fine
 * locally, refused in production (that check lives with the portal's start-up checks, not here).
 */

/** The sandbox gateway's public demo merchant (protocol/defaults.ts). Never in production. */
export { DEFAULT_PAYMENT_MERCHANT_ID, DEFAULT_PAYMENT_SECRET_KEY } from '@/protocol/defaults';
import { DEFAULT_PAYMENT_MERCHANT_ID, DEFAULT_PAYMENT_SECRET_KEY } from '@/protocol/defaults';
export const DEFAULT_PAYMENT_TIMEOUT_MS = 10_000;
export const PAYMENT_GATEWAYS = ['sandbox'] as const;
export type PaymentGatewayName = (typeof PAYMENT_GATEWAYS)[number];

export interface PaymentConfig {
  gateway: PaymentGatewayName;
  /** Base URL of the gateway's merchant API (no trailing slash). */
  baseUrl: string;
  merchantId: string;
  /** HMAC-SHA256 key: signs our requests, verifies the gateway's answers and notifications. */
  secretKey: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Injected transport (tests); default the global fetch. */
  fetch?: typeof fetch;
}

/**
 * The variables the payment settings come from, as lib/env.ts's typed `env()` gives them (validated
 * there). Passed in rather than read here: lib/env.ts imports this file's defaults.
 */
export interface PaymentEnv {
  PAYMENT_GATEWAY?: string;
  PAYMENT_GATEWAY_URL?: string;
  PAYMENT_MERCHANT_ID?: string;
  PAYMENT_SECRET_KEY?: string;
  PAYMENT_TIMEOUT_MS?: number;
  PROVIDER_BASE_URL?: string;
  SANDBOX_PORT?: number;
}

const isGateway = (name: string): name is PaymentGatewayName => (PAYMENT_GATEWAYS as readonly string[]).includes(name);

export class PaymentConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentConfigError';
  }
}

/** The gateway settings; throws PaymentConfigError when PAYMENT_GATEWAY names a gateway this portal lacks. */
export function paymentConfigFromEnv(e: PaymentEnv): PaymentConfig {
  const gateway = e.PAYMENT_GATEWAY ?? 'sandbox';
  if (!isGateway(gateway)) {
    throw new PaymentConfigError(
      `invalid payment configuration: PAYMENT_GATEWAY: "${gateway}" is not one of ${PAYMENT_GATEWAYS.join(', ')}`,
    );
  }
  // The sandbox gateway is served by the provider sandbox process, so it lives where that does.
  const sandboxUrl = e.PROVIDER_BASE_URL ?? `http://localhost:${e.SANDBOX_PORT ?? 3001}`;
  return {
    gateway,
    baseUrl: (e.PAYMENT_GATEWAY_URL ?? sandboxUrl).replace(/\/+$/, ''),
    merchantId: e.PAYMENT_MERCHANT_ID ?? DEFAULT_PAYMENT_MERCHANT_ID,
    secretKey: e.PAYMENT_SECRET_KEY ?? DEFAULT_PAYMENT_SECRET_KEY,
    timeoutMs: e.PAYMENT_TIMEOUT_MS ?? DEFAULT_PAYMENT_TIMEOUT_MS,
  };
}

/** True when the config uses the published sandbox merchant or key (production must refuse it). */
export function usesPublicSandboxCredentials(c: Pick<PaymentConfig, 'merchantId' | 'secretKey'>): boolean {
  return c.merchantId === DEFAULT_PAYMENT_MERCHANT_ID || c.secretKey === DEFAULT_PAYMENT_SECRET_KEY;
}

/**
 * Payment gateway settings, validated at first use. The defaults are the sandbox gateway served by
 * the provider sandbox process, with a public merchant key pair: fine locally, refused in production
 * (that check lives with the portal's start-up checks, not here).
 */
import { z } from 'zod';

/** The sandbox gateway's public demo merchant. Anyone can sign with this key: never in production. */
export const DEFAULT_PAYMENT_MERCHANT_ID = 'sandbox-merchant';
export const DEFAULT_PAYMENT_SECRET_KEY = 'sandbox-payment-secret-0123456789abcdef';
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

// An empty variable counts as unset (a `.env` line `PAYMENT_SECRET_KEY=` must not become the key).
const opt = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

const envSchema = z.object({
  PAYMENT_GATEWAY: opt(z.enum(PAYMENT_GATEWAYS)),
  PAYMENT_GATEWAY_URL: opt(z.url({ protocol: /^https?$/ })),
  PAYMENT_MERCHANT_ID: opt(z.string().trim().min(1).max(64)),
  PAYMENT_SECRET_KEY: opt(z.string().min(16, 'PAYMENT_SECRET_KEY must be at least 16 characters')),
  PAYMENT_TIMEOUT_MS: opt(z.coerce.number().int().positive().max(120_000)),
  PROVIDER_BASE_URL: opt(z.url({ protocol: /^https?$/ })),
  SANDBOX_PORT: opt(z.coerce.number().int().min(1).max(65_535)),
});

export class PaymentConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentConfigError';
  }
}

/** Reads and validates the PAYMENT_* variables; throws PaymentConfigError naming the bad variable. */
export function paymentConfigFromEnv(env: Record<string, string | undefined> = process.env): PaymentConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PaymentConfigError(
      `invalid payment configuration: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const e = parsed.data;
  // The sandbox gateway is served by the provider sandbox process, so it lives where that does.
  const sandboxUrl = e.PROVIDER_BASE_URL ?? `http://localhost:${e.SANDBOX_PORT ?? 3001}`;
  return {
    gateway: e.PAYMENT_GATEWAY ?? 'sandbox',
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

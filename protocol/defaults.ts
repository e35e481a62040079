/**
 * The published sandbox credentials: the sandbox accepts these when it is started without keys, and
 * the portal's config falls back to them locally (lib/provider/config.ts, lib/payments/config.ts), so
 * both sides agree out of the box. Anyone can sign with them: never in production.
 */
export const DEFAULT_PROVIDER_APP_KEY = 'sandbox-app-key';
export const DEFAULT_PROVIDER_SECRET_KEY = 'sandbox-secret-key-0123456789abcdef';

/** The sandbox payment gateway's demo merchant. */
export const DEFAULT_PAYMENT_MERCHANT_ID = 'sandbox-merchant';
export const DEFAULT_PAYMENT_SECRET_KEY = 'sandbox-payment-secret-0123456789abcdef';

/**
 * The sandbox's Juhe (聚合数据 火车订票, data id 173) APPKEY: the `key` its Juhe front
 * (`/trainTickets/…`) accepts when started without JUHE_APP_KEY. Public like the pair above.
 */
export const DEFAULT_JUHE_KEY = 'juhe-sandbox-key-0001';

/** The courier sandbox's (送票, sandbox/courier) demo partner: public, never in production. */
export const DEFAULT_COURIER_PARTNER_ID = 'sandbox-courier-partner';
export const DEFAULT_COURIER_SECRET_KEY = 'sandbox-courier-secret-0123456789abcdef';

/**
 * Provider settings. The defaults are the embedded sandbox's; a real provider is one base URL and
 * key pair away (PROVIDER_BASE_URL, PROVIDER_APP_KEY, PROVIDER_SECRET_KEY).
 */
export const DEFAULT_PROVIDER_BASE_URL = 'http://localhost:3001';
export const DEFAULT_PROVIDER_APP_KEY = 'sandbox-app-key';
export const DEFAULT_PROVIDER_SECRET_KEY = 'sandbox-secret-key-0123456789abcdef';
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ProviderConfig {
  baseUrl: string;
  appKey: string;
  /** Signs (确认出票, 确认改签, callbacks) and the AES key of 密文 fields derive from it. */
  secretKey: string;
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  /** Injected transport (tests, instrumentation); default the global fetch. */
  fetch?: typeof fetch;
}

export function providerConfigFromEnv(env: Record<string, string | undefined> = process.env): ProviderConfig {
  const timeoutMs = Number(env.PROVIDER_TIMEOUT_MS);
  return {
    // SANDBOX_PORT: a sandbox started on another port without PROVIDER_BASE_URL is still found.
    baseUrl:
      env.PROVIDER_BASE_URL || (env.SANDBOX_PORT ? `http://localhost:${env.SANDBOX_PORT}` : DEFAULT_PROVIDER_BASE_URL),
    appKey: env.PROVIDER_APP_KEY || DEFAULT_PROVIDER_APP_KEY,
    secretKey: env.PROVIDER_SECRET_KEY || DEFAULT_PROVIDER_SECRET_KEY,
    timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : DEFAULT_TIMEOUT_MS,
  };
}

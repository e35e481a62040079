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
  secretKey: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function providerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ProviderConfig {
  return {
    baseUrl: env.PROVIDER_BASE_URL || `http://localhost:${env.SANDBOX_PORT ?? '3001'}`,
    appKey: env.PROVIDER_APP_KEY || DEFAULT_PROVIDER_APP_KEY,
    secretKey: env.PROVIDER_SECRET_KEY || DEFAULT_PROVIDER_SECRET_KEY,
    timeoutMs: Number(env.PROVIDER_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS),
  };
}

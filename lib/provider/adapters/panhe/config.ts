/**
 * Provider settings. The defaults are the embedded sandbox's; a real provider is one base URL and
 * key pair away (PROVIDER_BASE_URL, PROVIDER_APP_KEY, PROVIDER_SECRET_KEY).
 */
export const DEFAULT_PROVIDER_BASE_URL = 'http://localhost:3001';
export { DEFAULT_PROVIDER_APP_KEY, DEFAULT_PROVIDER_SECRET_KEY } from '@/protocol/defaults';
import { DEFAULT_PROVIDER_APP_KEY, DEFAULT_PROVIDER_SECRET_KEY } from '@/protocol/defaults';
import { DEFAULT_PROVIDER_TIMEOUT_MS } from '../../port';
export const DEFAULT_TIMEOUT_MS = DEFAULT_PROVIDER_TIMEOUT_MS;

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

/**
 * The variables the provider settings come from, as lib/env.ts's typed `env()` gives them (validated
 * there). Passed in rather than read here: lib/env.ts imports this file's defaults.
 */
export interface ProviderEnv {
  PROVIDER_BASE_URL?: string;
  PROVIDER_APP_KEY?: string;
  PROVIDER_SECRET_KEY?: string;
  PROVIDER_TIMEOUT_MS?: number;
  SANDBOX_PORT?: number;
}

export function providerConfigFromEnv(e: ProviderEnv): ProviderConfig {
  return {
    // SANDBOX_PORT: a sandbox started on another port without PROVIDER_BASE_URL is still found.
    baseUrl: e.PROVIDER_BASE_URL ?? (e.SANDBOX_PORT ? `http://localhost:${e.SANDBOX_PORT}` : DEFAULT_PROVIDER_BASE_URL),
    appKey: e.PROVIDER_APP_KEY ?? DEFAULT_PROVIDER_APP_KEY,
    secretKey: e.PROVIDER_SECRET_KEY ?? DEFAULT_PROVIDER_SECRET_KEY,
    timeoutMs: e.PROVIDER_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS,
  };
}

/**
 * The base URL of every configured provider (readiness, lib/ops/health.ts, asks each whether it
 * answers): adapter configuration, so it is read here behind the port.
 */
import { env } from '@/lib/env';
import { juheConfigFromEnv } from './adapters/juhe/config';
import { providerConfigFromEnv } from './adapters/panhe/config';

export function providerBaseUrls(): { id: string; url: string }[] {
  const e = env();
  return e.PROVIDERS.map((id) => ({
    id,
    url: id === 'juhe' ? juheConfigFromEnv(e).baseUrl : providerConfigFromEnv(e).baseUrl,
  }));
}

/**
 * The providers the portal is configured with (PROVIDERS, in order of preference) and the one an order
 * belongs to. Every adapter is wrapped by the resilience layer (resilience.ts: timeout, retries of
 * idempotent methods, circuit breaker, bulkhead, call stats), so callers never see a bare adapter.
 */
import 'server-only';
import { env, type Env } from '@/lib/env';
import { localStationCodes } from '@/lib/stations/provider-list';
import { createJuheProvider } from './adapters/juhe/adapter';
import { juheConfigFromEnv } from './adapters/juhe/config';
import { createPanheProvider } from './adapters/panhe/adapter';
import { providerConfigFromEnv } from './adapters/panhe/config';
import { ProviderError } from './errors';
import { isProviderId, type ProviderId, type TicketProvider } from './port';
import { guarded } from './resilience';

/** How each adapter is built from the environment: a third provider is one more line (and its folder). */
const FACTORIES: Record<ProviderId, (e: Env) => TicketProvider> = {
  panhe: (e) => createPanheProvider(providerConfigFromEnv(e)),
  // Telecodes from the kept station list over the bundled one (lib/stations/provider-list.ts; juhe FAQ §1).
  juhe: (e) => createJuheProvider({ ...juheConfigFromEnv(e), localStations: () => localStationCodes('juhe') }),
};

let cache: Map<ProviderId, TicketProvider> | undefined;

function all(): Map<ProviderId, TicketProvider> {
  if (!cache) {
    const e = env();
    cache = new Map(e.PROVIDERS.map((id) => [id, guarded(FACTORIES[id](e))] as const));
  }
  return cache;
}

/** The configured providers, in order of preference (rotation is applied by the router). */
export function configuredProviders(): TicketProvider[] {
  return [...all().values()];
}

/** The default (first configured) provider. */
export function primaryProvider(): TicketProvider {
  return configuredProviders()[0]!;
}

/**
 * The provider an order (or grab, or statement line) belongs to. Orders keep their provider even when
 * it is later removed from PROVIDERS: an order is never moved between providers, so the adapter is
 * built on demand for it.
 */
export function providerFor(id: string): TicketProvider {
  if (!isProviderId(id)) throw new ProviderError({ kind: 'business', message: `未知的供应商 ${id}`, endpoint: null });
  const found = all().get(id);
  if (found) return found;
  const built = guarded(FACTORIES[id](env()));
  all().set(id, built);
  return built;
}

/** Tests: forget the built providers (after changing the environment). */
export function resetProviders(): void {
  cache = undefined;
}

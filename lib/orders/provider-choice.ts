/**
 * Which provider a new order goes to: the one the traveller chose on the search results (the booking
 * link's `provider`), accepted only while it is configured (PROVIDERS) and in rotation
 * (provider_settings.in_rotation). Existing orders never move: later steps use providerOf(order).
 */
import 'server-only';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { isProviderId, type TicketProvider } from '@/lib/provider';
import { providerFor } from '@/lib/provider/registry';
import { providersInRotation } from '@/lib/provider/rotation';
import type { ProviderFacts } from './capabilities';

/** The provider a link without one means: the first configured (the one searches went to before). */
export function defaultProviderId(): string {
  return env().PROVIDERS[0]!;
}

/** The provider as the pages need it (serialisable for client components). */
export function providerFacts(p: TicketProvider): ProviderFacts {
  return { id: p.id, label: p.label, capabilities: { ...p.capabilities } };
}

/** The short label of an order's provider for lists (the id itself for one no longer known). */
export function providerLabel(id: string): string {
  return isProviderId(id) ? providerFor(id).label : id;
}

/**
 * The provider a new order is placed with: `id` (the link's; the first configured when absent) when it
 * is configured and in rotation. Otherwise a 422 saying so, so the traveller searches again.
 */
export async function bookingProvider(id: string | undefined): Promise<TicketProvider> {
  const wanted = id ?? defaultProviderId();
  if (!isProviderId(wanted) || !env().PROVIDERS.includes(wanted))
    throw new AppError('validation', '所选出票渠道不可用，请重新查询车次。', {
      provider: ['所选出票渠道不可用。'],
    });
  const p = providerFor(wanted);
  if (!(await providersInRotation()).some((r) => r.id === wanted))
    throw new AppError('validation', `${p.label}暂停接单，请重新查询车次，选择其他出票渠道。`, {
      provider: [`${p.label}暂停接单。`],
    });
  return p;
}

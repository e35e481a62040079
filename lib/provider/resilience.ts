/**
 * Resilience around every provider call. Placeholder wiring: passes calls through unchanged until the
 * cockatiel policies land (timeout, retry of idempotent methods, circuit breaker, bulkhead, stats).
 */
import type { TicketProvider } from './port';

export function guarded(p: TicketProvider): TicketProvider {
  return p;
}

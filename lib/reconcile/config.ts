/** Reconciliation settings (environment, with defaults: lib/env.ts). */
import { env, type Env } from '@/lib/env';

export interface ReconConfig {
  /** "Refund missing after N hours": how long a refund, a credit or a returned debit may take. */
  missingAfterHours: number;
  /** How far back a run looks for money activity (orders with open discrepancies are always looked at). */
  lookbackDays: number;
}

export function reconConfig(e: Env = env()): ReconConfig {
  return { missingAfterHours: e.RECON_REFUND_MISSING_HOURS, lookbackDays: e.RECON_LOOKBACK_DAYS };
}

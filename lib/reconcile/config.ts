/** Reconciliation settings (environment, with defaults). */
export interface ReconConfig {
  /** "Refund missing after N hours": how long a refund, a credit or a returned debit may take. */
  missingAfterHours: number;
  /** How far back a run looks for money activity (orders with open discrepancies are always looked at). */
  lookbackDays: number;
}

function positive(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function reconConfig(env: Record<string, string | undefined> = process.env): ReconConfig {
  return {
    missingAfterHours: positive(env.RECON_REFUND_MISSING_HOURS, 24),
    lookbackDays: positive(env.RECON_LOOKBACK_DAYS, 45),
  };
}

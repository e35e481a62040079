import { desc } from 'drizzle-orm';
import { db } from '@/db/client';
import { providerCallbacks } from '@/db/schema';

/** The latest provider callbacks with their verdicts (raw bodies are stored PII-masked). */
export async function latestCallbacks(limit = 100) {
  return db()
    .select({
      id: providerCallbacks.id,
      kind: providerCallbacks.kind,
      eventType: providerCallbacks.eventType,
      providerOrderNo: providerCallbacks.providerOrderNo,
      verdict: providerCallbacks.verdict,
      detail: providerCallbacks.detail,
      raw: providerCallbacks.raw,
      receivedAt: providerCallbacks.receivedAt,
    })
    .from(providerCallbacks)
    .orderBy(desc(providerCallbacks.id))
    .limit(limit);
}

import { desc, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { providerCallbacks, users } from '@/db/schema';

/**
 * The latest provider callbacks with their verdicts (raw bodies are stored PII-masked); a replay
 * carries the row it re-ran and the admin who did it.
 */
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
      replayOf: providerCallbacks.replayOf,
      actorName: users.displayName,
    })
    .from(providerCallbacks)
    .leftJoin(users, eq(users.id, providerCallbacks.actorId))
    .orderBy(desc(providerCallbacks.id))
    .limit(limit);
}

/**
 * Which configured providers take new work: PROVIDERS in order, minus those an admin took out of
 * rotation (provider_settings.in_rotation = false; no row means in rotation). Searches read this on
 * every request, so the rows are kept for ROTATION_CACHE_MS in the process (another instance sees a
 * change within that window; this one at once, the write drops its copy). Orders already placed keep
 * their provider whatever the rotation says.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { providerSettings } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { ProviderId, TicketProvider } from './port';
import { configuredProviders } from './registry';

export const ROTATION_CACHE_MS = 2000;

interface Setting {
  inRotation: boolean;
  note: string | null;
  updatedBy: string | null;
  updatedAt: Date;
}

let cached: { at: number; rows: Promise<Map<string, Setting>> } | null = null;

function settings(now = Date.now()): Promise<Map<string, Setting>> {
  if (!cached || now - cached.at >= ROTATION_CACHE_MS) {
    const rows = db()
      .select({
        provider: providerSettings.provider,
        inRotation: providerSettings.inRotation,
        note: providerSettings.note,
        updatedBy: providerSettings.updatedBy,
        updatedAt: providerSettings.updatedAt,
      })
      .from(providerSettings)
      .then((rs) => new Map(rs.map(({ provider, ...s }) => [provider, s])));
    // A failed read is not kept: the next call asks again.
    rows.catch(() => {
      if (cached?.rows === rows) cached = null;
    });
    cached = { at: now, rows };
  }
  return cached.rows;
}

/** Forget the cached rows (after a change in this process; tests). */
export function invalidateRotation(): void {
  cached = null;
}

/** The configured providers that take new work, in order of preference. */
export async function providersInRotation(): Promise<TicketProvider[]> {
  const s = await settings();
  return configuredProviders().filter((p) => s.get(p.id)?.inRotation ?? true);
}

/** Each configured provider with its rotation setting (the admin page). */
export async function rotationOverview(): Promise<
  {
    provider: TicketProvider;
    inRotation: boolean;
    note: string | null;
    updatedBy: string | null;
    updatedAt: Date | null;
  }[]
> {
  invalidateRotation();
  const s = await settings();
  return configuredProviders().map((provider) => {
    const row = s.get(provider.id);
    return {
      provider,
      inRotation: row?.inRotation ?? true,
      note: row?.note ?? null,
      updatedBy: row?.updatedBy ?? null,
      updatedAt: row?.updatedAt ?? null,
    };
  });
}

export const LAST_IN_ROTATION_MESSAGE = '至少要保留一个供应商在轮换中：请先恢复另一个供应商，再移出这一个。';

/**
 * Takes a configured provider out of rotation or puts it back, with the admin's note. Refuses to take
 * out the last one in rotation (a conflict): the check and the write are one transaction under an
 * advisory lock, so two admins taking out the last two at once cannot both succeed.
 */
export async function setRotation(
  provider: ProviderId,
  inRotation: boolean,
  note: string | null,
  userId: string,
): Promise<void> {
  const configured = configuredProviders().map((p) => p.id);
  if (!configured.includes(provider)) throw new AppError('not_found', '该供应商未在 PROVIDERS 中配置。');
  await db().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('provider_rotation', 0))`);
    if (!inRotation) {
      const out = await tx
        .select({ provider: providerSettings.provider })
        .from(providerSettings)
        .where(sql`${providerSettings.inRotation} = false`);
      const outIds = new Set([...out.map((r) => r.provider), provider]);
      if (configured.every((id) => outIds.has(id))) throw new AppError('conflict', LAST_IN_ROTATION_MESSAGE);
    }
    await tx
      .insert(providerSettings)
      .values({ provider, inRotation, note, updatedBy: userId, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: providerSettings.provider,
        set: { inRotation, note, updatedBy: userId, updatedAt: sql`now()` },
      });
  });
  invalidateRotation();
}

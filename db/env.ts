/**
 * The two variables the database layer needs. db/ imports nothing from lib/, so it reads them here;
 * lib/env.ts builds the portal's one environment schema on this one, so a bad value still stops the
 * start with every other bad variable.
 */
import { z } from 'zod';

export const dbEnvSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  DB_POOL_MAX: z.coerce
    .number({ error: 'must be a whole number from 1 to 1000' })
    .int({ error: 'must be a whole number from 1 to 1000' })
    .min(1, { error: 'must be a whole number from 1 to 1000' })
    .max(1000, { error: 'must be a whole number from 1 to 1000' })
    .default(10),
});

export interface DbSettings {
  url: string;
  max: number;
}

/** DATABASE_URL and DB_POOL_MAX from the environment; throws naming a bad or missing one. */
export function dbSettingsFromEnv(source: Record<string, string | undefined> = process.env): DbSettings {
  const parsed = dbEnvSchema.safeParse({
    // An empty variable means "not set", as in lib/env.ts.
    DATABASE_URL: source.DATABASE_URL || undefined,
    DB_POOL_MAX: source.DB_POOL_MAX || undefined,
  });
  if (!parsed.success) {
    throw new Error(
      `Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  const url = parsed.data.DATABASE_URL;
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set. Start the portal with `npm start` (embedded Postgres) or set DATABASE_URL.',
    );
  }
  return { url, max: parsed.data.DB_POOL_MAX };
}

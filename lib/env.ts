/**
 * Server environment, validated once. Defaults are those of a local installation (embedded Postgres,
 * embedded sandbox provider); scripts/start.ts fills in DATABASE_URL and NEXTAUTH_SECRET before the
 * portal starts, so inside the portal they are always set.
 */
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= schema.parse(process.env);
  return cached;
}

export function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set. Start the portal with `npm start` (embedded Postgres) or set DATABASE_URL.',
    );
  }
  return url;
}

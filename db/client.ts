/**
 * The single database client of the portal. One postgres.js pool per process, kept on globalThis so
 * Next's hot reload in development does not open a new pool on every edit.
 */
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { requireDatabaseUrl } from '@/lib/env';
import * as schema from './schema';

export type Database = PostgresJsDatabase<typeof schema>;

const globalForDb = globalThis as unknown as { portalSql?: postgres.Sql; portalDb?: Database };

export function sqlClient(): postgres.Sql {
  globalForDb.portalSql ??= postgres(requireDatabaseUrl(), {
    max: Number(process.env.DB_POOL_MAX ?? 10),
    onnotice: () => {},
  });
  return globalForDb.portalSql;
}

export function db(): Database {
  globalForDb.portalDb ??= drizzle(sqlClient(), { schema, casing: 'snake_case' });
  return globalForDb.portalDb;
}

export { schema };

/**
 * The single database client of the portal. One postgres.js pool per process, kept on globalThis so
 * Next's hot reload in development does not open a new pool on every edit.
 */
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { dbSettingsFromEnv } from './env';
import * as schema from './schema';

export type Database = PostgresJsDatabase<typeof schema>;

const globalForDb = globalThis as unknown as { portalSql?: postgres.Sql; portalDb?: Database };

export function sqlClient(): postgres.Sql {
  if (!globalForDb.portalSql) {
    const { url, max } = dbSettingsFromEnv();
    globalForDb.portalSql = postgres(url, { max, onnotice: () => {} });
  }
  return globalForDb.portalSql;
}

export function db(): Database {
  globalForDb.portalDb ??= drizzle(preparing(sqlClient()), { schema, casing: 'snake_case' });
  return globalForDb.portalDb;
}

/**
 * drizzle sends every query as an unnamed statement (it prepares only queries given a name), so
 * Postgres parses and plans each one again: as much server time as running them (pg_stat_statements
 * in `npm run bench`: 31 ms planning beside 36 ms executing per booking). The client drizzle gets
 * prepares every statement on its connection, in transactions and savepoints too; Postgres then
 * keeps a generic plan for the simple ones. (postgres.js keeps a connection's statements until the
 * connection is recycled, so the set stays bounded.)
 */
function preparing<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  type Method = (...args: unknown[]) => unknown;
  // begin(…, fn) and savepoint(…, fn): fn gets the transaction's client, wrapped the same way.
  const wrapped =
    (target: T, key: 'begin' | 'savepoint') =>
    (...args: unknown[]) => {
      const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
      const method = Reflect.get(target, key) as Method;
      return method.call(target, ...args, (tx: postgres.TransactionSql) => fn(preparing(tx)));
    };
  return new Proxy(client, {
    get(target, key) {
      if (key === 'unsafe')
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: true });
      if ((key === 'begin' || key === 'savepoint') && key in target) return wrapped(target, key);
      return Reflect.get(target, key);
    },
  });
}

/** Closes this process's pool (graceful shutdown): running queries get `timeoutS` seconds to end. */
export async function closeDb(timeoutS = 5): Promise<void> {
  const s = globalForDb.portalSql;
  globalForDb.portalSql = undefined;
  globalForDb.portalDb = undefined;
  if (s) await s.end({ timeout: timeoutS });
}

/**
 * Applies the committed drizzle-kit migrations (db/migrations) to DATABASE_URL. Run on every start;
 * already-applied migrations are skipped, so it is idempotent.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function migratePortal(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder: path.join(here, 'migrations') });
  } finally {
    await sql.end();
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

/**
 * Applies the committed migrations. Two sandbox processes may start at once on one database (one per
 * wire front, SANDBOX_FRONTS): a session advisory lock on the one connection serialises them.
 */
export async function migrateSandbox(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(hashtext('rail-sandbox-migrate'))`;
    await migrate(drizzle(sql), {
      migrationsFolder: migrationsFolder(),
      migrationsSchema: 'sandbox',
      migrationsTable: '__migrations',
    });
  } finally {
    await sql.end();
  }
}

/** sandbox/db/migrations, found from this module (sandbox/) or, when compiled, from the working directory. */
function migrationsFolder(): string {
  const candidates = [
    path.join(import.meta.dirname, 'db', 'migrations'),
    path.join(process.cwd(), 'sandbox', 'db', 'migrations'),
  ];
  return candidates.find((d) => fs.existsSync(path.join(d, 'meta', '_journal.json'))) ?? candidates[0]!;
}

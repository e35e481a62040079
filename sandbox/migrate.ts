import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

export async function migrateSandbox(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), {
      migrationsFolder: path.join(import.meta.dirname, 'db', 'migrations'),
      migrationsSchema: 'sandbox',
      migrationsTable: '__migrations',
    });
  } finally {
    await sql.end();
  }
}

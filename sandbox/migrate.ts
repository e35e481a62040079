import fs from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

export async function migrateSandbox(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
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

import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate --config sandbox/drizzle.config.ts`: the sandbox's own tables (schema
// `sandbox`), ours and the accounts engineer's (sandbox/db/*.schema.ts). Applied at sandbox start by
// migrateSandbox (sandbox/migrate.ts), history in sandbox.__migrations.
export default defineConfig({
  dialect: 'postgresql',
  schema: './sandbox/db/*.schema.ts',
  out: './sandbox/db/migrations',
  schemaFilter: ['sandbox'],
  migrations: { schema: 'sandbox', table: '__migrations' },
});

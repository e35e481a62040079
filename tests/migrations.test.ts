/**
 * The committed migrations are up to date with the drizzle schemas: drizzle-kit, asked for the
 * migration from the last committed snapshot to what the schema files declare now, has nothing to
 * write. A schema change without `npm run db:generate` (the portal) or `npx drizzle-kit generate
 * --config sandbox/drizzle.config.ts` (the sandbox) fails here, not on a fresh database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { describe, expect, it } from 'vitest';
import * as portal from '@/db/schema';
import * as accounts from '@/sandbox/db/accounts.schema';
import * as courier from '@/sandbox/db/courier.schema';
import * as juhe from '@/sandbox/db/juhe.schema';
import * as money from '@/sandbox/db/money.schema';
import * as sandboxPayments from '@/sandbox/db/payments.schema';
import * as sandbox from '@/sandbox/db/sandbox.schema';

const ROOT = path.resolve(import.meta.dirname, '..');
// drizzle-kit's own snapshot type does not resolve for the linter (its declarations name optional
// drivers); what this file reads of it is the id.
type Snapshot = { id: string } & Record<string, unknown>;

function lastSnapshot(folder: string): Snapshot {
  const journal = JSON.parse(fs.readFileSync(path.join(ROOT, folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number }[];
  };
  const idx = Math.max(...journal.entries.map((e) => e.idx));
  const file = path.join(ROOT, folder, 'meta', `${String(idx).padStart(4, '0')}_snapshot.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
}

describe('committed migrations', () => {
  it('the portal: db/migrations holds every change of db/schema.ts', async () => {
    const prev = lastSnapshot('db/migrations');
    const now: unknown = generateDrizzleJson({ ...portal }, prev.id, undefined, 'snake_case');
    expect(await generateMigration(prev as never, now as never)).toEqual([]);
  });

  it('the sandbox: sandbox/db/migrations holds every change of sandbox/db/*.schema.ts', async () => {
    const prev = lastSnapshot('sandbox/db/migrations');
    const now: unknown = generateDrizzleJson(
      { ...sandbox, ...accounts, ...money, ...sandboxPayments, ...juhe, ...courier },
      prev.id,
      ['sandbox'],
    );
    expect(await generateMigration(prev as never, now as never)).toEqual([]);
  });
});

import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { describe, expect, it } from 'vitest';
import * as schema from '@/sandbox/db/accounts.schema';
import { ACCOUNTS_TEST_DDL } from './ddl.test-helper';

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('ddl.test-helper.ts', () => {
  it('matches what drizzle-kit generates from sandbox/db/accounts.schema.ts', async () => {
    const generated = await generateMigration(generateDrizzleJson({}), generateDrizzleJson({ ...schema }));
    expect([...ACCOUNTS_TEST_DDL].map(normalize).sort()).toEqual(generated.map(normalize).sort());
  });
});

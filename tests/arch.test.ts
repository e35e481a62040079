/**
 * The architecture check's rules (.dependency-cruiser.cjs, run over the real tree by `npm run arch`)
 * catch what they promise: a small tree written here with one deliberate back-import per rule fails
 * with exactly those rules, and the same tree without them passes.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as IConfiguration;
const dirs: string[] = [];

/** Writes `files` (path → imported paths) as a tree of modules under a new temp folder. */
function tree(files: Record<string, string[]>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'arch-'));
  dirs.push(root);
  for (const [file, imports] of Object.entries(files)) {
    const abs = path.join(root, file);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const lines = imports.map((to, i) => {
      let rel = path.relative(path.dirname(file), to).replace(/\.ts$/, '');
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return `import * as m${i} from '${rel}';\nexport const use${i} = m${i};`;
    });
    fs.writeFileSync(abs, `${lines.join('\n')}\nexport const here = '${file}';\n`);
  }
  return root;
}

async function violations(root: string): Promise<string[]> {
  const cwd = process.cwd();
  process.chdir(root); // the rules' paths are relative to the cruise's base folder
  try {
    const out = await cruise(['.'], { ruleSet: { forbidden: config.forbidden ?? [] }, validate: true });
    const result = out.output as ICruiseResult;
    return result.summary.violations.map((v) => `${v.rule.name} ${v.from} → ${v.to}`).sort();
  } finally {
    process.chdir(cwd);
  }
}

const CLEAN: Record<string, string[]> = {
  'app/page.ts': ['components/card.ts', 'lib/root/jobs.ts'],
  'components/card.ts': ['lib/orders/views.ts'],
  'lib/root/jobs.ts': ['lib/orders/views.ts', 'lib/grab/engine.ts'],
  'lib/grab/engine.ts': ['lib/orders/views.ts'],
  'lib/orders/views.ts': ['db/schema.ts', 'protocol/wire.ts'],
  'db/schema.ts': [],
  'protocol/wire.ts': [],
  'sandbox/server.ts': ['protocol/wire.ts'],
  'tests/support/db.ts': ['db/schema.ts'],
  'scripts/start.ts': ['tests/support/db.ts', 'lib/root/jobs.ts'],
  'lib/provider/registry.ts': ['lib/provider/adapters/panhe/adapter.ts', 'lib/provider/adapters/juhe/adapter.ts'],
  'lib/provider/adapters/panhe/adapter.ts': ['protocol/panhe/wire.ts', 'lib/provider/port.ts'],
  'lib/provider/adapters/juhe/adapter.ts': ['lib/provider/port.ts'],
  'lib/provider/port.ts': [],
  'protocol/panhe/wire.ts': [],
  'lib/search/search.ts': ['lib/provider/registry.ts', 'lib/provider/port.ts'],
};

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('the architecture rules', () => {
  it('pass a tree that keeps to the floors', async () => {
    expect(await violations(tree(CLEAN))).toEqual([]);
  });

  it('fail each deliberate back-import and circle with its own rule', async () => {
    const found = await violations(
      tree({
        ...CLEAN,
        'components/card.ts': ['lib/orders/views.ts', 'app/page.ts'],
        'lib/orders/views.ts': ['db/schema.ts', 'protocol/wire.ts', 'lib/root/jobs.ts'],
        'db/schema.ts': ['lib/orders/views.ts'],
        'sandbox/server.ts': ['protocol/wire.ts', 'lib/orders/views.ts'],
        'lib/orders/views.test.ts': ['scripts/start.ts'],
        'protocol/wire.ts': ['sandbox/server.ts'],
        'lib/search/search.ts': ['lib/provider/registry.ts', 'lib/provider/adapters/panhe/adapter.ts'],
        'lib/provider/adapters/juhe/adapter.ts': ['lib/provider/port.ts', 'lib/provider/adapters/panhe/adapter.ts'],
        'app/page.ts': ['components/card.ts', 'lib/root/jobs.ts', 'protocol/panhe/wire.ts'],
      }),
    );
    const rules = new Set(found.map((v) => v.split(' ')[0]));
    expect([...rules].sort()).toEqual([
      'adapters-apart',
      'adapters-behind-the-port',
      'components-not-app',
      'db-not-up',
      'features-not-root',
      'lib-not-up',
      'no-circular',
      'protocol-imports-nothing-of-ours',
      'sandbox-only-protocol',
      'tests-not-scripts',
      'wire-only-in-adapters',
    ]);
    expect(found).toContain(
      'adapters-apart lib/provider/adapters/juhe/adapter.ts → lib/provider/adapters/panhe/adapter.ts',
    );
    expect(found).toContain('adapters-behind-the-port lib/search/search.ts → lib/provider/adapters/panhe/adapter.ts');
    expect(found).toContain('wire-only-in-adapters app/page.ts → protocol/panhe/wire.ts');
    expect(found).toContain('components-not-app components/card.ts → app/page.ts');
    expect(found).toContain('db-not-up db/schema.ts → lib/orders/views.ts');
    expect(found).toContain('sandbox-only-protocol sandbox/server.ts → lib/orders/views.ts');
    expect(found).toContain('features-not-root lib/orders/views.ts → lib/root/jobs.ts');
  });
});

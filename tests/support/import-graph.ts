/**
 * The app's own import graph as the architecture check (dependency-cruiser, .dependency-cruiser.cjs)
 * resolves it: which pages, route handlers and server action modules reach the agency authorization
 * module (lib/agency/access.ts), so the agency matrix (e2e/agency-matrix.spec.ts) and the isolation
 * test (tests/agency-isolation.int.test.ts) are derived from the source tree and a new page or action
 * cannot slip past them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOT = process.cwd();
const TEST = /\.(test|int\.test|spec)\.tsx?$|\.int\.tsx?$/;

const cruised = await cruise(
  ['app', 'components', 'lib', 'db', 'protocol'],
  {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.next)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' }, // resolves the '@/' alias
  },
  {},
  { tsConfig: extractTSConfig(path.join(ROOT, 'tsconfig.json')) },
);
const MODULES = (cruised.output as ICruiseResult).modules.filter(
  (m) => !m.coreModule && !m.couldNotResolve && !m.source.startsWith('node_modules/') && !TEST.test(m.source),
);
const DEPS = new Map(MODULES.map((m) => [m.source, m.dependencies.map((d) => d.resolved)]));

/** Does `file` import `target` (directly or through other modules of the app)? */
export function reaches(file: string, target: string): boolean {
  const seen = new Set<string>();
  const stack = [file];
  while (stack.length) {
    const f = stack.pop()!;
    if (f === target) return true;
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...(DEPS.get(f) ?? []));
  }
  return false;
}

export const appFiles = (re: RegExp) => [...DEPS.keys()].filter((f) => re.test(f)).sort();
export const isUseServer = (f: string) =>
  /^\s*(\/\*[\s\S]*?\*\/\s*)?['"]use server['"]/.test(fs.readFileSync(path.join(ROOT, f), 'utf8'));

/** 'app/(auth)/x/[id]/page.tsx' -> '/x/[id]' */
export function routeOf(file: string): string {
  const r = file
    .replace(/^app/, '')
    .replace(/\/(page|route)\.tsx?$/, '')
    .replace(/\/\([^)]+\)/g, '');
  return r === '' ? '/' : r;
}

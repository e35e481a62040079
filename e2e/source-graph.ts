/**
 * The app's own import graph, read from the source tree: which pages, route handlers and server
 * action modules reach the agency authorization module (lib/agency/access.ts), so a matrix over them
 * is derived from the file system and a new page or action cannot slip past it.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();
const SKIP = new Set(['node_modules', '.next', '.git', 'e2e', 'tests', 'bench', 'scripts', 'test-results']);

function sourceFiles(dir = ROOT, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name) && dir === ROOT) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !/\.int\.ts$/.test(e.name))
      out.push(path.relative(ROOT, p).split(path.sep).join('/'));
  }
  return out;
}

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = spec.slice(2);
  else if (spec.startsWith('.')) base = path.posix.join(path.posix.dirname(from), spec);
  else return null;
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    const abs = path.join(ROOT, c);
    if (fs.existsSync(abs) && fs.statSync(abs).isFile()) return c;
  }
  return null;
}

const FILES = sourceFiles();
const DEPS = new Map(
  FILES.map((f) => {
    const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
    const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
    return [f, specs.map((s) => resolveImport(f, s)).filter((x): x is string => !!x)];
  }),
);

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

export const appFiles = (re: RegExp) => FILES.filter((f) => re.test(f)).sort();
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

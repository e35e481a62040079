/**
 * The provider sandbox as compiled JavaScript: one ESM bundle of sandbox/server.ts (and the protocol/
 * modules it imports) built with esbuild into .next/sandbox/server.mjs, packages left external. Run
 * with plain `node`, the sandbox no longer carries tsx's loader and its esbuild service (≈ 280 MB RSS
 * through tsx against ≈ 100 MB compiled, measured in bench/results/latest.json). `npm run build`
 * builds it; `npm start` rebuilds it when any input is newer than the bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build, stop } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SANDBOX_BUNDLE = path.join(ROOT, '.next', 'sandbox', 'server.mjs');
const META = path.join(ROOT, '.next', 'sandbox', 'inputs.json');

/** True when the bundle is missing or any file it was built from changed (or vanished) since. */
export function sandboxBundleStale(): boolean {
  if (!fs.existsSync(SANDBOX_BUNDLE) || !fs.existsSync(META)) return true;
  const builtAt = fs.statSync(SANDBOX_BUNDLE).mtimeMs;
  const inputs = JSON.parse(fs.readFileSync(META, 'utf8')) as string[];
  return inputs.some((f) => {
    const p = path.join(ROOT, f);
    return !fs.existsSync(p) || fs.statSync(p).mtimeMs > builtAt;
  });
}

export async function buildSandbox(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'sandbox', 'server.ts')],
    outfile: SANDBOX_BUNDLE,
    absWorkingDir: ROOT,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  fs.writeFileSync(META, JSON.stringify([...inputs, 'tsconfig.json', 'package.json']));
  // esbuild keeps a service process alive for the next build; there is none.
  await stop();
  return SANDBOX_BUNDLE;
}

/** Builds only when stale; returns the bundle's path. */
export async function ensureSandboxBundle(): Promise<string> {
  if (sandboxBundleStale()) await buildSandbox();
  return SANDBOX_BUNDLE;
}

const isMain = !!process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  const t0 = Date.now();
  await buildSandbox();
  console.log(`[sandbox] compiled to ${path.relative(ROOT, SANDBOX_BUNDLE)} in ${Date.now() - t0} ms`);
}
